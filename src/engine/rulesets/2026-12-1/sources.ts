/**
 * The passages 2026.12.1 cites, one constant per passage: the document (by its key; readers see
 * its short title from the bibliography in ../../citations.ts), the section as a reader finds it,
 * and the statute or ruling the passage itself names. Statutes the sources do not name are cited
 * on their own (`{ statute }`), so that a reader can tell our reading from the source's words.
 */
import type { CitationData } from '../../citations.js';

const W = 'knmg-wegwijzer-2014' as const;
const Q = 'vgn-faq-2021' as const;
const P = 'protocol-meldrecht' as const;
const R = 'rvs-studie-2017' as const;
const I = 'werkinstructie-medisch-beroepsgeheim' as const;

const w = (section: string, more: Omit<CitationData, 'document' | 'section'> = {}): CitationData => ({
  document: W,
  section,
  ...more,
});
const q = (question: string, more: Omit<CitationData, 'document' | 'section'> = {}): CitationData => ({
  document: Q,
  section: `vraag ‘${question}’`,
  ...more,
});

export const S = {
  // KNMG-Wegwijzer 2014
  wDilemmasFn4: w('‘Nieuwe dilemma’s: menselijke waardigheid?’, voetnoot 4'),
  wSamenwerking: w('‘Samenwerkingsverbanden’'),
  wRisico: w('‘Risico op schending wettelijke geheimhoudingsplicht zorgprofessionals’'),
  wRisicoFn5: w('‘Risico op schending wettelijke geheimhoudingsplicht zorgprofessionals’, voetnoot 5', {
    ecli: 'ECLI:NL:TGZRSGR:2013:YG2590',
  }),
  wRisicoFn8: w('‘Risico op schending wettelijke geheimhoudingsplicht zorgprofessionals’, voetnoot 8', {
    ecli: 'ECLI:NL:TGZCTG:2011:YG1658',
  }),
  wMogelijkheden: w('‘Mogelijkheden om geheimhouding te doorbreken’'),
  wMogelijkheden457: w('‘Mogelijkheden om geheimhouding te doorbreken’', { statute: 'art. 7:457 lid 2 BW' }),
  wToestemming: w('§1 Toestemming van de patiënt'),
  wToestemmingFn10: w('§1 Toestemming van de patiënt, voetnoot 10', { ecli: 'ECLI:NL:HR:2009:BG5979' }),
  wWettelijk: w('§2 Wettelijke verplichting'),
  wWettelijkWpg: w('§2 Wettelijke verplichting', { statute: 'Wet publieke gezondheid' }),
  wWettelijkBopz: w('§2 Wettelijke verplichting', { statute: 'Wet Bopz' }),
  wWettelijkWlb: w('§2 Wettelijke verplichting', { statute: 'Wet op de lijkbezorging' }),
  wWettelijkFn11: w('§2 Wettelijke verplichting, voetnoot 11', { statute: 'art. 5.2.5 Wmo 2015' }),
  wConflict: w('§3 Conflict van plichten'),
  wConflictFn13: w('§3 Conflict van plichten, voetnoot 13', { ecli: 'ECLI:NL:TGZCTG:2011:YG1658' }),
  wConflictFn14: w('§3 Conflict van plichten, voetnoot 14'),
  wMeldrechten: w('§4 Meldrechten'),
  wVirFn15: w('§4 Meldrechten, voetnoot 15', { statute: 'art. 7.1.4.1 Jeugdwet' }),
  wMeldFn16: w('§4 Meldrechten, voetnoot 16', { statute: 'art. 5.2.6 Wmo 2015' }),
  wInformerenFn17: w('§4 Meldrechten, voetnoot 17'),
  wAdvies: w('‘Advies’'),

  // VGN-FAQ 2021
  qUitzonderingen: q('Zijn er uitzonderingen op de geheimhoudingsplicht?'),
  qWelkeInformatie: q('Welke informatie mag gedeeld worden en met wie?'),
  qOpvolger: q(
    'Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?',
  ),
  qBezwaar: q(
    'Cliënt wil niet dat er informatie wordt gedeeld in samenwerkingsverbanden tussen zorgverleners. Moeten wij dit opvolgen?',
  ),
  qDerden: q(
    'Wanneer mag je informatie delen met derden/anderen over cliënten? Wanneer mag het wel en wanneer niet? Wanneer heb ik toestemming nodig?',
  ),
  qVoogdij: q(
    'Ouder met gezag vraagt inzage in dossier van gezinsbehandeling over zijn kind om informatie over ex-echtgenote te gebruiken in voogdijzaak. Wat kan ik delen met de ouder?',
  ),
  qBelasting: q('Welke gegevens worden wel of niet doorgeven aan de belastingdienst?'),
  qEcd: q(
    'Mogen wij burgerservicenummers (BSN) verzamelen voor cliënten i.v.m. de koppeling Elektronisch Cliëntendossier (ECD)?',
  ),
  qZorgplan: q('Voor een nieuwe indicatie wil de gemeente inzage in het zorgplan. Mag dat?'),
  qDossiercontrole: q('Moeten wij meewerken aan dossiercontrole door de gemeente?', { statute: 'Wmo 2015' }),
  qFinancier: q('Mag een financier toegang hebben tot de dossiers van mijn cliënten?'),
  qAvg: q('Wat zegt die AVG over het verstrekken van gegevens?', { statute: 'art. 5 lid 1 sub c AVG' }),
  qPolitie: q(
    'Moet ik als hulpverlener medewerking verlenen aan informatieverzoeken/vragen van politie of justitie?',
  ),
  qAfgeleid: q("Heeft een persoonlijk begeleider ook zo'n verschoningsrecht? Op grond waarvan?"),
  qBeroepOp: q('Hoe en wanneer zeg ik dat ik een beroep op mijn verschoningsrecht wil doen?'),
  qPerVraag: q('Kan ik het verschoningsrecht per vraag inzetten?'),
  qMondeling: q(
    'Ik heb een (afgeleid) verschoningsrecht, maar ik twijfel om toch mondeling informatie over een cliënt aan de politie door te geven. Mag dat?',
  ),
  qCvpGronden: q(
    'Op welke gronden mag het medisch beroepsgeheim op grond van conflict van plichten worden doorbroken?',
  ),
  qStrafbaar: q(
    'Is een strafbaar feit door een cliënt een reden om op grond van conflict van plichten mijn beroepsgeheim te doorbreken in het geval politie erom vraagt?',
  ),
  qAangifte: q(
    'Heb ik een aangifteplicht als ik weet dat een cliënt die in een zorginstelling verblijft een strafbaar feit heeft gepleegd?',
  ),
  qAmbulant: q(
    'Mag ik informatie aan de politie verstrekken over een ambulante cliënt als ik iets ontoelaatbaars in de thuissituatie opmerk?',
  ),
  qWiet: q('Cliënt heeft thuis een wietplantage, moet ik dat doorgeven aan de politie?'),
  qWapen: q(
    'Wat als een begeleider ter ore komt dat een cliënt die verblijft in een zorginstelling een wapen in zijn bezit heeft, dient dan aangifte gedaan te worden?',
  ),
  qVeiligThuis: q(
    'Vermoeden van huiselijk geweld of kindermishandeling? Doorgeven aan Veilig Thuis of Raad voor Kinderbescherming?',
  ),
  qMeldcode: q(
    'Is een zorgaanbieder verplicht een meldcode huiselijk geweld en kindermishandeling te hebben?',
    {
      statute: 'Wet verplichte meldcode',
    },
  ),
  // The same passage without the statute, for routes: the Wet verplichte meldcode obliges an
  // organisation to have a meldcode; it is no legal basis for sharing (review D6), so a route that
  // cites the meldcode's steps must not list the act in its dossier note's legal basis.
  qMeldcodeSteps: q(
    'Is een zorgaanbieder verplicht een meldcode huiselijk geweld en kindermishandeling te hebben?',
  ),
  qAdvocaat: q(
    'Moet een zorginstelling/hulpverlener medewerking verlenen aan een informatieverzoek over een cliënt afkomstig van een advocaat?',
  ),
  qCvpHandelen: q('Hoe handel ik bij geval van een conflict van plichten?'),

  // Protocol meldrecht
  pMeldrecht: { document: P, section: '‘Beroepsgeheim’', statute: 'art. 5.2.6 Wmo 2015' } as CitationData,
  pUitwisselen: { document: P, section: '‘Uitwisselen van informatie’' } as CitationData,

  // RVS-studie 2017
  rInleiding: { document: R, section: '§1 Inleiding' } as CitationData,
  rRegels: { document: R, section: '§2.1 Inhoud en regels' } as CitationData,
  rRegelsFn11: {
    document: R,
    section: '§2.1 Inhoud en regels, voetnoot 11',
    statute: 'art. 160 Sv',
  } as CitationData,
  rRegelsFn17: { document: R, section: '§2.1 Inhoud en regels, voetnoot 17' } as CitationData,
  rOntwikkelingen: {
    document: R,
    section: '§2.3 Recente ontwikkelingen rondom beroepsgeheim en privacy',
    statute: 'art. 162 Sv',
  } as CitationData,
  rFocus: { document: R, section: '§3.2 Bevindingen uit de focusbijeenkomst' } as CitationData,
  rKennis: { document: R, section: '§4.2 Kennistekort aanpakken' } as CitationData,
  rInformeel: {
    document: R,
    section: '§4.4 Beroepsgeheim in de samenwerking met informele zorgverleners',
  } as CitationData,
  rVerantwoordelijkheid: {
    document: R,
    section: '§4.5 Verantwoordelijkheid in samenwerking',
  } as CitationData,

  // Werkinstructie medisch beroepsgeheim
  iWat: { document: I, section: '‘Wat is een beroepsgeheim?’' } as CitationData,
  iHoe: { document: I, section: '‘Hoe ga ik om met het beroepsgeheim?’' } as CitationData,
  iToestemming: { document: I, section: '§A. Toestemming' } as CitationData,
  iWettelijk: { document: I, section: '§B. Wettelijke grondslag' } as CitationData,
  iWettelijk457: {
    document: I,
    section: '§B. Wettelijke grondslag',
    statute: 'art. 7:457 lid 2 BW',
  } as CitationData,
  iWettelijkJw: {
    document: I,
    section: '§B. Wettelijke grondslag',
    statute: 'art. 7.3.11 lid 4 Jeugdwet',
  } as CitationData,
  iWettelijkWfz: {
    document: I,
    section: '§B. Wettelijke grondslag',
    statute: 'art. 2.6 lid 6 Wfz jo art. 2.3 Bfz',
  } as CitationData,
  iConflict: { document: I, section: '§C. Conflict van plichten' } as CitationData,

  // Statutes the sources do not name in these words (our reading; see docs/rules.md).
  bw465lid3: { statute: 'art. 7:465 lid 3 BW' } as CitationData,
  bw465lid4: { statute: 'art. 7:465 lid 4 BW' } as CitationData,
  big88: {
    document: W,
    section: '‘Samenwerkingsverbanden’, voetnoot 2',
    statute: 'art. 88 Wet BIG',
  } as CitationData,
  wpg22: { statute: 'art. 22 Wpg' } as CitationData,
  wvggz: { statute: 'Wvggz' } as CitationData,
  wzd: { statute: 'Wzd' } as CitationData,
  zvw87: { statute: 'art. 87 lid 1 Zvw' } as CitationData,
  wlz: { statute: 'Wlz' } as CitationData,
  jeugdwet: { statute: 'Jeugdwet' } as CitationData,
  sv160: { statute: 'art. 160 Sv' } as CitationData,
} as const;

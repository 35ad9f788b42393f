/**
 * Ruleset 2026.11.1 — FROZEN. This module is released rule data: recorded weighings are replayed
 * with it, found by its content hash (pinned in test/engine/ruleset-registry.test.ts). Never edit
 * it; copy it to a new module for the next version (see ../README.md).
 *
 * Texts are written in our own words. Sources name the seed text and section (`<file> §<section>`)
 * and, where the source names it, the statute.
 */
import type { RulesetDataInput } from '../schema.js';

const t = (nl: string, en: string) => ({ nl, en });

// --- Sources -------------------------------------------------------------------------------
const W = '000_6cbe88231b9698a9.txt';
const Q = '001_569039bcc9f1de47.txt';
const P = '002_2d5ae8171832921f.txt';
const R = '003_ecc0cf79778dc46a.txt';
const I = '004_e7e5cb167436ebab.txt';

const S = {
  wSamenwerking: `${W} §Samenwerkingsverbanden`,
  wJuristenFn4: `${W} §Nieuwe dilemma’s: menselijke waardigheid? (voetnoot 4)`,
  wRisico: `${W} §Risico op schending wettelijke geheimhoudingsplicht zorgprofessionals`,
  wRisicoFn5: `${W} §Risico op schending wettelijke geheimhoudingsplicht zorgprofessionals (voetnoot 5)`,
  wMogelijkheden: `${W} §Mogelijkheden om geheimhouding te doorbreken`,
  wToestemming: `${W} §1 Toestemming van de patiënt`,
  wWettelijk: `${W} §2 Wettelijke verplichting`,
  wWettelijkFn11: `${W} §2 Wettelijke verplichting (voetnoot 11)`,
  wConflict: `${W} §3 Conflict van plichten`,
  wMeldrechten: `${W} §4 Meldrechten`,
  wVirFn15: `${W} §4 Meldrechten (voetnoot 15)`,
  wMeldFn16: `${W} §4 Meldrechten (voetnoot 16)`,
  wInformerenFn17: `${W} §4 Meldrechten (voetnoot 17)`,
  wAdvies: `${W} §Advies`,
  qUitzonderingen: `${Q} §Zijn er uitzonderingen op de geheimhoudingsplicht?`,
  qWelkeInformatie: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
  qOpvolger: `${Q} §Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?`,
  qBezwaar: `${Q} §Cliënt wil niet dat er informatie wordt gedeeld in samenwerkingsverbanden tussen zorgverleners. Moeten wij dit opvolgen?`,
  qDerden: `${Q} §Wanneer mag je informatie delen met derden/anderen over cliënten? Wanneer mag het wel en wanneer niet? Wanneer heb ik toestemming nodig?`,
  qVoogdij: `${Q} §Ouder met gezag vraagt inzage in dossier van gezinsbehandeling over zijn kind om informatie over ex-echtgenote te gebruiken in voogdijzaak. Wat kan ik delen met de ouder?`,
  qBelasting: `${Q} §Welke gegevens worden wel of niet doorgeven aan de belastingdienst?`,
  qEcd: `${Q} §Mogen wij burgerservicenummers (BSN) verzamelen voor cliënten i.v.m. de koppeling Elektronisch Cliëntendossier (ECD)?`,
  qZorgplan: `${Q} §Voor een nieuwe indicatie wil de gemeente inzage in het zorgplan. Mag dat?`,
  qDossiercontrole: `${Q} §Moeten wij meewerken aan dossiercontrole door de gemeente?`,
  qFinancier: `${Q} §Mag een financier toegang hebben tot de dossiers van mijn cliënten?`,
  qAvg: `${Q} §Wat zegt die AVG over het verstrekken van gegevens?`,
  qPolitie: `${Q} §Moet ik als hulpverlener medewerking verlenen aan informatieverzoeken/vragen van politie of justitie?`,
  qAfgeleid: `${Q} §Heeft een persoonlijk begeleider ook zo'n verschoningsrecht? Op grond waarvan?`,
  qBeroepOp: `${Q} §Hoe en wanneer zeg ik dat ik een beroep op mijn verschoningsrecht wil doen?`,
  qPerVraag: `${Q} §Kan ik het verschoningsrecht per vraag inzetten?`,
  qMondeling: `${Q} §Ik heb een (afgeleid) verschoningsrecht, maar ik twijfel om toch mondeling informatie over een cliënt aan de politie door te geven. Mag dat?`,
  qCvpGronden: `${Q} §Op welke gronden mag het medisch beroepsgeheim op grond van conflict van plichten worden doorbroken?`,
  qStrafbaar: `${Q} §Is een strafbaar feit door een cliënt een reden om op grond van conflict van plichten mijn beroepsgeheim te doorbreken in het geval politie erom vraagt?`,
  qAangifte: `${Q} §Heb ik een aangifteplicht als ik weet dat een cliënt die in een zorginstelling verblijft een strafbaar feit heeft gepleegd?`,
  qAmbulant: `${Q} §Mag ik informatie aan de politie verstrekken over een ambulante cliënt als ik iets ontoelaatbaars in de thuissituatie opmerk?`,
  qWiet: `${Q} §Cliënt heeft thuis een wietplantage, moet ik dat doorgeven aan de politie?`,
  qWapen: `${Q} §Wat als een begeleider ter ore komt dat een cliënt die verblijft in een zorginstelling een wapen in zijn bezit heeft, dient dan aangifte gedaan te worden?`,
  qVeiligThuis: `${Q} §Vermoeden van huiselijk geweld of kindermishandeling? Doorgeven aan Veilig Thuis of Raad voor Kinderbescherming?`,
  qMeldcode: `${Q} §Is een zorgaanbieder verplicht een meldcode huiselijk geweld en kindermishandeling te hebben?`,
  qAdvocaat: `${Q} §Moet een zorginstelling/hulpverlener medewerking verlenen aan een informatieverzoek over een cliënt afkomstig van een advocaat?`,
  qCvpHandelen: `${Q} §Hoe handel ik bij geval van een conflict van plichten?`,
  pMeldrecht: `${P} §Beroepsgeheim`,
  pUitwisselen: `${P} §Uitwisselen van informatie`,
  rInleiding: `${R} §1 Inleiding`,
  rRegels: `${R} §2.1 Inhoud en regels`,
  rOntwikkelingen: `${R} §2.3 Recente ontwikkelingen rondom beroepsgeheim en privacy`,
  rFocus: `${R} §3.2 Bevindingen uit de focusbijeenkomst`,
  rInformeel: `${R} §4.4 Beroepsgeheim in de samenwerking met informele zorgverleners`,
  rVerantwoordelijkheid: `${R} §4.5 Verantwoordelijkheid in samenwerking`,
  iWat: `${I} §Wat is een beroepsgeheim?`,
  iHoe: `${I} §Hoe ga ik om met het beroepsgeheim?`,
  iToestemming: `${I} §A. Toestemming`,
  iWettelijk: `${I} §B. Wettelijke grondslag`,
  iConflict: `${I} §C. Conflict van plichten`,
  // statutes
  bw457: 'art. 7:457 lid 2 BW',
  wmo525: 'art. 5.2.5 Wmo 2015',
  wmo526: 'art. 5.2.6 Wmo 2015',
  wmo: 'Wmo 2015',
  jw7311: 'art. 7.3.11 lid 4 Jeugdwet',
  jw7141: 'art. 7.1.4.1 Jeugdwet',
  wfz: 'art. 2.6 lid 6 Wfz jo art. 2.3 Bfz',
  sv160: 'art. 160 Sv',
  sv162: 'art. 162 Sv',
  big88: 'art. 88 Wet BIG',
  avg5: 'art. 5 lid 1 sub c AVG',
  wpg: 'Wet publieke gezondheid',
  wlb: 'Wet op de lijkbezorging',
  wvggz: 'Wvggz',
  meldcodeWet: 'Wet verplichte meldcode',
} as const;

// --- Groups of vocabulary values ----------------------------------------------------------------
/** Listed in the sources as not directly involved in the treatment (plus the GP after referral). */
const NOT_DIRECTLY_INVOLVED = [
  'general_practitioner',
  'other_professional',
  'social_neighbourhood_team',
  'police',
  'public_prosecutor',
  'municipality',
  'school_attendance_officer',
  'school',
  'housing_corporation',
  'safety_house',
  'informal_carer',
  'lawyer',
  'tax_authority',
  'insurer_or_funder',
  'employer',
];
/** Parties that typically press for information and should state a legal basis in writing. */
const REQUESTERS = [
  'police',
  'public_prosecutor',
  'municipality',
  'safety_house',
  'social_neighbourhood_team',
  'school_attendance_officer',
  'school',
  'housing_corporation',
  'tax_authority',
  'insurer_or_funder',
  'employer',
  'lawyer',
];
/** Professions with a verschoningsrecht of their own according to the sources. */
const PRIVILEGED = [
  'general_practitioner',
  'medical_specialist',
  'psychiatrist',
  'nurse',
  'probation_officer',
];
const CARE_PURPOSES = [
  'continuity_of_care',
  'handover',
  'case_consultation',
  'child_safety',
  'domestic_violence',
  'preventing_serious_harm',
];
const CONFLICT_PURPOSES = [
  'preventing_serious_harm',
  'child_safety',
  'domestic_violence',
  'crime_investigation',
  'case_consultation',
  'continuity_of_care',
  'other',
];
const MINORS = ['under_12', '12_to_15', '16_to_17'];
const REPRESENTATIVE_ROUTES = [
  'representative.child_under_12',
  'representative.child_12_to_15',
  'representative.incapable_client',
];
const JUSTICE = ['police', 'public_prosecutor'];

const yes = (answer: string) => ({ answer, is: true });
const no = (answer: string) => ({ answer, is: false });
/** True only when answered true; unanswered counts as false (for obligations). */
const yesOnly = (answer: string) => ({ answer, is: true, ifUnanswered: false });

export const ruleset_2026_11_1: RulesetDataInput = {
  schemaVersion: 1,
  version: '2026.11.1',
  released: '2026-11-23',
  description: t(
    'Eerste regelset: de gronden voor het doorbreken van het beroepsgeheim, meldrechten, minimalisatie en verplichtingen volgens de vijf bronteksten.',
    'First ruleset: the grounds for breaking professional secrecy, reporting rights, minimisation and obligations according to the five source texts.',
  ),
  groundPrecedence: [
    'direct_involvement',
    'representative',
    'consent',
    'reporting_right',
    'conflict_of_duties',
  ],
  acuteDangerRule: 'danger.acute',

  labels: {
    decisions: {
      required: t('verplicht delen', 'must share'),
      allowed: t('delen toegestaan', 'sharing allowed'),
      not_allowed: t('niet delen', 'do not share'),
      needs_more_information: t('meer informatie nodig', 'more information needed'),
    },
    grounds: {
      legal_obligation: t('wettelijke plicht', 'legal obligation'),
      direct_involvement: t(
        'rechtstreeks betrokken bij de behandeling',
        'directly involved in the treatment',
      ),
      representative: t('vertegenwoordiger', 'representative'),
      consent: t('toestemming', 'consent'),
      reporting_right: t('meldrecht', 'reporting right'),
      conflict_of_duties: t('conflict van plichten', 'conflict of duties'),
      none: t('geen grond', 'no ground'),
    },
    recipients: {
      treating_professional: t(
        'behandelaar binnen dezelfde behandelovereenkomst',
        'professional in the same treatment agreement',
      ),
      substitute: t('waarnemer of vervanger', 'substitute (stand-in)'),
      successor_same_institution: t(
        'opvolger binnen dezelfde instelling',
        'successor within the same institution',
      ),
      successor_other_institution: t(
        'opvolger bij een andere instelling',
        'successor at another institution',
      ),
      general_practitioner: t(
        'huisarts (buiten de huidige behandeling)',
        'GP (outside the current treatment)',
      ),
      other_professional: t(
        'andere professional buiten de behandeling',
        'other professional outside the treatment',
      ),
      social_neighbourhood_team: t('sociaal wijkteam', 'social neighbourhood team'),
      representative: t('wettelijk vertegenwoordiger', 'legal representative'),
      family_guardian: t('gezinsvoogd', 'family guardian (gezinsvoogd)'),
      probation_service: t('reclassering', 'probation service'),
      veilig_thuis: t(
        'Veilig Thuis',
        'Veilig Thuis (domestic violence and child abuse advice and reporting centre)',
      ),
      child_protection_board: t('Raad voor de Kinderbescherming', 'Child Protection Board'),
      risk_youth_index: t('Verwijsindex risicojongeren', 'risk youth index (VIR)'),
      public_health_service: t('GGD', 'public health service (GGD)'),
      police: t('politie of wijkagent', 'police or community officer'),
      public_prosecutor: t(
        'Openbaar Ministerie of rechter-commissaris',
        'public prosecutor or examining judge',
      ),
      municipality: t('gemeente', 'municipality'),
      school_attendance_officer: t('leerplichtambtenaar', 'school attendance officer'),
      school: t('school of leerkracht', 'school or teacher'),
      housing_corporation: t('woningcorporatie', 'housing corporation'),
      safety_house: t('Zorg- en Veiligheidshuis (casusoverleg)', 'Safety House (case meeting)'),
      informal_carer: t(
        'mantelzorger, vrijwilliger of familielid',
        'informal carer, volunteer or family member',
      ),
      lawyer: t('advocaat', 'lawyer'),
      tax_authority: t('Belastingdienst', 'tax authority'),
      insurer_or_funder: t(
        'zorgverzekeraar, financier of subsidiegever',
        'insurer, funder or subsidy provider',
      ),
      employer: t('werkgever', 'employer'),
      other: t('andere ontvanger', 'other recipient'),
    },
    purposes: {
      continuity_of_care: t('continuïteit van zorg', 'continuity of care'),
      handover: t('overdracht', 'handover'),
      case_consultation: t('casusoverleg', 'case consultation'),
      eligibility_assessment: t(
        'indicatie of beoordeling van een voorziening of uitkering',
        'assessment of eligibility for support or benefits',
      ),
      financial_audit: t('financiële controle', 'financial audit'),
      child_safety: t('veiligheid van een kind', 'safety of a child'),
      domestic_violence: t('huiselijk geweld', 'domestic violence'),
      preventing_serious_harm: t('voorkomen van ernstige schade', 'preventing serious harm'),
      crime_investigation: t('opsporing of strafbaar feit', 'criminal investigation or offence'),
      supervision_order: t('ondertoezichtstelling', 'supervision order'),
      probation_compliance: t(
        'naleving van voorwaarden (reclassering)',
        'compliance with conditions (probation)',
      ),
      infectious_disease_notification: t('melding infectieziekte', 'notification of an infectious disease'),
      death_notification: t('melding overlijden', 'notification of death'),
      compulsory_care_notification: t('melding verplichte zorg', 'notification of compulsory care'),
      legal_proceedings: t('juridische procedure', 'legal proceedings'),
      tax: t('belastingzaken', 'tax matters'),
      risk_youth_signal: t('signaal Verwijsindex', 'risk youth index signal'),
      other: t('ander doel', 'other purpose'),
    },
    categories: {
      identity_and_contact: t('identiteit en contactgegevens', 'identity and contact details'),
      care_relationship: t('het feit dat de cliënt in zorg is', 'the fact that the client is in care'),
      attendance: t('aanwezigheid en opkomst', 'attendance'),
      diagnosis: t('diagnose', 'diagnosis'),
      treatment: t('behandeling (plan, voortgang, behandeltrouw)', 'treatment (plan, progress, adherence)'),
      medication: t('medicatie', 'medication'),
      mental_health: t('psychische gezondheid', 'mental health'),
      addiction: t('verslaving', 'addiction'),
      safety_signals: t(
        'signalen over veiligheid (mishandeling, geweld, dreiging)',
        'safety signals (abuse, violence, threat)',
      ),
      social_circumstances: t('sociale omstandigheden', 'social circumstances'),
      financial: t('financiële gegevens', 'financial information'),
      criminal_justice: t('strafrechtelijke gegevens', 'criminal-justice information'),
      third_party_information: t(
        'gegevens over anderen dan de cliënt',
        'information about people other than the client',
      ),
      administrative: t(
        'administratieve gegevens (inschrijving, getekende overeenkomsten en plannen, zonder inhoud)',
        'administrative items (registration, signed agreements and plans, no content)',
      ),
      full_record: t('het volledige dossier', 'the full record'),
    },
  },

  phrases: {
    yes: t('ja', 'yes'),
    no: t('nee', 'no'),
    none: t('geen', 'none'),
    notApplicable: t(
      '{title}: niet van toepassing op deze ontvanger, dit doel of deze cliënt.',
      '{title}: does not apply to this recipient, purpose or client.',
    ),
    unanswered: t(
      '{title}: nog niet te beoordelen, want er ontbreken antwoorden.',
      '{title}: cannot be judged yet because answers are missing.',
    ),
    notNeeded: t(
      '{title}: niet beoordeeld, omdat geen toepasselijke regel het nodig had.',
      '{title}: not assessed, because no applicable rule needed it.',
    ),
    obligationNotTriggered: t(
      'Verplichting {id}: hier niet aan de orde.',
      'Obligation {id}: not called for here.',
    ),
    explanation: {
      required: t(
        'Je bent verplicht te delen op grond van {ground} ({title}). {met} Toestemming is niet nodig; deel alleen wat nodig en relevant is en laat de cliënt weten dat je deelt.',
        'You are obliged to share on the ground of {ground} ({title}). {met} Consent is not needed; share only what is necessary and relevant, and let the client know that you share.',
      ),
      allowed: t(
        'Delen mag op grond van {ground} ({title}). {met} Je bent niet verplicht: weeg zelf of delen in het belang van de cliënt en van goede zorg is, en deel alleen wat voor het doel nodig is.',
        'Sharing is allowed on the ground of {ground} ({title}). {met} You are not obliged to: weigh whether sharing serves the client and good care, and share only what the purpose needs.',
      ),
      needsMoreInformation: t(
        'Nog geen besluit mogelijk: {count} vraag of vragen kunnen de uitkomst nog bepalen (mogelijke grond: {grounds}). Deel niets zolang ze open staan.',
        'No decision yet: {count} question(s) can still decide the outcome (possible ground: {grounds}). Share nothing while they are open.',
      ),
      notAllowed: t(
        'Niet delen: met de gegeven antwoorden is er geen enkele grond om het beroepsgeheim te doorbreken. Wie toch deelt, schendt het beroepsgeheim en loopt tuchtrechtelijk, civiel- en strafrechtelijk risico.',
        'Do not share: on the answers given there is no ground at all to break professional secrecy. Sharing anyway breaches secrecy and risks disciplinary, civil and criminal liability.',
      ),
    },
    note: {
      heading: t('Afweging beroepsgeheim', 'Professional secrecy weighing'),
      date: t('Datum van de afweging', 'Date of the weighing'),
      recipient: t('Ontvanger', 'Recipient'),
      purpose: t('Doel', 'Purpose'),
      requested: t('Gevraagde informatie', 'Information requested'),
      decision: t('Besluit', 'Decision'),
      ground: t('Grond', 'Ground'),
      legalBasis: t('Wettelijke basis', 'Legal basis'),
      acuteDanger: t(
        'Acuut gevaar: 112 of de politie is direct ingeschakeld of moet direct worden ingeschakeld.',
        'Acute danger: 112 or the police has been or must be called at once.',
      ),
      answers: t('Antwoorden die de afweging bepaalden', 'Answers that decided the weighing'),
      share: t('Wordt gedeeld', 'Shared'),
      withhold: t('Wordt niet gedeeld', 'Withheld'),
      missing: t('Nog te beantwoorden', 'Still to be answered'),
      obligations: t('Verplichtingen', 'Obligations'),
      ruleset: t('Regelset', 'Ruleset'),
    },
  },

  // --- Questions, in the order a professional should answer them ------------------------------
  questions: [
    {
      id: 'danger.acute',
      type: 'boolean',
      text: t(
        'Is er op dit moment acuut gevaar voor iemands leven of veiligheid?',
        'Is there acute danger to someone’s life or safety right now?',
      ),
      help: t(
        'Bijvoorbeeld direct gevaar voor een kind, of bij huiselijk geweld dreigend zwaar letsel of de dood van een volwassene. Dan gaan de vaste stappen niet voor: bel 112 of de politie.',
        'For example immediate danger to a child, or in domestic violence imminent severe injury or death of an adult. The usual steps then give way: call 112 or the police.',
      ),
      sources: [S.wConflict, S.pUitwisselen],
    },
    {
      id: 'recipient.directlyInvolved',
      type: 'boolean',
      text: t(
        'Werkt de ontvanger rechtstreeks mee aan het uitvoeren van dezelfde behandel- of zorgovereenkomst?',
        'Does the recipient take part directly in carrying out the same treatment or care agreement?',
      ),
      help: t(
        'Alleen wie als functionele eenheid aan hetzelfde behandeldoel werkt, telt mee. Politie, wijkagent, leerplichtambtenaar, woningcorporatie, leerkracht, gemeenteambtenaren, mantelzorgers en andere afdelingen van dezelfde organisatie horen er niet bij.',
        'Only those working as one functional unit towards the same treatment aim count. Police, community officer, attendance officer, housing corporation, teacher, municipal officials, informal carers and other units of the same organisation do not.',
      ),
      sources: [S.wMogelijkheden, S.rRegels, S.bw457],
    },
    {
      id: 'client.objects',
      type: 'boolean',
      text: t(
        'Maakt de cliënt (of een kind van 12 tot 16 jaar) bezwaar tegen deze gegevensdeling?',
        'Does the client (or a child aged 12 to 15) object to this sharing?',
      ),
      help: t(
        'Een bezwaar van de cliënt volg je in beginsel, ook binnen de behandeling.',
        'As a rule you follow the client’s objection, also within the treatment.',
      ),
      sources: [S.qBezwaar, S.qWelkeInformatie],
    },
    {
      id: 'care.goodCaregiverRequiresSharing',
      type: 'boolean',
      text: t(
        'Zou je, als je niet deelt, niet meer handelen als een goed hulpverlener?',
        'Would not sharing mean that you no longer act as a good caregiver?',
      ),
      help: t(
        'Alleen dan mag je binnen de behandeling tegen het bezwaar van de cliënt in delen. Leg uit waarom in het dossier.',
        'Only then may you share within the treatment despite the client’s objection. Record why in the client record.',
      ),
      sources: [S.qBezwaar],
    },
    {
      id: 'client.competentToObject',
      type: 'boolean',
      text: t(
        'Is het kind van 12 tot 16 jaar volgens jouw beoordeling in staat hierover zelf te beslissen?',
        'In your judgement, can the child aged 12 to 15 decide this matter?',
      ),
      help: t(
        'Maakt een kind van 12 tot 16 bezwaar tegen inzage door de ouders, dan beoordeel je of het kind daarover kan beslissen.',
        'When a child aged 12 to 15 objects to the parents seeing the record, you judge whether the child can decide this.',
      ),
      sources: [S.qWelkeInformatie],
    },
    {
      id: 'client.incapableOnThisMatter',
      type: 'boolean',
      text: t(
        'Is de cliënt wilsonbekwaam ter zake van deze gegevensdeling?',
        'Is the client incapable of deciding on this sharing (wilsonbekwaam ter zake)?',
      ),
      help: t(
        'Alleen nodig als de wilsbekwaamheid in de aanvraag als onbekend staat. Bij wilsonbekwaamheid ter zake beslist de vertegenwoordiger; anders beslist de cliënt zelf.',
        'Only needed when capacity is given as unknown in the request. If the client is incapable on this matter the representative decides; otherwise the client does.',
      ),
      sources: [S.qWelkeInformatie],
    },
    {
      id: 'legal.notifiableDisease',
      type: 'boolean',
      text: t(
        'Heb je een meldingsplichtige infectieziekte vastgesteld?',
        'Have you diagnosed a notifiable infectious disease?',
      ),
      help: t(
        'De Wet publieke gezondheid verplicht dan tot melding aan de GGD.',
        'The Public Health Act then obliges notification to the GGD.',
      ),
      sources: [S.wWettelijk, S.wpg],
    },
    {
      id: 'legal.compulsoryCare',
      type: 'boolean',
      text: t(
        'Wordt bij de cliënt verplichte zorg toegepast waarvan de wet melding voorschrijft?',
        'Is compulsory care being applied to the client of which the law requires notification?',
      ),
      help: t(
        'De bron noemt de melding van dwangbehandeling (toen Wet Bopz, nu Wet verplichte ggz).',
        'The source names notification of compulsory treatment (then the Bopz Act, now the Wvggz).',
      ),
      sources: [S.wWettelijk, S.wvggz],
    },
    {
      id: 'legal.supervisionOrder',
      type: 'boolean',
      text: t(
        'Staat de minderjarige cliënt onder toezicht (ondertoezichtstelling)?',
        'Is the minor client under a supervision order (ondertoezichtstelling)?',
      ),
      help: t(
        'Dan moet je de gezinsvoogd op diens verzoek informeren over wat nodig is voor het toezicht.',
        'You must then inform the family guardian, on request, of what the supervision needs.',
      ),
      sources: [S.iWettelijk, S.wWettelijk, S.jw7311],
    },
    {
      id: 'request.byRecipient',
      type: 'boolean',
      text: t(
        'Heeft de ontvanger zelf om deze informatie gevraagd?',
        'Did the recipient itself ask for this information?',
      ),
      help: t(
        'De informatieplicht tegenover de gezinsvoogd geldt op verzoek; op eigen initiatief delen vraagt een andere grond.',
        'The duty towards the family guardian applies on request; sharing on your own initiative needs another ground.',
      ),
      sources: [S.wWettelijk, S.jw7311],
    },
    {
      id: 'legal.criminalTitle',
      type: 'boolean',
      text: t(
        'Vindt de behandeling plaats in het kader van een strafrechtelijke titel?',
        'Does the treatment take place under a criminal-law title?',
      ),
      help: t(
        'Dan moet je de reclassering informeren over de behandeltrouw (niet over de inhoud van de behandeling).',
        'You must then inform the probation service about treatment adherence (not about the content of the treatment).',
      ),
      sources: [S.iWettelijk, S.wfz],
    },
    {
      id: 'legal.wmoMedicalRequest',
      type: 'boolean',
      text: t(
        'Vraagt de gemeente de medische gegevens op grond van artikel 5.2.5 Wmo 2015?',
        'Does the municipality request the medical information under article 5.2.5 of the Wmo 2015?',
      ),
      help: t(
        'Die plicht geldt alleen als de cliënt ondubbelzinnig en vrij toestemming heeft gegeven. Vraagt de gemeente op een andere grondslag, bijvoorbeeld voor een uitkering, dan is alleen toestemming een route.',
        'That duty applies only when the client has given unambiguous, freely given consent. If the municipality asks on another basis, for example for benefits, consent is the only route.',
      ),
      sources: [S.wWettelijkFn11, S.wmo525],
    },
    {
      id: 'legal.wmoFileCheck',
      type: 'boolean',
      text: t(
        'Gaat het om een dossiercontrole door de gemeente naar de financiële rechtmatigheid van Wmo-zorg?',
        'Is this a file check by the municipality of the financial legitimacy of care funded under the Wmo?',
      ),
      help: t(
        'Bij zo’n controle mag de gemeente administratieve onderdelen inzien (legitimatie, tijdige aanmelding, getekende overeenkomst en cliëntplan, bewijs van dagbesteding), niet de inhoud van de zorg.',
        'In such a check the municipality may see administrative items (ID, timely registration, signed agreement and client plan, proof of day activities), not the content of the care.',
      ),
      sources: [S.qDossiercontrole, S.wmo],
    },
    {
      id: 'crime.kind',
      type: 'enum',
      options: [
        { value: 'weapon', text: t('een wapen', 'a weapon') },
        {
          value: 'cannabis_plantation',
          text: t('een wietplantage of softdrugs', 'a cannabis plantation or soft drugs'),
        },
        {
          value: 'minor_offence',
          text: t(
            'een licht (vermogens)delict zoals diefstal, heling of belastingontduiking',
            'a minor (property) offence such as theft, handling stolen goods or tax evasion',
          ),
        },
        {
          value: 'serious_crime',
          text: t('een ernstig misdrijf of gevaar voor anderen', 'a serious crime or danger to others'),
        },
        {
          value: 'grave_crime',
          text: t(
            'een gepleegd misdrijf tegen het leven, verkrachting, ontvoering of een misdrijf tegen de staatsveiligheid',
            'a committed crime against life, rape, kidnapping or a crime against state security',
          ),
        },
      ],
      text: t(
        'Om wat voor strafbaar feit gaat het in dit verzoek van politie of justitie?',
        'What kind of offence is this police or justice request about?',
      ),
      help: t(
        'Een wietplantage of licht delict rechtvaardigt geen doorbreking. Een wapen mag je afgeven zonder de herkomst te noemen. Bij een ernstig misdrijf kan een conflict van plichten ontstaan.',
        'A cannabis plantation or minor offence does not justify breaking secrecy. A weapon may be handed in without naming its origin. A serious crime can create a conflict of duties.',
      ),
      sources: [S.qWiet, S.qWapen, S.qAmbulant, S.qAangifte],
    },
    {
      id: 'crime.privilegedPersonInvolved',
      type: 'boolean',
      text: t(
        'Werkt er in je instelling of aan deze zaak iemand met een verschoningsrecht (bijvoorbeeld een arts) van wie jij een afgeleid verschoningsrecht hebt?',
        'Does someone with a verschoningsrecht (for example a doctor) work in your institution or on this case, from whom you derive a verschoningsrecht?',
      ),
      help: t(
        'Zonder verschoningsgerechtigde is er aangifteplicht bij de zwaarste misdrijven (tegen het leven, verkrachting, ontvoering, staatsveiligheid).',
        'Without anyone holding the privilege there is a duty to report the gravest crimes (against life, rape, kidnapping, state security).',
      ),
      sources: [S.qAangifte, S.qAfgeleid, S.sv160],
    },
    {
      id: 'consent.given',
      type: 'boolean',
      text: t(
        'Is er toestemming gegeven voor deze gegevensdeling?',
        'Has consent been given for this sharing?',
      ),
      help: t(
        'Vraag toestemming in beginsel vooraf, en geef de cliënt zo nodig enkele dagen bedenktijd.',
        'As a rule ask for consent beforehand, and give the client a few days to think if needed.',
      ),
      sources: [S.wToestemming, S.iToestemming],
    },
    {
      id: 'consent.givenBy',
      type: 'enum',
      options: [
        { value: 'client', text: t('de cliënt zelf', 'the client') },
        { value: 'representative', text: t('de wettelijk vertegenwoordiger', 'the legal representative') },
      ],
      text: t('Wie heeft de toestemming gegeven?', 'Who gave the consent?'),
      help: t(
        'De vertegenwoordiger kan alleen toestemming geven voor een kind jonger dan 12 of een cliënt die wilsonbekwaam is ter zake; anders moet de cliënt zelf toestemmen.',
        'The representative can only consent for a child under 12 or a client who is incapable on the matter; otherwise the client must consent.',
      ),
      sources: [S.qWelkeInformatie, S.qUitzonderingen],
    },
    {
      id: 'consent.informed',
      type: 'boolean',
      text: t(
        'Weet de cliënt welke informatie met wie en waarom wordt gedeeld?',
        'Does the client know which information is shared, with whom and why?',
      ),
      help: t(
        'Toestemming telt alleen als de cliënt kan overzien waarvoor hij tekent.',
        'Consent counts only if the client can oversee what it covers.',
      ),
      sources: [S.iToestemming, S.wToestemming],
    },
    {
      id: 'consent.specific',
      type: 'boolean',
      text: t(
        'Gaat de toestemming over deze informatie, dit doel en deze ontvanger (en is het geen algemeen toestemmingsformulier)?',
        'Is the consent limited to this information, purpose and recipient (and not a blanket form)?',
      ),
      help: t(
        'Een eenmalige handtekening “voor alles”, zoals sommige gemeenten vragen, is geen geldige toestemming: toestemming is geen vrijbrief.',
        'A one-off signature “for everything”, as some municipalities ask, is not valid consent: consent is not a free pass.',
      ),
      sources: [S.rFocus, S.iToestemming],
    },
    {
      id: 'consent.freelyGiven',
      type: 'boolean',
      text: t(
        'Is de toestemming vrij gegeven, zonder druk en zonder afhankelijkheid van de ontvanger?',
        'Was consent freely given, without pressure and without dependency on the recipient?',
      ),
      help: t(
        'Vraagt de instantie waarvan de cliënt afhankelijk is (gemeente, uitkeringsinstantie, werkgever) zelf om toestemming, dan is die vaak niet vrij.',
        'When the body the client depends on (municipality, benefits agency, employer) asks for consent itself, it is often not free.',
      ),
      sources: [S.rFocus, S.rVerantwoordelijkheid, S.iToestemming],
    },
    {
      id: 'consent.form',
      type: 'enum',
      options: [
        { value: 'written', text: t('schriftelijk', 'in writing') },
        { value: 'oral', text: t('mondeling', 'orally') },
      ],
      text: t(
        'Is de toestemming schriftelijk of mondeling gegeven?',
        'Was consent given in writing or orally?',
      ),
      help: t(
        'Schriftelijk heeft de voorkeur. Een opvolger bij een andere instelling krijgt het dossier alleen met schriftelijke toestemming.',
        'Written consent is preferred. A successor at another institution receives the record only with written consent.',
      ),
      sources: [S.iToestemming, S.qOpvolger],
    },
    {
      id: 'consent.recorded',
      type: 'boolean',
      text: t(
        'Is de mondelinge toestemming duidelijk vastgelegd in het dossier?',
        'Is the oral consent clearly recorded in the client record?',
      ),
      help: t(
        'Mondelinge toestemming telt alleen als je haar vastlegt.',
        'Oral consent counts only when you record it.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.validUntil',
      type: 'date',
      text: t(
        'Tot welke datum geldt de toestemming (indien beperkt)?',
        'Until which date is the consent valid (if limited)?',
      ),
      help: t(
        'Laat leeg als er geen einddatum is. Verlopen toestemming is geen toestemming.',
        'Leave empty when there is no end date. Expired consent is no consent.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'report.suspicion',
      type: 'enum',
      options: [
        { value: 'child_abuse', text: t('kindermishandeling', 'child abuse') },
        { value: 'domestic_violence', text: t('huiselijk geweld', 'domestic violence') },
        { value: 'none', text: t('geen van beide', 'neither') },
      ],
      text: t(
        'Welk vermoeden wil je melden of bespreken?',
        'Which suspicion do you want to report or discuss?',
      ),
      help: t(
        'Zekerheid is niet nodig: een melding is bedoeld om een vermoeden te laten onderzoeken.',
        'Certainty is not needed: a report exists to have a suspicion investigated.',
      ),
      sources: [S.pMeldrecht, S.wMeldrechten],
    },
    {
      id: 'report.requestedByRecipient',
      type: 'boolean',
      text: t(
        'Heeft Veilig Thuis of de Raad voor de Kinderbescherming in een onderzoek zelf om deze informatie gevraagd?',
        'Did Veilig Thuis or the Child Protection Board ask for this information in an investigation?',
      ),
      help: t(
        'Het meldrecht dekt ook het beantwoorden van zo’n verzoek. Weeg wel welke informatie relevant is.',
        'The reporting right also covers answering such a request. Do weigh which information is relevant.',
      ),
      sources: [S.pMeldrecht, S.qVeiligThuis],
    },
    {
      id: 'report.youthAtRisk',
      type: 'boolean',
      text: t(
        'Heb je een redelijk vermoeden dat de jongere wordt bedreigd in een gezonde en veilige ontwikkeling?',
        'Do you reasonably suspect that the young person’s healthy and safe development is threatened?',
      ),
      help: t(
        'Dat is het criterium voor een signaal in de Verwijsindex risicojongeren. Het signaal bevat geen inhoud, alleen wie betrokken is.',
        'That is the criterion for a signal in the risk youth index. The signal holds no content, only who is involved.',
      ),
      sources: [S.wVirFn15, S.jw7141],
    },
    {
      id: 'report.meldcodeFollowed',
      type: 'boolean',
      text: t(
        'Heb je de stappen van de meldcode gezet, waaronder (geanonimiseerd) overleg met een collega of met Veilig Thuis?',
        'Have you taken the steps of the reporting code, including (anonymised) consultation with a colleague or Veilig Thuis?',
      ),
      help: t(
        'Stappen: signalen in kaart brengen, collega en/of Veilig Thuis raadplegen, met de cliënt praten, wegen, beslissen.',
        'Steps: map the signals, consult a colleague and/or Veilig Thuis, talk with the client, weigh, decide.',
      ),
      sources: [S.wMeldrechten, S.qMeldcode, S.meldcodeWet],
    },
    {
      id: 'report.realRiskOfHarm',
      type: 'boolean',
      text: t(
        'Is er een reële kans op schade die je met vrijwillige hulp niet meer kunt afwenden?',
        'Is there a real risk of harm that voluntary help can no longer avert?',
      ),
      help: t(
        'Dit is het criterium bij kinderen, en bij een volwassene van wie de weigering vooral voortkomt uit afhankelijkheid van de pleger.',
        'This is the criterion for children, and for an adult whose refusal stems mainly from dependency on the perpetrator.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.seriousDangerToAdult',
      type: 'boolean',
      text: t(
        'Is melden nodig om ernstig gevaar voor zwaar lichamelijk of psychisch letsel of de dood van de volwassene af te wenden?',
        'Is reporting needed to avert serious danger of severe physical or psychological harm or death of the adult?',
      ),
      help: t(
        'Bij een wilsbekwame volwassene geldt dit strengere criterium voor melden zonder toestemming.',
        'For a competent adult this stricter criterion applies to reporting without consent.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.dependencyOnPerpetrator',
      type: 'boolean',
      text: t(
        'Komt de weigering van het volwassen slachtoffer vooral voort uit afhankelijkheid van de pleger?',
        'Does the adult victim’s refusal stem mainly from dependency on the perpetrator?',
      ),
      help: t(
        'Dan mag je het ruimere criterium gebruiken dat ook bij kinderen geldt.',
        'You may then use the broader criterion that applies to children.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.clientInformed',
      type: 'boolean',
      text: t(
        'Heb je de cliënt (of bij een kind: het kind en/of de ouders) vooraf over de melding geïnformeerd?',
        'Did you inform the client (for a child: the child and/or parents) about the report beforehand?',
      ),
      help: t('Informeer vooraf waar dat kan.', 'Inform beforehand where possible.'),
      sources: [S.wMeldrechten, S.wInformerenFn17],
    },
    {
      id: 'report.notInformedReason',
      type: 'enum',
      options: [
        {
          value: 'safety',
          text: t(
            'informeren brengt de veiligheid van het kind of anderen in gevaar',
            'informing would endanger the child or others',
          ),
        },
        {
          value: 'losing_contact',
          text: t(
            'ik verlies het kind of gezin dan waarschijnlijk uit het oog',
            'I would probably lose sight of the child or family',
          ),
        },
        { value: 'own_safety', text: t('ik vrees voor mijn eigen veiligheid', 'I fear for my own safety') },
      ],
      text: t('Waarom heb je niet vooraf geïnformeerd?', 'Why did you not inform beforehand?'),
      help: t(
        'Alleen deze redenen rechtvaardigen melden zonder vooraf te informeren. Past geen ervan, informeer dan eerst.',
        'Only these reasons justify reporting without informing beforehand. If none applies, inform first.',
      ),
      sources: [S.wInformerenFn17],
    },
    {
      id: 'consultation.safetyAtStake',
      type: 'boolean',
      text: t(
        'Staat de veiligheid van een kind of van een volwassene in een afhankelijke positie op het spel?',
        'Is the safety of a child or of an adult in a dependent position at stake?',
      ),
      help: t(
        'Dan mag je zonder toestemming met een andere professional overleggen als daarmee ernstige schade kan worden voorkomen, er geen andere weg is en je alles hebt gedaan om toestemming te krijgen. Bespreek alleen wat nodig is om hulp op gang te brengen.',
        'You may then consult another professional without consent if that can prevent serious harm, there is no other way and you did everything to obtain consent. Discuss only what is needed to get help started.',
      ),
      sources: [S.pUitwisselen],
    },
    {
      id: 'conflict.consentSought',
      type: 'boolean',
      text: t(
        'Heb je alles gedaan om eerst toestemming te krijgen (of is vragen onmogelijk)?',
        'Have you done everything to obtain consent first (or is asking impossible)?',
      ),
      help: t('Eerste voorwaarde van conflict van plichten.', 'First condition of a conflict of duties.'),
      sources: [S.wConflict, S.qCvpGronden, S.iConflict],
    },
    {
      id: 'conflict.seriousHarm',
      type: 'boolean',
      text: t(
        'Levert zwijgen ernstige schade op voor de cliënt of een ander?',
        'Would keeping silent cause serious harm to the client or someone else?',
      ),
      help: t('Voorwaarde van conflict van plichten.', 'Condition of a conflict of duties.'),
      sources: [S.wConflict, S.qCvpGronden, S.iConflict],
    },
    {
      id: 'conflict.disclosurePreventsHarm',
      type: 'boolean',
      text: t(
        'Is het vrijwel zeker dat doorbreken van het geheim die schade voorkomt of beperkt?',
        'Is it almost certain that breaking secrecy prevents or limits that harm?',
      ),
      help: t(
        'Voorwaarde van conflict van plichten. Deel alleen met iemand die daadwerkelijk iets aan de situatie kan doen.',
        'Condition of a conflict of duties. Share only with someone who can actually do something about the situation.',
      ),
      sources: [S.wConflict, S.qCvpGronden, S.qCvpHandelen, S.iConflict],
    },
    {
      id: 'conflict.noAlternative',
      type: 'boolean',
      text: t(
        'Is er echt geen andere manier om het probleem op te lossen?',
        'Is there really no other way to solve the problem?',
      ),
      help: t(
        'Subsidiariteit: voorwaarde van conflict van plichten.',
        'Subsidiarity: condition of a conflict of duties.',
      ),
      sources: [S.wConflict, S.qCvpGronden, S.iConflict],
    },
    {
      id: 'conflict.conscienceDistress',
      type: 'boolean',
      text: t(
        'Breng je het zwijgen in gewetensnood?',
        'Does keeping silent put you in distress of conscience?',
      ),
      help: t('Voorwaarde van conflict van plichten.', 'Condition of a conflict of duties.'),
      sources: [S.wConflict, S.qCvpGronden, S.iConflict],
    },
    {
      id: 'conflict.colleagueConsulted',
      type: 'boolean',
      text: t(
        'Heb je (geanonimiseerd) overlegd met een collega, leidinggevende of geneesheer-directeur?',
        'Have you consulted (anonymously) a colleague, manager or medical director?',
      ),
      help: t(
        'Geen voorwaarde, wel dringend advies: overleg helpt te bepalen of er echt een conflict van plichten is.',
        'Not a condition, but strongly advised: consultation helps to determine whether there really is a conflict of duties.',
      ),
      sources: [S.qCvpHandelen, S.iConflict],
    },
    {
      id: 'info.thirdPartyStrictlyNeeded',
      type: 'boolean',
      text: t(
        'Is informatie over anderen dan de cliënt strikt nodig voor het doel?',
        'Is information about people other than the client strictly necessary for the purpose?',
      ),
      help: t(
        'Informatie die de privacy van een ander schaadt, houd je achter tenzij het doel zonder die informatie niet te bereiken is (bijvoorbeeld wie bedreigd wordt).',
        'Withhold information that harms someone else’s privacy unless the purpose cannot be reached without it (for example who is being threatened).',
      ),
      sources: [S.qVoogdij, S.qAdvocaat, S.avg5],
    },
    {
      id: 'request.legalBasisStated',
      type: 'boolean',
      text: t(
        'Heeft de vragende partij schriftelijk aangegeven op welke wettelijke grondslag je moet verstrekken?',
        'Has the requester stated in writing on which legal basis you would have to provide the information?',
      ),
      help: t(
        '“De juristen zeggen dat het mag” is geen grond. Vraag om de grondslag op schrift en leg die vast.',
        '“The lawyers say it is allowed” is not a ground. Ask for the legal basis in writing and record it.',
      ),
      sources: [S.wJuristenFn4],
    },
    {
      id: 'request.basedOnCovenant',
      type: 'boolean',
      text: t(
        'Beroept de vragende partij zich op een convenant of samenwerkingsafspraak?',
        'Does the requester rely on a covenant or collaboration agreement?',
      ),
      help: t(
        'Een convenant in de samenwerkingsketen is geen geldige reden om het beroepsgeheim te doorbreken.',
        'A covenant within a collaboration chain is not a valid reason to break professional secrecy.',
      ),
      sources: [S.iHoe],
    },
  ],

  // --- Decision rules, in decision-tree order (this is also the order of the trace) -----------
  rules: [
    {
      id: 'danger.acute',
      kind: 'notice',
      explain: true,
      when: yes('danger.acute'),
      title: t('Acuut gevaar', 'Acute danger'),
      description: t(
        'Bij acuut gevaar voor de veiligheid of het leven van een kind, of bij huiselijk geweld met dreigend zwaar letsel of de dood van een volwassene, bel je direct 112 of de politie; de vaste stappen wijken.',
        'With acute danger to the safety or life of a child, or in domestic violence with imminent severe injury or death of an adult, call 112 or the police at once; the usual steps give way.',
      ),
      met: t(
        'Er is acuut gevaar: schakel direct 112 of de politie in en deel alleen wat nodig is om het gevaar af te wenden.',
        'There is acute danger: call 112 or the police at once and share only what is needed to avert the danger.',
      ),
      notMet: t(
        'Er is geen acuut gevaar: volg de gewone stappen (bij vermoedens van mishandeling of geweld: de meldcode).',
        'There is no acute danger: follow the usual steps (for suspected abuse or violence: the reporting code).',
      ),
      sources: [S.wConflict, S.pUitwisselen],
    },
    {
      id: 'not_a_ground.covenant',
      kind: 'notice',
      explain: true,
      when: yesOnly('request.basedOnCovenant'),
      title: t('Convenant is geen grond', 'A covenant is not a ground'),
      description: t(
        'Een convenant of overeenkomst binnen een samenwerkingsketen geeft geen bevoegdheid om het beroepsgeheim te doorbreken.',
        'A covenant or agreement within a collaboration chain gives no power to break professional secrecy.',
      ),
      met: t(
        'De vragende partij beroept zich op een convenant; dat is geen grond om te delen.',
        'The requester relies on a covenant; that is no ground for sharing.',
      ),
      notMet: t('Er wordt geen beroep gedaan op een convenant.', 'No covenant is relied on.'),
      sources: [S.iHoe],
    },
    {
      id: 'not_a_ground.collaboration',
      kind: 'notice',
      explain: true,
      applies: { recipient: ['safety_house', 'social_neighbourhood_team'] },
      title: t('Samen aan tafel is geen grond', 'Sitting at the same table is not a ground'),
      description: t(
        'Deelnemen aan een wijkteam, Veiligheidshuis of casusoverleg maakt de andere deelnemers niet tot rechtstreeks betrokkenen en geeft geen grond om te delen.',
        'Taking part in a neighbourhood team, Safety House or case meeting does not make the other participants directly involved and gives no ground for sharing.',
      ),
      met: t(
        'Het overleg in een wijkteam of Veiligheidshuis is op zichzelf geen grond om te delen; ook hier is toestemming of een andere grond nodig.',
        'A neighbourhood team or Safety House meeting is not in itself a ground for sharing; consent or another ground is still needed.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.wSamenwerking, S.wAdvies, S.rVerantwoordelijkheid],
    },
    {
      id: 'not_a_ground.legal_basis_claim',
      kind: 'notice',
      when: yesOnly('request.legalBasisStated'),
      title: t('Schriftelijk opgegeven grondslag', 'Legal basis stated in writing'),
      description: t(
        'Een vragende partij die aandringt omdat het “mag volgens juristen”, vraag je schriftelijk de wettelijke grondslag te noemen. Een genoemde grondslag verplicht pas als een wettelijke plicht hieronder echt van toepassing is.',
        'A requester who insists because “lawyers say it is allowed” is asked to name the legal basis in writing. A stated basis obliges you only if a legal obligation below actually applies.',
      ),
      met: t(
        'De vragende partij heeft een wettelijke grondslag op schrift gegeven; leg die vast. Of die grondslag je echt verplicht, volgt uit de regels over wettelijke plichten.',
        'The requester stated a legal basis in writing; record it. Whether it really obliges you follows from the legal-obligation rules.',
      ),
      notMet: t(
        'Er is geen wettelijke grondslag op schrift gegeven. “Het mag van de juristen” is geen grond; vraag de grondslag schriftelijk.',
        'No legal basis was stated in writing. “The lawyers say it is allowed” is no ground; ask for the basis in writing.',
      ),
      sources: [S.wJuristenFn4],
    },
    {
      id: 'secrecy.municipal_employee',
      kind: 'notice',
      explain: true,
      applies: { employedByMunicipality: true },
      title: t('Professional in dienst van de gemeente', 'Professional employed by the municipality'),
      description: t(
        'Een hulpverlener in gemeentedienst (bijvoorbeeld in een wijkteam) houdt zijn beroepsgeheim; de meldplicht van ambtenaren gaat daar niet boven.',
        'A professional employed by the municipality (for example in a neighbourhood team) keeps professional secrecy; the reporting duty of civil servants does not override it.',
      ),
      met: t(
        'Je bent in dienst van de gemeente, maar je beroepsgeheim blijft volledig gelden; de ambtelijke meldplicht doorbreekt het niet.',
        'You are employed by the municipality, but your professional secrecy applies in full; the civil servant’s reporting duty does not break it.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.rOntwikkelingen, S.sv162],
    },
    {
      id: 'secrecy.after_death',
      kind: 'notice',
      explain: true,
      applies: { deceased: true },
      title: t('Geheim na overlijden', 'Secrecy after death'),
      description: t(
        'Het beroepsgeheim loopt door na het einde van de behandeling en na de dood van de cliënt. Overlijden is zelf geen grond om te delen; een vertegenwoordiger treedt na het overlijden niet meer op.',
        'Secrecy continues after the treatment ends and after the client’s death. Death is not itself a ground for sharing; a representative no longer acts after death.',
      ),
      met: t(
        'De cliënt is overleden; het beroepsgeheim blijft gelden en dezelfde gronden zijn nodig om te delen.',
        'The client has died; secrecy still applies and the same grounds are needed to share.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.iWat],
    },
    {
      id: 'involvement.not_directly_involved',
      kind: 'notice',
      applies: { recipient: NOT_DIRECTLY_INVOLVED },
      title: t('Ontvanger niet rechtstreeks betrokken', 'Recipient not directly involved'),
      description: t(
        'Politie, wijkagent, leerplichtambtenaar, woningcorporatie, leerkracht, gemeenteambtenaren, mantelzorgers en vrijwilligers, andere professionals buiten de behandeling en de huisarts na verwijzing zijn geen rechtstreeks betrokkenen. Tegenover hen geldt het beroepsgeheim volledig.',
        'Police, community officer, attendance officer, housing corporation, teacher, municipal officials, informal carers and volunteers, other professionals outside the treatment and the GP after referral are not directly involved. Secrecy applies towards them in full.',
      ),
      met: t(
        'Deze ontvanger is niet rechtstreeks betrokken bij de uitvoering van de behandeling; zonder toestemming of andere grond deel je niets.',
        'This recipient is not directly involved in carrying out the treatment; without consent or another ground you share nothing.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.wMogelijkheden, S.rRegels, S.rInformeel, S.big88],
    },

    // Legal obligations (decision: required)
    {
      id: 'legal.infectious_disease',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [{ recipient: ['public_health_service'] }, { purpose: ['infectious_disease_notification'] }],
      },
      when: yes('legal.notifiableDisease'),
      title: t('Melding infectieziekte aan de GGD', 'Notification of an infectious disease to the GGD'),
      description: t(
        'Wie een meldingsplichtige infectieziekte vaststelt, moet die melden aan de GGD.',
        'Whoever diagnoses a notifiable infectious disease must notify the GGD.',
      ),
      met: t(
        'Er is een meldingsplichtige infectieziekte vastgesteld: melden aan de GGD is verplicht.',
        'A notifiable infectious disease has been diagnosed: notifying the GGD is compulsory.',
      ),
      notMet: t(
        'Er is geen meldingsplichtige infectieziekte vastgesteld; deze meldingsplicht geldt niet.',
        'No notifiable infectious disease has been diagnosed; this duty does not apply.',
      ),
      sources: [S.wWettelijk, S.rRegels, S.wpg],
    },
    {
      id: 'legal.compulsory_care',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [{ recipient: ['public_prosecutor', 'other'] }, { purpose: ['compulsory_care_notification'] }],
      },
      when: yes('legal.compulsoryCare'),
      title: t('Melding verplichte zorg', 'Notification of compulsory care'),
      description: t(
        'Toepassing van verplichte zorg moet worden gemeld aan de instantie die de wet aanwijst (de bron noemt de Wet Bopz; nu de Wvggz).',
        'Applying compulsory care must be notified to the body the law designates (the source names the Bopz Act; now the Wvggz).',
      ),
      met: t(
        'Er wordt verplichte zorg toegepast waarvan de wet melding voorschrijft: melden is verplicht.',
        'Compulsory care is applied of which the law requires notification: notifying is compulsory.',
      ),
      notMet: t(
        'Er is geen meldingsplichtige verplichte zorg.',
        'There is no compulsory care to be notified.',
      ),
      sources: [S.wWettelijk, S.wvggz],
    },
    {
      id: 'legal.death_notification',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: ['municipality', 'public_health_service'] },
          { purpose: ['death_notification'] },
          { deceased: true },
        ],
      },
      title: t('Melding overlijden', 'Notification of death'),
      description: t(
        'Bij overlijden van een patiënt verplicht de Wet op de lijkbezorging tot de daarin voorgeschreven meldingen. Verder blijft het geheim gelden.',
        'When a patient dies the Burial and Cremation Act requires the notifications it prescribes. Beyond that secrecy still applies.',
      ),
      met: t(
        'De cliënt is overleden: de wettelijk voorgeschreven melding is verplicht, maar niet meer dan dat.',
        'The client has died: the notification the law prescribes is compulsory, but nothing beyond it.',
      ),
      notMet: t('Geen overlijdensmelding aan de orde.', 'No death notification is at issue.'),
      sources: [S.wWettelijk, S.wlb, S.iWat],
    },
    {
      id: 'legal.family_guardian',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: ['family_guardian'] },
          { ageGroup: MINORS },
          { purpose: ['supervision_order', 'child_safety'] },
        ],
      },
      when: { seq: [yes('legal.supervisionOrder'), yes('request.byRecipient')] },
      title: t('Informatieplicht tegenover de gezinsvoogd', 'Duty to inform the family guardian'),
      description: t(
        'Staat een minderjarige onder toezicht, dan moet je de gezinsvoogd op verzoek de informatie geven die voor het toezicht nodig is.',
        'When a minor is under a supervision order you must give the family guardian, on request, the information the supervision needs.',
      ),
      met: t(
        'De minderjarige staat onder toezicht en de gezinsvoogd vraagt om informatie: verstrekken is verplicht, beperkt tot wat het toezicht nodig heeft.',
        'The minor is under supervision and the family guardian asks for information: providing it is compulsory, limited to what the supervision needs.',
      ),
      notMet: t(
        'Er is geen ondertoezichtstelling of geen verzoek van de gezinsvoogd; de informatieplicht geldt niet.',
        'There is no supervision order or no request from the family guardian; the duty does not apply.',
      ),
      sources: [S.iWettelijk, S.wWettelijk, S.jw7311],
    },
    {
      id: 'legal.probation',
      kind: 'route',
      ground: 'legal_obligation',
      applies: { all: [{ recipient: ['probation_service'] }, { purpose: ['probation_compliance'] }] },
      when: yes('legal.criminalTitle'),
      title: t(
        'Behandeltrouw melden aan de reclassering',
        'Reporting treatment adherence to the probation service',
      ),
      description: t(
        'Bij behandeling onder een strafrechtelijke titel moet de behandelaar de reclassering informeren over de behandeltrouw.',
        'When treatment takes place under a criminal-law title, the practitioner must inform the probation service about treatment adherence.',
      ),
      met: t(
        'De behandeling valt onder een strafrechtelijke titel: informeer de reclassering verplicht over de behandeltrouw, niet over de inhoud.',
        'The treatment is under a criminal-law title: you must inform the probation service about adherence, not about content.',
      ),
      notMet: t(
        'Er is geen strafrechtelijke titel; deze plicht geldt niet.',
        'There is no criminal-law title; this duty does not apply.',
      ),
      sources: [S.iWettelijk, S.wfz],
    },
    {
      id: 'legal.wmo_medical_information',
      kind: 'route',
      ground: 'legal_obligation',
      applies: { all: [{ recipient: ['municipality'] }, { purpose: ['eligibility_assessment'] }] },
      when: { seq: [yes('legal.wmoMedicalRequest'), { rule: 'consent.valid' }] },
      title: t(
        'Medische gegevens aan de gemeente (Wmo 2015)',
        'Medical information to the municipality (Wmo 2015)',
      ),
      description: t(
        'Onder de Wmo 2015 moet een zorgaanbieder de gemeente op verzoek medische gegevens geven, maar alleen als de cliënt daar ondubbelzinnig en vrij toestemming voor heeft gegeven.',
        'Under the Wmo 2015 a care provider must give the municipality medical information on request, but only if the client has given unambiguous, freely given consent.',
      ),
      met: t(
        'De gemeente vraagt op grond van de Wmo 2015 en de cliënt heeft geldig en vrij toegestemd: verstrekken is verplicht, beperkt tot wat nodig is.',
        'The municipality asks under the Wmo 2015 and the client has given valid, free consent: providing is compulsory, limited to what is needed.',
      ),
      notMet: t(
        'Geen verzoek op grond van de Wmo 2015 of geen geldige, vrije toestemming: de plicht geldt niet. Medische gegevens gaan niet zonder toestemming naar de gemeente.',
        'No request under the Wmo 2015 or no valid, free consent: the duty does not apply. Medical information does not go to the municipality without consent.',
      ),
      sources: [S.wWettelijkFn11, S.wmo525, S.qZorgplan, S.rFocus],
    },
    {
      id: 'legal.wmo_file_check',
      kind: 'route',
      ground: 'legal_obligation',
      applies: { all: [{ recipient: ['municipality'] }, { purpose: ['financial_audit'] }] },
      when: yes('legal.wmoFileCheck'),
      title: t('Dossiercontrole door de gemeente (Wmo)', 'File check by the municipality (Wmo)'),
      description: t(
        'De gemeente mag dossiers controleren op de financiële rechtmatigheid van Wmo-zorg, maar alleen op administratieve onderdelen.',
        'The municipality may check files for the financial legitimacy of Wmo care, but only on administrative items.',
      ),
      met: t(
        'Het gaat om een Wmo-dossiercontrole: meewerken is verplicht, uitsluitend voor de administratieve onderdelen.',
        'This is a Wmo file check: cooperating is compulsory, for the administrative items only.',
      ),
      notMet: t('Het is geen Wmo-dossiercontrole.', 'This is not a Wmo file check.'),
      sources: [S.qDossiercontrole, S.wmo],
    },
    {
      id: 'legal.art160_sv',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: JUSTICE },
          { purpose: ['crime_investigation'] },
          { not: { profession: PRIVILEGED } },
        ],
      },
      when: { seq: [{ answer: 'crime.kind', is: 'grave_crime' }, no('crime.privilegedPersonInvolved')] },
      title: t('Aangifteplicht bij de zwaarste misdrijven', 'Duty to report the gravest crimes'),
      description: t(
        'Wie geen (afgeleid) verschoningsrecht heeft, moet aangifte doen van de zwaarste misdrijven: tegen het leven, verkrachting, ontvoering en tegen de staatsveiligheid. Met een verschoningsrecht geldt die plicht niet.',
        'Whoever has no (derived) verschoningsrecht must report the gravest crimes: against life, rape, kidnapping and against state security. With a verschoningsrecht that duty does not apply.',
      ),
      met: t(
        'Het gaat om een van de zwaarste misdrijven en niemand met een verschoningsrecht is betrokken: aangifte is verplicht.',
        'This is one of the gravest crimes and nobody with a verschoningsrecht is involved: reporting is compulsory.',
      ),
      notMet: t(
        'Geen van de zwaarste misdrijven, of er is een (afgeleid) verschoningsrecht: geen aangifteplicht.',
        'Not one of the gravest crimes, or there is a (derived) verschoningsrecht: no duty to report.',
      ),
      sources: [S.qAangifte, S.rRegels, S.sv160],
    },

    // Directly involved in the treatment (allowed)
    {
      id: 'involvement.no_blocking_objection',
      kind: 'helper',
      when: {
        any: [
          no('client.objects'),
          { seq: [yes('client.objects'), yes('care.goodCaregiverRequiresSharing')] },
        ],
      },
      title: t('Bezwaar van de cliënt', 'Client objection'),
      description: t(
        'Ook binnen de behandeling volg je een bezwaar van de cliënt, tenzij je door niet te delen geen goed hulpverlener meer bent.',
        'Within the treatment too you follow the client’s objection, unless not sharing would mean you are no longer a good caregiver.',
      ),
      met: t(
        'Er is geen bezwaar, of goed hulpverlenerschap vraagt om delen ondanks het bezwaar.',
        'There is no objection, or good caregiving requires sharing despite it.',
      ),
      notMet: t(
        'De cliënt maakt bezwaar en goed hulpverlenerschap vraagt niet om delen: respecteer het bezwaar.',
        'The client objects and good caregiving does not require sharing: respect the objection.',
      ),
      sources: [S.qBezwaar],
    },
    {
      id: 'involvement.treating_team',
      kind: 'route',
      ground: 'direct_involvement',
      applies: { all: [{ recipient: ['treating_professional'] }, { purpose: CARE_PURPOSES }] },
      when: { seq: [yes('recipient.directlyInvolved'), { rule: 'involvement.no_blocking_objection' }] },
      title: t('Rechtstreeks betrokken behandelaar', 'Directly involved practitioner'),
      description: t(
        'Met wie rechtstreeks betrokken is bij het uitvoeren van dezelfde behandelovereenkomst mag je zonder toestemming delen (veronderstelde toestemming), maar alleen wat die voor zijn taak nodig heeft.',
        'You may share without consent (presumed consent) with those directly involved in carrying out the same treatment agreement, but only what they need for their task.',
      ),
      met: t(
        'De ontvanger werkt rechtstreeks mee aan dezelfde behandeling: delen mag zonder toestemming, beperkt tot wat voor zijn taak nodig is.',
        'The recipient takes part directly in the same treatment: sharing is allowed without consent, limited to what their task needs.',
      ),
      notMet: t(
        'De ontvanger is niet rechtstreeks betrokken, of de cliënt maakt terecht bezwaar: deze route geldt niet.',
        'The recipient is not directly involved, or the client objects: this route does not apply.',
      ),
      sources: [S.bw457, S.wMogelijkheden, S.qWelkeInformatie, S.qBezwaar, S.rRegels, S.iWettelijk],
    },
    {
      id: 'involvement.substitute',
      kind: 'route',
      ground: 'direct_involvement',
      applies: { all: [{ recipient: ['substitute'] }, { purpose: CARE_PURPOSES }] },
      when: { rule: 'involvement.no_blocking_objection' },
      title: t('Waarnemer of vervanger', 'Substitute'),
      description: t(
        'Je waarnemer of vervanger mag zonder toestemming de informatie krijgen die nodig is om de zorg over te nemen.',
        'Your substitute may receive without consent the information needed to take over the care.',
      ),
      met: t(
        'De ontvanger neemt je zorg waar: delen mag zonder toestemming, beperkt tot wat nodig is.',
        'The recipient stands in for you: sharing is allowed without consent, limited to what is needed.',
      ),
      notMet: t('De cliënt maakt terecht bezwaar: niet delen.', 'The client objects: do not share.'),
      sources: [S.bw457, S.qWelkeInformatie, S.qBezwaar, S.iWettelijk],
    },
    {
      id: 'involvement.successor_same_institution',
      kind: 'route',
      ground: 'direct_involvement',
      applies: {
        all: [{ recipient: ['successor_same_institution'] }, { purpose: ['handover', 'continuity_of_care'] }],
      },
      when: { rule: 'involvement.no_blocking_objection' },
      title: t('Opvolger binnen dezelfde instelling', 'Successor within the same institution'),
      description: t(
        'Komt binnen dezelfde instelling een nieuwe behandelaar, dan loopt de zorgovereenkomst door en mag het dossier zonder toestemming worden overgedragen.',
        'When a new practitioner takes over within the same institution, the care agreement continues and the record may be handed over without consent.',
      ),
      met: t(
        'De opvolger werkt binnen dezelfde instelling en zorgovereenkomst: overdracht mag zonder toestemming.',
        'The successor works within the same institution and agreement: handover is allowed without consent.',
      ),
      notMet: t('De cliënt maakt terecht bezwaar: niet delen.', 'The client objects: do not share.'),
      sources: [S.qOpvolger, S.qBezwaar],
    },

    // Representative (allowed)
    {
      id: 'capacity.incapable',
      kind: 'helper',
      when: {
        any: [
          { decisionCapacity: ['incapable'] },
          { all: [{ decisionCapacity: ['unknown'] }, yes('client.incapableOnThisMatter')] },
        ],
      },
      title: t('Wilsonbekwaam ter zake', 'Incapable on this matter'),
      description: t(
        'Is de cliënt wilsonbekwaam ter zake, dan beslist de vertegenwoordiger in zijn plaats.',
        'When the client is incapable on the matter, the representative decides instead.',
      ),
      met: t('De cliënt is wilsonbekwaam ter zake.', 'The client is incapable on this matter.'),
      notMet: t('De cliënt is wilsbekwaam ter zake.', 'The client is capable on this matter.'),
      sources: [S.qWelkeInformatie],
    },
    {
      id: 'representative.child_under_12',
      kind: 'route',
      ground: 'representative',
      applies: { all: [{ recipient: ['representative'] }, { ageGroup: ['under_12'] }, { deceased: false }] },
      title: t('Ouders van een kind jonger dan 12', 'Parents of a child under 12'),
      description: t(
        'Ouders of vertegenwoordigers van een kind jonger dan 12 hebben recht op de informatie over hun kind, behalve wat de privacy van anderen schaadt of wat een goed hulpverlener niet zou geven.',
        'Parents or representatives of a child under 12 are entitled to the information about their child, except what harms others’ privacy or what a good caregiver would not give.',
      ),
      met: t(
        'Het kind is jonger dan 12: de vertegenwoordiger mag de informatie krijgen, na je beoordeling wat je over anderen achterhoudt.',
        'The child is under 12: the representative may receive the information, after you assess what to withhold about others.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.qWelkeInformatie, S.qVoogdij],
    },
    {
      id: 'representative.child_12_to_15',
      kind: 'route',
      ground: 'representative',
      applies: { all: [{ recipient: ['representative'] }, { ageGroup: ['12_to_15'] }, { deceased: false }] },
      when: {
        any: [
          { rule: 'capacity.incapable' },
          { not: { seq: [yes('client.objects'), yes('client.competentToObject')] } },
        ],
      },
      title: t('Ouders van een kind van 12 tot 16', 'Parents of a child aged 12 to 15'),
      description: t(
        'Een kind van 12 tot 16 kan bezwaar maken tegen inzage door de ouders; jij beoordeelt of het kind daarover kan beslissen. Een bekwaam bezwaar volg je.',
        'A child aged 12 to 15 can object to the parents seeing the record; you judge whether the child can decide that. A competent objection is followed.',
      ),
      met: t(
        'Het kind maakt geen (bekwaam) bezwaar: de vertegenwoordiger mag de informatie krijgen.',
        'The child makes no (competent) objection: the representative may receive the information.',
      ),
      notMet: t(
        'Het kind van 12 tot 16 maakt bezwaar en kan daarover zelf beslissen: niet delen met de ouders zonder toestemming van het kind.',
        'The child aged 12 to 15 objects and can decide this: do not share with the parents without the child’s consent.',
      ),
      sources: [S.qWelkeInformatie],
    },
    {
      id: 'representative.incapable_client',
      kind: 'route',
      ground: 'representative',
      applies: {
        all: [{ recipient: ['representative'] }, { ageGroup: ['16_to_17', 'adult'] }, { deceased: false }],
      },
      when: { rule: 'capacity.incapable' },
      title: t('Vertegenwoordiger van een wilsonbekwame cliënt', 'Representative of an incapable client'),
      description: t(
        'Vanaf 16 jaar krijgt de vertegenwoordiger zonder toestemming van de cliënt alleen informatie als de cliënt wilsonbekwaam ter zake is; een wilsbekwame cliënt moet zelf toestemmen.',
        'From 16 the representative receives information without the client’s consent only when the client is incapable on the matter; a capable client must consent.',
      ),
      met: t(
        'De cliënt is wilsonbekwaam ter zake: de vertegenwoordiger mag de informatie krijgen.',
        'The client is incapable on the matter: the representative may receive the information.',
      ),
      notMet: t(
        'De cliënt is wilsbekwaam: de vertegenwoordiger krijgt alleen informatie met toestemming van de cliënt.',
        'The client is capable: the representative receives information only with the client’s consent.',
      ),
      sources: [S.qWelkeInformatie],
    },

    // Consent (allowed)
    {
      id: 'consent.by_right_person',
      kind: 'helper',
      when: {
        any: [
          {
            seq: [
              { answer: 'consent.givenBy', is: 'client' },
              { not: { ageGroup: ['under_12'] } },
              { not: { rule: 'capacity.incapable' } },
            ],
          },
          {
            seq: [
              { answer: 'consent.givenBy', is: 'representative' },
              { deceased: false },
              { any: [{ ageGroup: ['under_12'] }, { rule: 'capacity.incapable' }] },
            ],
          },
        ],
      },
      title: t('Toestemming door de juiste persoon', 'Consent given by the right person'),
      description: t(
        'Toestemming komt van de cliënt zelf, of van de vertegenwoordiger als de cliënt jonger dan 12 of wilsonbekwaam ter zake is (en niet overleden: na het overlijden treedt geen vertegenwoordiger meer op).',
        'Consent comes from the client, or from the representative when the client is under 12 or incapable on the matter (and alive: after death no representative acts).',
      ),
      met: t(
        'De toestemming is gegeven door wie daarover beslist.',
        'Consent was given by the person who decides.',
      ),
      notMet: t(
        'De toestemming is gegeven door iemand die daarover niet beslist (een vertegenwoordiger voor een bekwame cliënt, of een kind jonger dan 12 of wilsonbekwame cliënt zelf).',
        'Consent was given by someone who does not decide (a representative for a capable client, or a child under 12 or incapable client themselves).',
      ),
      sources: [S.qWelkeInformatie, S.qUitzonderingen, S.qBelasting, S.iWat],
    },
    {
      id: 'consent.form_ok',
      kind: 'helper',
      when: {
        any: [
          { answer: 'consent.form', is: 'written' },
          { seq: [{ answer: 'consent.form', is: 'oral' }, yes('consent.recorded')] },
        ],
      },
      title: t('Vorm van de toestemming', 'Form of consent'),
      description: t(
        'Schriftelijke toestemming heeft de voorkeur; mondelinge toestemming telt alleen als ze in het dossier is vastgelegd.',
        'Written consent is preferred; oral consent counts only when it is recorded in the client record.',
      ),
      met: t('De toestemming is schriftelijk of vastgelegd.', 'Consent is written or recorded.'),
      notMet: t(
        'Mondelinge toestemming is niet vastgelegd en telt daarom niet.',
        'Oral consent has not been recorded and therefore does not count.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.not_expired',
      kind: 'helper',
      when: { answer: 'consent.validUntil', onOrAfterReferenceDate: true, ifUnanswered: true },
      title: t('Geldigheidsduur van de toestemming', 'Validity period of consent'),
      description: t(
        'Toestemming kan voor een bepaalde tijd gelden; na de einddatum is er geen toestemming meer.',
        'Consent may be time-limited; after its end date there is no consent.',
      ),
      met: t('De toestemming is niet verlopen.', 'Consent has not expired.'),
      notMet: t(
        'De toestemming is verlopen vóór de datum van deze afweging.',
        'Consent expired before the date of this weighing.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.valid',
      kind: 'helper',
      when: {
        seq: [
          yes('consent.given'),
          {
            all: [
              { rule: 'consent.by_right_person' },
              yes('consent.informed'),
              yes('consent.specific'),
              yes('consent.freelyGiven'),
              { rule: 'consent.form_ok' },
              { rule: 'consent.not_expired' },
            ],
          },
        ],
      },
      title: t('Geldige toestemming', 'Valid consent'),
      description: t(
        'Toestemming is geldig als de juiste persoon haar geeft, geïnformeerd, specifiek voor deze informatie, dit doel en deze ontvanger, vrij, schriftelijk of vastgelegd, en niet verlopen.',
        'Consent is valid when the right person gives it, informed, specific to this information, purpose and recipient, freely, in writing or recorded, and not expired.',
      ),
      met: t('Er is geldige toestemming.', 'There is valid consent.'),
      notMet: t(
        'Er is geen geldige toestemming (niet gegeven, niet geïnformeerd, niet specifiek, niet vrij, niet vastgelegd of verlopen).',
        'There is no valid consent (not given, not informed, not specific, not free, not recorded or expired).',
      ),
      sources: [S.wToestemming, S.iToestemming, S.rFocus, S.qUitzonderingen],
    },
    {
      id: 'consent.client_consent',
      kind: 'route',
      ground: 'consent',
      applies: { not: { recipient: ['successor_other_institution'] } },
      when: { rule: 'consent.valid' },
      title: t('Toestemming van de cliënt', 'Consent of the client'),
      description: t(
        'Met geldige toestemming mag je delen. Voor de gemeente (zorgplan, indicatie, uitkering), de werkconsulent, de Belastingdienst, een advocaat (ook die van de cliënt), mantelzorgers en financiers is toestemming de route. Ook met toestemming deel je alleen wat nodig is.',
        'With valid consent you may share. For the municipality (care plan, assessment, benefits), the work consultant, the tax authority, a lawyer (even the client’s own), informal carers and funders consent is the route. Even with consent, share only what is needed.',
      ),
      met: t('Er is geldige toestemming voor deze deling.', 'There is valid consent for this sharing.'),
      notMet: t('Er is geen geldige toestemming.', 'There is no valid consent.'),
      sources: [
        S.wToestemming,
        S.iToestemming,
        S.qUitzonderingen,
        S.qDerden,
        S.qZorgplan,
        S.qBelasting,
        S.qAdvocaat,
        S.qFinancier,
        S.qEcd,
        S.rInleiding,
        S.rInformeel,
      ],
    },
    {
      id: 'consent.successor_other_institution',
      kind: 'route',
      ground: 'consent',
      applies: { recipient: ['successor_other_institution'] },
      when: { seq: [{ rule: 'consent.valid' }, { answer: 'consent.form', is: 'written' }] },
      title: t('Opvolger bij een andere instelling', 'Successor at another institution'),
      description: t(
        'Verhuist de cliënt naar een andere instelling, dan eindigt de zorgovereenkomst en gaat het dossier alleen met schriftelijke toestemming naar de nieuwe behandelaar.',
        'When the client moves to another institution the care agreement ends and the record goes to the new practitioner only with written consent.',
      ),
      met: t(
        'Er is geldige schriftelijke toestemming: overdracht aan de opvolger mag.',
        'There is valid written consent: handover to the successor is allowed.',
      ),
      notMet: t(
        'Er is geen geldige schriftelijke toestemming: niet overdragen aan de nieuwe instelling.',
        'There is no valid written consent: do not hand over to the new institution.',
      ),
      sources: [S.qOpvolger],
    },

    // Reporting rights (allowed)
    {
      id: 'report.informed_or_exception',
      kind: 'helper',
      when: {
        any: [
          yes('report.clientInformed'),
          {
            seq: [
              no('report.clientInformed'),
              { answer: 'report.notInformedReason', in: ['safety', 'losing_contact', 'own_safety'] },
            ],
          },
        ],
      },
      title: t('Vooraf informeren', 'Informing beforehand'),
      description: t(
        'Informeer de cliënt of het kind en de ouders vooraf over de melding, tenzij dat de veiligheid van het kind of anderen bedreigt, je het kind of gezin dan uit het oog verliest, of je voor je eigen veiligheid vreest.',
        'Inform the client, or the child and parents, about the report beforehand, unless that threatens the safety of the child or others, you would lose sight of the child or family, or you fear for your own safety.',
      ),
      met: t(
        'De cliënt is vooraf geïnformeerd, of er is een erkende reden om dat niet te doen.',
        'The client was informed beforehand, or there is a recognised reason not to.',
      ),
      notMet: t(
        'De cliënt is niet geïnformeerd en er is geen erkende reden: informeer eerst.',
        'The client was not informed and there is no recognised reason: inform first.',
      ),
      sources: [S.wMeldrechten, S.wInformerenFn17],
    },
    {
      id: 'report.child_criterion_case',
      kind: 'helper',
      when: {
        any: [
          { answer: 'report.suspicion', is: 'child_abuse' },
          {
            seq: [
              { answer: 'report.suspicion', is: 'domestic_violence' },
              { any: [{ ageGroup: MINORS }, { rule: 'capacity.incapable' }] },
            ],
          },
        ],
      },
      title: t(
        'Ruim meldcriterium (kind of wilsonbekwame)',
        'Broad reporting criterion (child or incapable)',
      ),
      description: t(
        'Bij kindermishandeling, en bij huiselijk geweld rond een minderjarige of wilsonbekwame cliënt, geldt het ruimere criterium: een reële kans op schade die vrijwillige hulp niet afwendt.',
        'For child abuse, and for domestic violence concerning a minor or incapable client, the broader criterion applies: a real risk of harm that voluntary help cannot avert.',
      ),
      met: t('Het ruime meldcriterium is van toepassing.', 'The broad reporting criterion applies.'),
      notMet: t(
        'Het ruime meldcriterium is niet van toepassing.',
        'The broad reporting criterion does not apply.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.veilig_thuis_child',
      kind: 'route',
      ground: 'reporting_right',
      applies: { recipient: ['veilig_thuis'] },
      when: {
        seq: [
          { rule: 'report.child_criterion_case' },
          {
            all: [
              yes('report.meldcodeFollowed'),
              yes('report.realRiskOfHarm'),
              { rule: 'report.informed_or_exception' },
            ],
          },
        ],
      },
      title: t('Melden bij Veilig Thuis (kind)', 'Reporting to Veilig Thuis (child)'),
      description: t(
        'Iedereen met een beroepsgeheim mag een vermoeden van kindermishandeling of huiselijk geweld zonder toestemming melden bij Veilig Thuis; zekerheid is niet nodig. Doe dat na de stappen van de meldcode, bij een reële kans op schade die vrijwillige hulp niet afwendt.',
        'Anyone bound by secrecy may report a suspicion of child abuse or domestic violence to Veilig Thuis without consent; certainty is not needed. Do so after the steps of the reporting code, when there is a real risk of harm that voluntary help cannot avert.',
      ),
      met: t(
        'Meldcode gevolgd, reële kans op schade en vooraf geïnformeerd (of een erkende uitzondering): je mag melden bij Veilig Thuis.',
        'Reporting code followed, real risk of harm and informed beforehand (or a recognised exception): you may report to Veilig Thuis.',
      ),
      notMet: t(
        'Niet aan de voorwaarden voor een melding over een kind voldaan.',
        'The conditions for a report about a child are not met.',
      ),
      sources: [
        S.wmo526,
        S.pMeldrecht,
        S.wMeldrechten,
        S.wMeldFn16,
        S.qVeiligThuis,
        S.qMeldcode,
        S.meldcodeWet,
      ],
    },
    {
      id: 'report.veilig_thuis_adult',
      kind: 'route',
      ground: 'reporting_right',
      applies: { all: [{ recipient: ['veilig_thuis'] }, { ageGroup: ['adult'] }] },
      when: {
        seq: [
          { answer: 'report.suspicion', is: 'domestic_violence' },
          { not: { rule: 'capacity.incapable' } },
          {
            all: [
              yes('report.meldcodeFollowed'),
              {
                any: [
                  yes('report.seriousDangerToAdult'),
                  { seq: [yes('report.dependencyOnPerpetrator'), yes('report.realRiskOfHarm')] },
                ],
              },
              { rule: 'report.informed_or_exception' },
            ],
          },
        ],
      },
      title: t(
        'Melden bij Veilig Thuis (wilsbekwame volwassene)',
        'Reporting to Veilig Thuis (competent adult)',
      ),
      description: t(
        'Bij een wilsbekwame volwassene meld je zonder toestemming alleen om ernstig gevaar voor zwaar lichamelijk of psychisch letsel of de dood af te wenden. Komt de weigering vooral voort uit afhankelijkheid van de pleger, dan geldt het ruimere criterium van kinderen.',
        'For a competent adult you report without consent only to avert serious danger of severe physical or psychological harm or death. If the refusal stems mainly from dependency on the perpetrator, the broader criterion for children applies.',
      ),
      met: t(
        'Meldcode gevolgd en het criterium voor een volwassene is vervuld: je mag melden bij Veilig Thuis.',
        'Reporting code followed and the criterion for an adult is met: you may report to Veilig Thuis.',
      ),
      notMet: t(
        'Niet aan de voorwaarden voor een melding over een wilsbekwame volwassene voldaan.',
        'The conditions for a report about a competent adult are not met.',
      ),
      sources: [S.wmo526, S.wMeldrechten, S.pMeldrecht, S.meldcodeWet],
    },
    {
      id: 'report.veilig_thuis_request',
      kind: 'route',
      ground: 'reporting_right',
      applies: { recipient: ['veilig_thuis'] },
      when: {
        seq: [
          { answer: 'report.suspicion', in: ['child_abuse', 'domestic_violence'] },
          yes('report.requestedByRecipient'),
        ],
      },
      title: t('Verzoek van Veilig Thuis beantwoorden', 'Answering a request from Veilig Thuis'),
      description: t(
        'Het meldrecht geldt ook als Veilig Thuis om informatie vraagt om een vermoeden te verifiëren of uit te sluiten. Beantwoord alleen wat relevant is.',
        'The reporting right also applies when Veilig Thuis asks for information to verify or rule out a suspicion. Answer only what is relevant.',
      ),
      met: t(
        'Veilig Thuis vraagt in een onderzoek om informatie: je mag antwoorden, beperkt tot wat relevant is.',
        'Veilig Thuis asks for information in an investigation: you may answer, limited to what is relevant.',
      ),
      notMet: t(
        'Er is geen verzoek van Veilig Thuis in een onderzoek.',
        'There is no request from Veilig Thuis in an investigation.',
      ),
      sources: [S.pMeldrecht, S.wmo526],
    },
    {
      id: 'report.child_protection_board_request',
      kind: 'route',
      ground: 'reporting_right',
      applies: { recipient: ['child_protection_board'] },
      when: yes('report.requestedByRecipient'),
      title: t('Verzoek van de Raad voor de Kinderbescherming', 'Request from the Child Protection Board'),
      description: t(
        'Vraagt de Raad voor de Kinderbescherming in een onderzoek om informatie, dan mag je die zo nodig zonder toestemming van de cliënt of ouders geven. In een crisis kan de Raad direct worden ingeschakeld.',
        'When the Child Protection Board asks for information in an investigation you may give it, if need be without consent of the client or parents. In a crisis the Board can be engaged directly.',
      ),
      met: t(
        'De Raad vraagt in een onderzoek om informatie: je mag die geven, beperkt tot wat nodig is.',
        'The Board asks for information in an investigation: you may give it, limited to what is needed.',
      ),
      notMet: t(
        'Er is geen verzoek van de Raad in een onderzoek.',
        'There is no request from the Board in an investigation.',
      ),
      sources: [S.qVeiligThuis],
    },
    {
      id: 'report.risk_youth_index',
      kind: 'route',
      ground: 'reporting_right',
      applies: { all: [{ recipient: ['risk_youth_index'] }, { purpose: ['risk_youth_signal'] }] },
      when: yes('report.youthAtRisk'),
      title: t('Signaal in de Verwijsindex risicojongeren', 'Signal in the risk youth index'),
      description: t(
        'Voor een signaal in de Verwijsindex risicojongeren geldt een meldrecht, geen meldplicht.',
        'A signal in the risk youth index is a reporting right, not a duty.',
      ),
      met: t(
        'Er is een redelijk vermoeden van bedreigde ontwikkeling: je mag een signaal afgeven (alleen identiteit en betrokkenheid).',
        'There is a reasonable suspicion of threatened development: you may give a signal (identity and involvement only).',
      ),
      notMet: t('Het criterium voor een signaal is niet vervuld.', 'The criterion for a signal is not met.'),
      sources: [S.wVirFn15, S.jw7141],
    },
    {
      id: 'report.safety_consultation',
      kind: 'route',
      ground: 'reporting_right',
      applies: {
        all: [
          {
            recipient: [
              'treating_professional',
              'general_practitioner',
              'other_professional',
              'social_neighbourhood_team',
              'veilig_thuis',
            ],
          },
          { purpose: ['case_consultation', 'child_safety', 'domestic_violence'] },
        ],
      },
      when: {
        seq: [
          yes('consultation.safetyAtStake'),
          {
            all: [
              yes('conflict.consentSought'),
              yes('conflict.noAlternative'),
              yes('conflict.seriousHarm'),
              yes('conflict.disclosurePreventsHarm'),
            ],
          },
        ],
      },
      title: t('Overleg zonder toestemming over veiligheid', 'Consultation without consent about safety'),
      description: t(
        'Overleg met een andere professional mag zonder toestemming als de veiligheid van een kind of afhankelijke volwassene in het geding is, ernstige schade zo kan worden voorkomen, er geen andere weg is en je alles hebt gedaan om toestemming te krijgen. Bespreek alleen wat nodig is om hulp op gang te brengen en leg je overwegingen vast.',
        'Consulting another professional without consent is allowed when the safety of a child or dependent adult is at stake, serious harm can be prevented that way, there is no other way and you did everything to obtain consent. Discuss only what is needed to get help started and record your reasons.',
      ),
      met: t(
        'De veiligheid van een kind of afhankelijke volwassene staat op het spel en aan de voorwaarden is voldaan: overleg zonder toestemming mag.',
        'The safety of a child or dependent adult is at stake and the conditions are met: consultation without consent is allowed.',
      ),
      notMet: t(
        'Niet aan de voorwaarden voor overleg zonder toestemming voldaan.',
        'The conditions for consultation without consent are not met.',
      ),
      sources: [S.pUitwisselen],
    },

    // Police and justice; conflict of duties (allowed)
    {
      id: 'police.no_duty_to_report',
      kind: 'notice',
      applies: {
        all: [{ recipient: JUSTICE }, { purpose: ['crime_investigation'] }, { profession: PRIVILEGED }],
      },
      when: { answer: 'crime.kind', in: ['serious_crime', 'grave_crime'] },
      title: t('Geen aangifteplicht met verschoningsrecht', 'No duty to report with a verschoningsrecht'),
      description: t(
        'Wie een verschoningsrecht heeft, hoeft geen aangifte te doen van een strafbaar feit van een cliënt, maar mag dat wel als aan de voorwaarden van conflict van plichten is voldaan.',
        'Whoever has a verschoningsrecht need not report a client’s offence, but may do so when the conditions of a conflict of duties are met.',
      ),
      met: t(
        'Je hebt een verschoningsrecht: er is geen aangifteplicht; melden mag alleen bij conflict van plichten.',
        'You have a verschoningsrecht: there is no duty to report; reporting is allowed only under a conflict of duties.',
      ),
      notMet: t('Niet aan de orde.', 'Not at issue.'),
      sources: [S.qAangifte, S.qStrafbaar, S.sv160],
    },
    {
      id: 'police.offence_too_minor',
      kind: 'helper',
      applies: { all: [{ recipient: JUSTICE }, { purpose: ['crime_investigation'] }] },
      when: { answer: 'crime.kind', in: ['cannabis_plantation', 'minor_offence'] },
      title: t('Feit rechtvaardigt geen doorbreking', 'Offence does not justify breaking secrecy'),
      description: t(
        'Een wietplantage bij de cliënt thuis of een licht vermogensdelict (diefstal, heling, belastingontduiking) rechtvaardigt niet dat je de politie inlicht; wijs de cliënt erop dat hij een strafbaar feit pleegt. Alleen bij een ernstig misdrijf of gevaar voor de veiligheid kan dat anders zijn.',
        'A cannabis plantation at the client’s home or a minor property offence (theft, handling stolen goods, tax evasion) does not justify informing the police; point out to the client that it is an offence. Only a serious crime or danger to safety can change that.',
      ),
      met: t(
        'Het gaat om een wietplantage of een licht delict: dat rechtvaardigt geen doorbreking van het beroepsgeheim.',
        'This is a cannabis plantation or minor offence: that does not justify breaking secrecy.',
      ),
      notMet: t(
        'Het gaat niet om een wietplantage of licht delict.',
        'This is not a cannabis plantation or minor offence.',
      ),
      sources: [S.qWiet, S.qAmbulant],
    },
    {
      id: 'police.wijkagent_case_discussion',
      kind: 'notice',
      explain: true,
      applies: { all: [{ recipient: ['police'] }, { purpose: ['case_consultation'] }] },
      title: t('Wijkagent in casusoverleg', 'Community officer in a case meeting'),
      description: t(
        'Een politieagent in een wijkteam of casusoverleg kan alleen meedoen als de gegevens over de persoon anoniem blijven.',
        'A police officer in a neighbourhood team or case meeting can take part only if the data about the person stay anonymous.',
      ),
      met: t(
        'Met een (wijk)agent bespreek je een casus alleen geanonimiseerd.',
        'With a (community) police officer you discuss a case only anonymised.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.rVerantwoordelijkheid, S.wMogelijkheden],
    },
    {
      id: 'conflict.acute_danger',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: { recipient: ['police', 'veilig_thuis', 'child_protection_board', 'other_professional'] },
      when: { rule: 'danger.acute' },
      title: t('Acuut gevaar afwenden', 'Averting acute danger'),
      description: t(
        'Acuut gevaar is het duidelijkste geval van conflict van plichten: er is geen tijd voor toestemming of de stappen van de meldcode. Schakel direct politie/112, Veilig Thuis, de crisisdienst of (bij een kind) de Raad voor de Kinderbescherming in en geef alleen wat nodig is om het gevaar af te wenden.',
        'Acute danger is the clearest case of a conflict of duties: there is no time for consent or the reporting-code steps. Call the police/112, Veilig Thuis, the crisis service or (for a child) the Child Protection Board at once and give only what is needed to avert the danger.',
      ),
      met: t(
        'Er is acuut gevaar en deze ontvanger kan het afwenden: delen mag, alleen wat het gevaar afwendt.',
        'There is acute danger and this recipient can avert it: sharing is allowed, only what averts the danger.',
      ),
      notMet: t('Er is geen acuut gevaar.', 'There is no acute danger.'),
      sources: [S.wConflict, S.pUitwisselen, S.qVeiligThuis, S.qWiet],
    },
    {
      id: 'conflict.criteria',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: {
        all: [
          { not: { recipient: ['tax_authority', 'insurer_or_funder', 'lawyer'] } },
          { purpose: CONFLICT_PURPOSES },
        ],
      },
      when: {
        all: [
          { not: { rule: 'police.offence_too_minor' } },
          yes('conflict.consentSought'),
          yes('conflict.conscienceDistress'),
          yes('conflict.noAlternative'),
          yes('conflict.seriousHarm'),
          yes('conflict.disclosurePreventsHarm'),
        ],
      },
      title: t('Voorwaarden van conflict van plichten vervuld', 'Conditions of a conflict of duties met'),
      description: t(
        'Zonder toestemming mag je delen om ernstige schade te voorkomen als alle voorwaarden gelden: alles gedaan om toestemming te krijgen, gewetensnood, geen andere weg, ernstige schade bij zwijgen, en vrijwel zeker dat delen de schade voorkomt of beperkt. De zesde voorwaarde, proportionaliteit, bewaakt de minimalisatie: alleen wat de schade afwendt, aan iemand die er iets aan kan doen. Voorbeelden: dreiging tegen de ex-partner, een dronken motorrijder, een aangekondigde aanslag, moord of ontvoering, een shaken baby.',
        'Without consent you may share to prevent serious harm when all conditions hold: everything done to obtain consent, distress of conscience, no other way, serious harm if silent, and almost certain that sharing prevents or limits the harm. The sixth condition, proportionality, is guarded by minimisation: only what averts the harm, to someone who can act. Examples: a threat to an ex-partner, a drunk motorcyclist, an announced bombing, murder or kidnapping, a shaken baby.',
      ),
      met: t(
        'Aan alle voorwaarden van conflict van plichten is voldaan: doorbreken mag, zo beperkt mogelijk.',
        'All conditions of a conflict of duties are met: breaking secrecy is allowed, as narrowly as possible.',
      ),
      notMet: t(
        'Niet aan alle voorwaarden van conflict van plichten voldaan: doorbreken mag op deze grond niet.',
        'Not all conditions of a conflict of duties are met: breaking secrecy on this ground is not allowed.',
      ),
      sources: [
        S.wConflict,
        S.qCvpGronden,
        S.qCvpHandelen,
        S.iConflict,
        S.rRegels,
        S.qStrafbaar,
        S.qMondeling,
        S.qWiet,
      ],
    },
    {
      id: 'police.weapon',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: { all: [{ recipient: ['police'] }, { purpose: ['crime_investigation'] }] },
      when: { answer: 'crime.kind', is: 'weapon' },
      title: t('Wapen afgeven aan de politie', 'Handing a weapon to the police'),
      description: t(
        'Heeft een cliënt een wapen, dan is melding bij de politie de aangewezen weg. Een gevonden wapen geef je af zonder de herkomst te noemen; aangifte met de identiteit van de cliënt vraagt de volledige afweging van conflict van plichten.',
        'When a client has a weapon, notifying the police is the way to go. A weapon found is handed in without naming its origin; reporting with the client’s identity needs the full conflict-of-duties weighing.',
      ),
      met: t(
        'Het gaat om een wapen: geef het af aan de politie zonder de identiteit van de cliënt prijs te geven.',
        'This concerns a weapon: hand it to the police without revealing the client’s identity.',
      ),
      notMet: t('Het gaat niet om een wapen.', 'This does not concern a weapon.'),
      sources: [S.qWapen, S.qAmbulant],
    },
  ],

  // --- Obligations the professional must still meet -------------------------------------------
  obligations: [
    {
      id: 'call_emergency_services',
      when: { rule: 'danger.acute' },
      text: t(
        'Bel direct 112 of de politie (of schakel de crisisdienst of Veilig Thuis in); de vaste stappen wachten tot het gevaar geweken is.',
        'Call 112 or the police at once (or the crisis service or Veilig Thuis); the usual steps wait until the danger has passed.',
      ),
      sources: [S.wConflict, S.pUitwisselen],
    },
    {
      id: 'record_in_dossier',
      when: { always: true },
      text: t(
        'Leg de afweging vast in het cliëntdossier: wie vroeg wat en waarvoor, de grond en de beantwoorde voorwaarden, wat je wel en niet deelde en waarom, of de cliënt is geïnformeerd en of je een collega raadpleegde.',
        'Record the weighing in the client record: who asked what and why, the ground and the conditions as answered, what you shared and withheld and why, whether the client was informed and whether you consulted a colleague.',
      ),
      sources: [S.qCvpHandelen, S.pUitwisselen, S.wAdvies],
    },
    {
      id: 'inform_client',
      when: {
        all: [
          { decision: ['required', 'allowed'] },
          {
            any: [
              { ground: ['legal_obligation', 'conflict_of_duties'] },
              {
                all: [
                  { ground: ['reporting_right'] },
                  { not: yesOnly('report.clientInformed') },
                  { not: { answered: 'report.notInformedReason' } },
                ],
              },
            ],
          },
        ],
      },
      text: t(
        'Laat de cliënt (of bij een kind: de ouders) weten dat en welke informatie je deelt: bij een wettelijke plicht altijd, anders zo mogelijk vooraf en zo niet achteraf, tenzij dat iemands veiligheid in gevaar brengt.',
        'Let the client (for a child: the parents) know that and which information you share: always under a legal obligation, otherwise beforehand where possible and afterwards if not, unless that endangers someone’s safety.',
      ),
      sources: [S.iWettelijk, S.iConflict, S.wMeldrechten],
    },
    {
      id: 'inform_client_when_safe',
      when: {
        all: [
          { ground: ['reporting_right'] },
          { answered: 'report.notInformedReason' },
          { not: yesOnly('report.clientInformed') },
        ],
      },
      text: t(
        'Je informeert de cliënt of ouders niet vooraf om de opgegeven reden (veiligheid, contact verliezen of je eigen veiligheid). Leg die reden vast en informeer hen zodra dat veilig kan.',
        'You do not inform the client or parents beforehand for the reason given (safety, losing contact or your own safety). Record that reason and inform them as soon as it is safe.',
      ),
      sources: [S.wInformerenFn17],
    },
    {
      id: 'consult_colleague',
      when: {
        any: [
          { all: [{ ground: ['conflict_of_duties'] }, { not: yesOnly('conflict.colleagueConsulted') }] },
          { all: [{ decision: ['needs_more_information'] }, { unresolved: 'conflict.criteria' }] },
        ],
      },
      text: t(
        'Overleg (geanonimiseerd) met een collega, leidinggevende of de geneesheer-directeur of er echt een conflict van plichten is en welke stappen passen.',
        'Consult (anonymously) a colleague, manager or the medical director on whether there really is a conflict of duties and which steps fit.',
      ),
      sources: [S.qCvpHandelen, S.iConflict],
    },
    {
      id: 'disclose_minimum',
      when: { ground: ['conflict_of_duties'] },
      text: t(
        'Doorbreek zo weinig mogelijk: geef alleen direct relevante gegevens aan iemand die het gevaar kan afwenden (proportionaliteit, de zesde voorwaarde).',
        'Break secrecy as little as possible: give only directly relevant information to someone who can avert the danger (proportionality, the sixth condition).',
      ),
      sources: [S.qCvpGronden, S.qCvpHandelen, S.iConflict],
    },
    {
      id: 'follow_meldcode',
      when: {
        all: [
          { not: yesOnly('danger.acute') },
          { not: yesOnly('report.meldcodeFollowed') },
          {
            any: [
              { recipient: ['veilig_thuis'] },
              { purpose: ['child_safety', 'domestic_violence'] },
              { answer: 'report.suspicion', in: ['child_abuse', 'domestic_violence'], ifUnanswered: false },
            ],
          },
          { not: { route: ['report.veilig_thuis_request', 'report.child_protection_board_request'] } },
        ],
      },
      text: t(
        'Volg de stappen van de meldcode: signalen in kaart brengen, (geanonimiseerd) advies vragen aan een collega en/of Veilig Thuis, in gesprek gaan met de cliënt, het risico wegen en dan beslissen.',
        'Follow the steps of the reporting code: map the signals, ask (anonymised) advice from a colleague and/or Veilig Thuis, talk with the client, weigh the risk and then decide.',
      ),
      sources: [S.wMeldrechten, S.qMeldcode, S.meldcodeWet],
    },
    {
      id: 'invoke_verschoningsrecht',
      when: {
        all: [{ recipient: JUSTICE }, { profession: PRIVILEGED }, { not: { decision: ['required'] } }],
      },
      text: t(
        'Je hoeft politie en justitie niet te antwoorden. Zeg bij elke vraag die je niet beantwoordt uitdrukkelijk dat je je beroept op je verschoningsrecht.',
        'You need not answer the police or justice. For each question you do not answer, say explicitly that you invoke your verschoningsrecht.',
      ),
      sources: [S.qPolitie, S.qBeroepOp, S.qPerVraag],
    },
    {
      id: 'check_derived_verschoningsrecht',
      when: {
        all: [
          { recipient: JUSTICE },
          { not: { profession: PRIVILEGED } },
          { not: { decision: ['required'] } },
        ],
      },
      text: t(
        'Ga na of je een afgeleid verschoningsrecht hebt omdat je nauw samenwerkt met iemand die het wel heeft (bijvoorbeeld een arts). Zo ja, beroep je er per vraag uitdrukkelijk op; zo niet, vraag de rechter je te verschonen.',
        'Check whether you have a derived verschoningsrecht because you work closely with someone who has one (for example a doctor). If so, invoke it explicitly per question; if not, ask the court to excuse you.',
      ),
      sources: [S.qAfgeleid, S.rRegels, S.qBeroepOp],
    },
    {
      id: 'ask_legal_basis_in_writing',
      when: {
        any: [
          yesOnly('request.basedOnCovenant'),
          {
            all: [
              { recipient: REQUESTERS },
              { not: yesOnly('request.legalBasisStated') },
              { decision: ['not_allowed', 'needs_more_information'] },
            ],
          },
        ],
      },
      text: t(
        'Vraag de vragende partij schriftelijk aan te geven op welke wettelijke grondslag je de informatie zou moeten verstrekken, en leg het antwoord vast.',
        'Ask the requester to state in writing on which legal basis you would have to provide the information, and record the answer.',
      ),
      sources: [S.wJuristenFn4, S.iHoe],
    },
    {
      id: 'weigh_even_with_consent',
      when: { ground: ['consent'] },
      text: t(
        'Toestemming is geen vrijbrief: deel alleen wat voor het doel nodig is, en je mag weigeren als delen niet in het belang van de cliënt is of in strijd met goed hulpverlenerschap.',
        'Consent is not a free pass: share only what the purpose needs, and you may refuse if sharing is not in the client’s interest or conflicts with good caregiving.',
      ),
      sources: [S.wToestemming, S.iToestemming],
    },
    {
      id: 'check_consent_freedom',
      when: {
        all: [
          { any: [{ ground: ['consent'] }, { route: ['legal.wmo_medical_information'] }] },
          {
            recipient: [
              'municipality',
              'employer',
              'insurer_or_funder',
              'social_neighbourhood_team',
              'probation_service',
            ],
          },
        ],
      },
      text: t(
        'Controleer dat de toestemming niet is gevraagd door de instantie waarvan de cliënt afhankelijk is; toestemming onder die druk is niet vrij.',
        'Check that the consent was not asked by the body the client depends on; consent under that pressure is not free.',
      ),
      sources: [S.rFocus, S.rVerantwoordelijkheid],
    },
    {
      id: 'share_only_for_task',
      when: { ground: ['direct_involvement'] },
      text: t(
        'Geef alleen wat de ontvanger voor zijn deel van de behandeling nodig heeft (een fysiotherapeut heeft bijvoorbeeld maar een deel van het dossier nodig).',
        'Give only what the recipient needs for their part of the treatment (a physiotherapist, for example, needs only part of the record).',
      ),
      sources: [S.qWelkeInformatie, S.bw457],
    },
    {
      id: 'assess_before_access',
      when: { ground: ['representative'] },
      text: t(
        'Beoordeel vóór inzage wat je achterhoudt: informatie die de privacy van een ander schaadt, en wat een goed hulpverlener niet zou geven.',
        'Before giving access, assess what to withhold: information that harms another person’s privacy, and what a good caregiver would not give.',
      ),
      sources: [S.qVoogdij, S.qAdvocaat],
    },
    {
      id: 'obtain_written_consent',
      when: { all: [{ recipient: ['successor_other_institution'] }, { not: { decision: ['allowed'] } }] },
      text: t(
        'Vraag de cliënt om schriftelijke toestemming voordat je het dossier aan de nieuwe instelling overdraagt.',
        'Ask the client for written consent before handing the record to the new institution.',
      ),
      sources: [S.qOpvolger],
    },
    {
      id: 'point_out_offence_to_client',
      when: {
        all: [
          { recipient: JUSTICE },
          { answer: 'crime.kind', is: 'cannabis_plantation', ifUnanswered: false },
        ],
      },
      text: t(
        'Meld de wietplantage niet bij de politie, maar wijs de cliënt erop dat hij een strafbaar feit pleegt.',
        'Do not report the cannabis plantation to the police, but point out to the client that it is an offence.',
      ),
      sources: [S.qWiet],
    },
    {
      id: 'hand_in_weapon_anonymously',
      when: { all: [{ recipient: ['police'] }, { answer: 'crime.kind', is: 'weapon', ifUnanswered: false }] },
      text: t(
        'Geef een gevonden wapen af aan de politie zonder de herkomst (de identiteit van de cliënt) te noemen.',
        'Hand a weapon found to the police without naming its origin (the client’s identity).',
      ),
      sources: [S.qWapen],
    },
    {
      id: 'anonymise_case_discussion',
      when: {
        any: [
          { all: [{ recipient: ['police'] }, { purpose: ['case_consultation'] }] },
          {
            all: [
              { recipient: ['safety_house', 'social_neighbourhood_team'] },
              { decision: ['not_allowed', 'needs_more_information'] },
            ],
          },
        ],
      },
      text: t(
        'Bespreek de casus alleen geanonimiseerd, zodat de cliënt niet herkenbaar is.',
        'Discuss the case only anonymised, so that the client cannot be identified.',
      ),
      sources: [S.rVerantwoordelijkheid, S.wMeldrechten],
    },
    {
      id: 'instruct_without_disclosing',
      when: {
        all: [{ recipient: ['informal_carer'] }, { decision: ['not_allowed', 'needs_more_information'] }],
      },
      text: t(
        'Je mag de mantelzorger zonder het beroepsgeheim te doorbreken wel instructies geven over de aanpak van de zorg.',
        'Without breaking secrecy you may still instruct the informal carer on how to approach the care.',
      ),
      sources: [S.rInformeel],
    },
  ],

  // --- Minimisation: per requested category, the first matching rule --------------------------
  minimisation: [
    {
      id: 'min.pending',
      action: 'withhold',
      when: { decision: ['needs_more_information'] },
      reason: t(
        'Nog geen grond vastgesteld: niets delen tot de open vragen zijn beantwoord.',
        'No ground established yet: share nothing until the open questions are answered.',
      ),
      sources: [S.wRisico, S.wMogelijkheden],
    },
    {
      id: 'min.no_ground',
      action: 'withhold',
      when: { decision: ['not_allowed'] },
      reason: t(
        'Er is geen grond om het beroepsgeheim te doorbreken.',
        'There is no ground to break professional secrecy.',
      ),
      sources: [S.wRisico, S.iHoe],
    },
    {
      id: 'min.wmo_file_check.administrative',
      action: 'share',
      when: { all: [{ route: ['legal.wmo_file_check'] }, { category: ['administrative'] }] },
      reason: t(
        'Bij de Wmo-dossiercontrole mag de gemeente de administratieve onderdelen inzien.',
        'In the Wmo file check the municipality may see the administrative items.',
      ),
      sources: [S.qDossiercontrole, S.wmo],
    },
    {
      id: 'min.wmo_file_check.content',
      action: 'withhold',
      when: { route: ['legal.wmo_file_check'] },
      reason: t(
        'De dossiercontrole gaat alleen over administratieve onderdelen, niet over de inhoud van de zorg.',
        'The file check covers administrative items only, not the content of the care.',
      ),
      sources: [S.qDossiercontrole, S.qZorgplan],
    },
    {
      id: 'min.weapon.signal',
      action: 'share',
      when: { all: [{ route: ['police.weapon'] }, { category: ['safety_signals'] }] },
      reason: t(
        'Alleen het wapen zelf (het gevaar), zonder iets over de herkomst.',
        'Only the weapon itself (the danger), without anything about its origin.',
      ),
      sources: [S.qWapen],
    },
    {
      id: 'min.weapon.anonymous',
      action: 'withhold',
      when: { route: ['police.weapon'] },
      reason: t(
        'Bij het afgeven van een wapen noem je de herkomst niet: niets dat de cliënt identificeert.',
        'When handing in a weapon you do not name its origin: nothing that identifies the client.',
      ),
      sources: [S.qWapen],
    },
    {
      id: 'min.full_record.conflict',
      action: 'withhold',
      when: { all: [{ ground: ['conflict_of_duties'] }, { category: ['full_record'] }] },
      reason: t(
        'Bij conflict van plichten nooit het hele dossier: alleen wat de schade afwendt.',
        'Under a conflict of duties never the full record: only what averts the harm.',
      ),
      sources: [S.qCvpGronden, S.iConflict],
    },
    {
      id: 'min.full_record.custody',
      action: 'withhold',
      when: {
        all: [
          { route: REPRESENTATIVE_ROUTES },
          { purpose: ['legal_proceedings'] },
          { category: ['full_record'] },
        ],
      },
      reason: t(
        'Inzage voor een juridische procedure (zoals een voogdijzaak) geef je niet of gedeeltelijk: beoordeel vooraf wat je deelt, niet het hele dossier.',
        'Access for legal proceedings (such as a custody case) is refused or partial: assess beforehand what to share, not the full record.',
      ),
      sources: [S.qVoogdij],
    },
    {
      id: 'min.full_record.task',
      action: 'withhold',
      when: {
        all: [
          { route: ['involvement.treating_team', 'involvement.substitute'] },
          { category: ['full_record'] },
        ],
      },
      reason: t(
        'Een rechtstreeks betrokkene krijgt alleen de delen van het dossier die hij voor zijn taak nodig heeft, niet het geheel.',
        'A directly involved professional receives only the parts of the record their task needs, not the whole.',
      ),
      sources: [S.qWelkeInformatie, S.bw457],
    },
    {
      id: 'min.full_record.outside_treatment',
      action: 'withhold',
      when: {
        all: [
          { category: ['full_record'] },
          {
            not: {
              route: [
                'involvement.successor_same_institution',
                'consent.successor_other_institution',
                ...REPRESENTATIVE_ROUTES,
              ],
            },
          },
        ],
      },
      reason: t(
        'Het volledige dossier gaat nooit naar partijen buiten de behandeling; deel alleen de benoemde gegevens die het doel nodig heeft.',
        'The full record never goes to parties outside the treatment; share only the named items the purpose needs.',
      ),
      sources: [S.qFinancier, S.wToestemming, S.avg5],
    },
    {
      id: 'min.third_party.lawyer',
      action: 'withhold',
      when: { all: [{ recipient: ['lawyer'] }, { category: ['third_party_information'] }] },
      reason: t(
        'Informatie die het belang van een ander dan de cliënt schaadt, hoeft niet naar de advocaat, ook niet met toestemming van de cliënt.',
        'Information harming someone other than the client need not go to the lawyer, even with the client’s consent.',
      ),
      sources: [S.qAdvocaat],
    },
    {
      id: 'min.third_party.custody',
      action: 'withhold',
      when: {
        all: [
          { recipient: ['representative'] },
          { purpose: ['legal_proceedings'] },
          { category: ['third_party_information'] },
        ],
      },
      reason: t(
        'Informatie over de ex-partner of anderen, gevraagd voor een voogdijzaak, schaadt hun privacy en wordt niet gedeeld.',
        'Information about the ex-partner or others, asked for a custody case, harms their privacy and is not shared.',
      ),
      sources: [S.qVoogdij],
    },
    {
      id: 'min.third_party.needed',
      action: 'share',
      when: {
        all: [
          { category: ['third_party_information'] },
          yesOnly('info.thirdPartyStrictlyNeeded'),
          {
            any: [
              { ground: ['direct_involvement', 'representative', 'conflict_of_duties'] },
              { all: [{ ground: ['reporting_right'] }, { not: { route: ['report.risk_youth_index'] } }] },
              { route: ['legal.family_guardian', 'legal.infectious_disease', 'legal.art160_sv'] },
            ],
          },
        ],
      },
      reason: t(
        'Informatie over een ander is hier strikt nodig voor het doel (bijvoorbeeld wie bedreigd wordt); deel alleen dat deel.',
        'Information about another person is strictly necessary here (for example who is threatened); share only that part.',
      ),
      sources: [S.qVoogdij, S.wConflict, S.avg5],
    },
    {
      id: 'min.third_party.default',
      action: 'withhold',
      when: { category: ['third_party_information'] },
      reason: t(
        'Informatie over anderen dan de cliënt blijft achter, tenzij strikt nodig; toestemming van de cliënt dekt de privacy van anderen niet.',
        'Information about people other than the client is withheld unless strictly necessary; the client’s consent does not cover other people’s privacy.',
      ),
      sources: [S.qVoogdij, S.qAdvocaat, S.avg5],
    },
    {
      id: 'min.legal.infectious_disease',
      action: 'share',
      when: {
        all: [{ route: ['legal.infectious_disease'] }, { category: ['identity_and_contact', 'diagnosis'] }],
      },
      reason: t(
        'Nodig voor de melding: wie het is en welke infectieziekte.',
        'Needed for the notification: who it is and which infectious disease.',
      ),
      sources: [S.wWettelijk, S.wpg, S.iWettelijk],
    },
    {
      id: 'min.legal.compulsory_care',
      action: 'share',
      when: {
        all: [{ route: ['legal.compulsory_care'] }, { category: ['identity_and_contact', 'treatment'] }],
      },
      reason: t(
        'Nodig voor de melding: wie het is en welke verplichte zorg wordt toegepast.',
        'Needed for the notification: who it is and which compulsory care is applied.',
      ),
      sources: [S.wWettelijk, S.wvggz, S.iWettelijk],
    },
    {
      id: 'min.legal.death_notification',
      action: 'share',
      when: {
        all: [{ route: ['legal.death_notification'] }, { category: ['identity_and_contact', 'diagnosis'] }],
      },
      reason: t(
        'Alleen wat de wet voor de melding van het overlijden vraagt (wie, en de doodsoorzaak voor zover voorgeschreven).',
        'Only what the law asks for the death notification (who, and the cause of death insofar as prescribed).',
      ),
      sources: [S.wWettelijk, S.wlb, S.iWat],
    },
    {
      id: 'min.legal.family_guardian',
      action: 'share',
      when: {
        all: [
          { route: ['legal.family_guardian'] },
          {
            category: [
              'identity_and_contact',
              'care_relationship',
              'attendance',
              'treatment',
              'safety_signals',
              'social_circumstances',
            ],
          },
        ],
      },
      reason: t(
        'Nodig voor het toezicht op de veiligheid en ontwikkeling van de minderjarige.',
        'Needed for supervising the minor’s safety and development.',
      ),
      sources: [S.iWettelijk, S.jw7311],
    },
    {
      id: 'min.legal.probation',
      action: 'share',
      when: {
        all: [
          { route: ['legal.probation'] },
          { category: ['identity_and_contact', 'care_relationship', 'attendance', 'treatment'] },
        ],
      },
      reason: t(
        'Nodig om de behandeltrouw te melden: of de cliënt in zorg is, komt en meewerkt.',
        'Needed to report treatment adherence: whether the client is in care, attends and cooperates.',
      ),
      sources: [S.iWettelijk, S.wfz],
    },
    {
      id: 'min.legal.wmo_medical_information',
      action: 'share',
      when: {
        all: [
          { route: ['legal.wmo_medical_information'] },
          {
            category: [
              'identity_and_contact',
              'care_relationship',
              'diagnosis',
              'treatment',
              'medication',
              'mental_health',
              'addiction',
              'social_circumstances',
            ],
          },
        ],
      },
      reason: t(
        'Medische gegevens waarvoor de cliënt vrij heeft toegestemd en die de gemeente voor de ondersteuning nodig heeft.',
        'Medical information the client freely consented to and the municipality needs for the support.',
      ),
      sources: [S.wWettelijkFn11, S.wmo525, S.iWettelijk],
    },
    {
      id: 'min.legal.art160_sv',
      action: 'share',
      when: {
        all: [
          { route: ['legal.art160_sv'] },
          { category: ['identity_and_contact', 'criminal_justice', 'safety_signals'] },
        ],
      },
      reason: t(
        'Nodig voor de aangifte: wie, en wat je weet van het misdrijf.',
        'Needed for the report: who, and what you know of the crime.',
      ),
      sources: [S.qAangifte, S.sv160],
    },
    {
      id: 'min.legal.other',
      action: 'withhold',
      when: { ground: ['legal_obligation'] },
      reason: t(
        'Valt buiten wat de wettelijke plicht vraagt; alleen noodzakelijke en relevante informatie gaat mee.',
        'Falls outside what the legal obligation asks; only necessary and relevant information goes along.',
      ),
      sources: [S.iWettelijk, S.avg5],
    },
    {
      id: 'min.involvement',
      action: 'share',
      when: { ground: ['direct_involvement'] },
      reason: t(
        'Voor zover de rechtstreeks betrokkene dit voor zijn taak in de behandeling nodig heeft.',
        'Insofar as the directly involved professional needs it for their task in the treatment.',
      ),
      sources: [S.qWelkeInformatie, S.bw457, S.wMogelijkheden],
    },
    {
      id: 'min.representative',
      action: 'share',
      when: { ground: ['representative'] },
      reason: t(
        'De vertegenwoordiger heeft recht op deze informatie, na je beoordeling wat een goed hulpverlener zou achterhouden.',
        'The representative is entitled to this information, after you assess what a good caregiver would withhold.',
      ),
      sources: [S.qWelkeInformatie, S.qVoogdij],
    },
    {
      id: 'min.consent',
      action: 'share',
      when: { ground: ['consent'] },
      reason: t(
        'Valt onder de specifieke toestemming; deel alleen als het voor het doel nodig is.',
        'Covered by the specific consent; share only if the purpose needs it.',
      ),
      sources: [S.iToestemming, S.wToestemming],
    },
    {
      id: 'min.report.veilig_thuis',
      action: 'share',
      when: {
        all: [
          {
            route: [
              'report.veilig_thuis_child',
              'report.veilig_thuis_adult',
              'report.veilig_thuis_request',
              'report.child_protection_board_request',
            ],
          },
          {
            category: ['identity_and_contact', 'care_relationship', 'safety_signals', 'social_circumstances'],
          },
        ],
      },
      reason: t(
        'Nodig om het vermoeden te onderzoeken en het geweld of de mishandeling aan te pakken.',
        'Needed to investigate the suspicion and tackle the violence or abuse.',
      ),
      sources: [S.pUitwisselen, S.pMeldrecht, S.wmo526],
    },
    {
      id: 'min.report.risk_youth_index',
      action: 'share',
      when: {
        all: [
          { route: ['report.risk_youth_index'] },
          { category: ['identity_and_contact', 'care_relationship'] },
        ],
      },
      reason: t(
        'Een signaal bevat alleen wie de jongere is en dat jij betrokken bent.',
        'A signal holds only who the young person is and that you are involved.',
      ),
      sources: [S.wVirFn15, S.jw7141],
    },
    {
      id: 'min.report.consultation',
      action: 'share',
      when: {
        all: [
          { route: ['report.safety_consultation'] },
          { category: ['identity_and_contact', 'care_relationship', 'safety_signals'] },
        ],
      },
      reason: t(
        'Alleen wat nodig is om hulpverlening op gang te brengen.',
        'Only what is needed to get help started.',
      ),
      sources: [S.pUitwisselen],
    },
    {
      id: 'min.report.other',
      action: 'withhold',
      when: { ground: ['reporting_right'] },
      reason: t(
        'Niet nodig om de onveiligheid aan te pakken; beschrijf signalen, niet diagnoses.',
        'Not needed to tackle the lack of safety; describe signals, not diagnoses.',
      ),
      sources: [S.pUitwisselen, S.avg5],
    },
    {
      id: 'min.conflict.police_crime',
      action: 'share',
      when: {
        all: [
          { route: ['conflict.criteria'] },
          { recipient: JUSTICE },
          { purpose: ['crime_investigation'] },
          { category: ['criminal_justice'] },
        ],
      },
      reason: t(
        'Wat je weet van het (vermoedelijke) ernstige misdrijf, voor zover dat de schade afwendt.',
        'What you know of the (suspected) serious crime, insofar as it averts the harm.',
      ),
      sources: [S.qStrafbaar, S.qCvpGronden],
    },
    {
      id: 'min.conflict.core',
      action: 'share',
      when: {
        all: [{ ground: ['conflict_of_duties'] }, { category: ['identity_and_contact', 'safety_signals'] }],
      },
      reason: t(
        'Nodig om de schade af te wenden: wie het betreft en wat het gevaar is.',
        'Needed to avert the harm: who it concerns and what the danger is.',
      ),
      sources: [S.qCvpGronden, S.qCvpHandelen, S.iConflict],
    },
    {
      id: 'min.conflict.other',
      action: 'withhold',
      when: { ground: ['conflict_of_duties'] },
      reason: t(
        'Niet nodig om de schade af te wenden; zelden is een diagnose nodig.',
        'Not needed to avert the harm; a diagnosis is rarely needed.',
      ),
      sources: [S.qCvpGronden, S.iConflict],
    },
    {
      id: 'min.default',
      action: 'withhold',
      when: { always: true },
      reason: t(
        'Niet nodig voor dit doel (dataminimalisatie).',
        'Not needed for this purpose (data minimisation).',
      ),
      sources: [S.avg5, S.wToestemming],
    },
  ],
};

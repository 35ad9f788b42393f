/**
 * Minimisation: per requested category the first matching rule decides share or withhold, with its
 * reason. A rule that waits for an answer (info.thirdPartyStrictlyNeeded) withholds the category
 * for now and, once the decision stands, asks that question.
 */
import { JUSTICE, type MinimisationRule, REPRESENTATIVE_ROUTES, t, yes } from './common.js';
import { S } from './sources.js';

const FUNDER_ROUTES = ['legal.insurer_zvw', 'legal.care_office_wlz'];

export const minimisation: MinimisationRule[] = [
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
    when: { all: [{ route: ['legal.wmo_file_check'] }, { category: ['administrative', 'attendance'] }] },
    reason: t(
      'Bij de Wmo-dossiercontrole mag de gemeente de administratieve onderdelen inzien en het bewijs dat dagbesteding is geleverd (geen inhoud).',
      'In the Wmo file check the municipality may see the administrative items and the proof that day activities were delivered (no content).',
    ),
    sources: [S.qDossiercontrole],
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
    id: 'min.funder.declaration',
    action: 'share',
    when: {
      all: [
        { route: FUNDER_ROUTES },
        { category: ['identity_and_contact', 'care_relationship', 'administrative', 'diagnosis'] },
      ],
    },
    reason: t(
      'Alleen de declaratiegegevens: wie, welke zorg is geleverd en, waar de regeling dat vraagt, de diagnosecode; niet de inhoud.',
      'Only the claims data: who, which care was delivered and, where the rules ask for it, the diagnosis code; not the content.',
    ),
    sources: [S.qFinancier, S.rRegelsFn17],
  },
  {
    id: 'min.funder.record',
    action: 'withhold',
    when: { route: FUNDER_ROUTES },
    reason: t(
      'Een financier krijgt geen toegang tot het dossier of de inhoud van de zorg.',
      'A funder gets no access to the record or the content of the care.',
    ),
    sources: [S.qFinancier],
  },
  {
    id: 'min.death.registrar',
    action: 'share',
    when: { all: [{ route: ['legal.death_notification'] }, { category: ['identity_and_contact'] }] },
    reason: t('De verklaring van overlijden: wie er is overleden.', 'The death certificate: who has died.'),
    sources: [S.wWettelijkWlb],
  },
  {
    id: 'min.death.coroner',
    action: 'share',
    when: {
      all: [
        { route: ['legal.death_coroner'] },
        { category: ['identity_and_contact', 'diagnosis', 'treatment', 'medication'] },
      ],
    },
    reason: t(
      'Wat de gemeentelijk lijkschouwer nodig heeft om over de doodsoorzaak te oordelen.',
      'What the municipal coroner needs to judge the cause of death.',
    ),
    sources: [S.wWettelijkWlb],
  },
  {
    id: 'min.death.other',
    action: 'withhold',
    when: { route: ['legal.death_notification', 'legal.death_coroner'] },
    reason: t(
      'Het geheim geldt ook na de dood; de doodsoorzaak en andere medische gegevens gaan nooit naar de burgerlijke stand.',
      'Secrecy continues after death; the cause of death and other medical information never go to the civil registry.',
    ),
    sources: [S.iWat, S.wWettelijkWlb],
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
    sources: [S.qWelkeInformatie, S.wMogelijkheden457],
  },
  {
    id: 'min.full_record.lawyer_consent',
    action: 'share',
    when: { all: [{ recipient: ['lawyer'] }, { ground: ['consent'] }, { category: ['full_record'] }] },
    reason: t(
      'Met toestemming van de cliënt mag de advocaat een afschrift krijgen, zonder informatie over anderen en zonder wat een goed hulpverlener niet zou geven.',
      'With the client’s consent the lawyer may receive a copy, without information about others and without what a good caregiver would not give.',
    ),
    sources: [S.qAdvocaat],
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
      'Het volledige dossier gaat niet naar partijen buiten de behandeling; deel alleen de benoemde gegevens die het doel nodig heeft.',
      'The full record does not go to parties outside the treatment; share only the named items the purpose needs.',
    ),
    sources: [S.qFinancier, S.wToestemming, S.qAvg],
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
        {
          any: [
            { ground: ['direct_involvement', 'representative', 'conflict_of_duties'] },
            { all: [{ ground: ['reporting_right'] }, { not: { route: ['report.risk_youth_index'] } }] },
            { route: ['legal.family_guardian', 'legal.infectious_disease', 'legal.art160_sv'] },
          ],
        },
        yes('info.thirdPartyStrictlyNeeded'),
      ],
    },
    reason: t(
      'Informatie over een ander is hier strikt nodig voor het doel (bijvoorbeeld wie bedreigd wordt); deel alleen dat deel.',
      'Information about another person is strictly necessary here (for example who is threatened); share only that part.',
    ),
    sources: [S.qVoogdij, S.wConflict, S.qAvg],
  },
  {
    id: 'min.third_party.default',
    action: 'withhold',
    when: { category: ['third_party_information'] },
    reason: t(
      'Informatie over anderen dan de cliënt blijft achter, tenzij strikt nodig; toestemming van de cliënt dekt de privacy van anderen niet.',
      'Information about people other than the client is withheld unless strictly necessary; the client’s consent does not cover other people’s privacy.',
    ),
    sources: [S.qVoogdij, S.qAdvocaat, S.qAvg],
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
    sources: [S.wWettelijkWpg, S.iWettelijk],
  },
  {
    id: 'min.legal.compulsory_care',
    action: 'share',
    when: {
      all: [
        { route: ['legal.compulsory_care_bopz', 'legal.compulsory_care'] },
        { category: ['identity_and_contact', 'treatment'] },
      ],
    },
    reason: t(
      'Nodig voor de melding: wie het is en welke verplichte zorg wordt toegepast.',
      'Needed for the notification: who it is and which compulsory care is applied.',
    ),
    sources: [S.wWettelijkBopz, S.iWettelijk],
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
    sources: [S.iWettelijkJw],
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
    sources: [S.iWettelijkWfz],
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
    sources: [S.wWettelijkFn11, S.iWettelijk],
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
    sources: [S.iWettelijk, S.qAvg],
  },
  {
    id: 'min.involvement.unrelated',
    action: 'withhold',
    when: { all: [{ ground: ['direct_involvement'] }, { category: ['criminal_justice', 'financial'] }] },
    reason: t(
      'Heeft niets met de behandeling te maken; zulke informatie deel je ook met een rechtstreeks betrokkene alleen met toestemming.',
      'Unrelated to the treatment; such information is shared, even with a directly involved professional, only with consent.',
    ),
    sources: [S.qWelkeInformatie],
  },
  {
    id: 'min.involvement',
    action: 'share',
    when: { ground: ['direct_involvement'] },
    reason: t(
      'Voor zover de rechtstreeks betrokkene dit voor zijn taak in de behandeling nodig heeft.',
      'Insofar as the directly involved professional needs it for their task in the treatment.',
    ),
    sources: [S.qWelkeInformatie, S.wMogelijkheden457],
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
        { category: ['identity_and_contact', 'care_relationship', 'safety_signals', 'social_circumstances'] },
      ],
    },
    reason: t(
      'Nodig om het vermoeden te onderzoeken en het geweld of de mishandeling aan te pakken.',
      'Needed to investigate the suspicion and tackle the violence or abuse.',
    ),
    sources: [S.pUitwisselen, S.pMeldrecht],
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
    sources: [S.wVirFn15],
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
      'Bespreek niet meer dan de ander nodig heeft om hulp voor kind of gezin te kunnen starten.',
      'Discuss no more than the other professional needs to be able to start help for the child or family.',
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
    sources: [S.pUitwisselen, S.qAvg],
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
    id: 'min.conflict.care_recipient',
    action: 'share',
    when: {
      all: [
        {
          any: [
            { route: ['vital_interest.client'] },
            {
              all: [
                { route: ['conflict.acute_danger'] },
                { recipient: ['other_professional', 'general_practitioner'] },
              ],
            },
          ],
        },
        {
          category: [
            'identity_and_contact',
            'safety_signals',
            'diagnosis',
            'medication',
            'treatment',
            'mental_health',
            'addiction',
          ],
        },
      ],
    },
    reason: t(
      'Wat deze zorgverlener nodig heeft om het gevaar voor de cliënt af te wenden, zoals medicatie, diagnose en psychische voorgeschiedenis.',
      'What this care provider needs to avert the danger to the client, such as medication, diagnosis and mental-health history.',
    ),
    sources: [S.qDerden, S.iConflict, S.pUitwisselen],
  },
  {
    id: 'min.conflict.good_caregiving',
    action: 'share',
    when: {
      all: [
        { route: ['care.good_caregiving'] },
        { category: ['identity_and_contact', 'care_relationship', 'mental_health', 'safety_signals'] },
      ],
    },
    reason: t(
      'Alleen wat nodig is om hulp op gang te brengen: wie, dat de cliënt in zorg is, en je zorg over zijn toestand.',
      'Only what is needed to get help started: who, that the client is in care, and your concern about their condition.',
    ),
    sources: [S.wConflict, S.wConflictFn13],
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
      'Om de schade af te wenden volstaat meestal wie het betreft en wat het gevaar is; deze gegevens zijn daarvoor niet nodig.',
      'Averting the harm usually needs no more than who it concerns and what the danger is; this information is not needed for that.',
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
    sources: [S.qAvg, S.wToestemming],
  },
];

/**
 * Scenario cases as data: request → expected decision, ground, deciding rule, shared and withheld
 * categories and missing questions. Each case cites the source passage it comes from; every worked
 * example of the sources is here.
 */
import { describe, expect, it } from 'vitest';
import { type AssessmentResult, evaluate, type Ground } from '../../src/engine/index.js';
import { CONFLICT_MET, REFERENCE_DATE, type RequestSpec, request, VALID_CONSENT } from './support/request.js';

interface Scenario {
  name: string;
  source: string;
  given: RequestSpec;
  expect: {
    decision: AssessmentResult['decision'];
    ground: Ground;
    rule?: string;
    share?: string[];
    withhold?: string[];
    /** Exact missing question ids, in order (default: none). */
    missing?: string[];
    obligations?: string[];
    notObligations?: string[];
    acuteDanger?: boolean;
    /** Rule ids that must appear in the trace as met. */
    met?: string[];
  };
}

const W = '000_6cbe88231b9698a9.txt';
const Q = '001_569039bcc9f1de47.txt';
const P = '002_2d5ae8171832921f.txt';
const R = '003_ecc0cf79778dc46a.txt';
const I = '004_e7e5cb167436ebab.txt';
const NO_CONSENT = { 'consent.given': false };
const NO_HARM = { 'conflict.seriousHarm': false };

const scenarios: Scenario[] = [
  // --- Police and justice -------------------------------------------------------------------
  {
    name: 'nurse gives medical information to a police officer after a bemoeizorg visit',
    source: `${W} §Risico op schending wettelijke geheimhoudingsplicht zorgprofessionals (voetnoot 5)`,
    given: {
      profession: 'nurse',
      recipient: 'police',
      purpose: 'other',
      requested: ['diagnosis', 'mental_health'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...NO_HARM },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      withhold: ['diagnosis', 'mental_health'],
      obligations: ['invoke_verschoningsrecht', 'ask_legal_basis_in_writing', 'record_in_dossier'],
      met: ['involvement.not_directly_involved'],
    },
  },
  {
    name: 'psychiatrist: patient threatens to assault his ex-wife, threat judged real',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'psychiatrist',
      recipient: 'police',
      purpose: 'preventing_serious_harm',
      requested: [
        'identity_and_contact',
        'safety_signals',
        'third_party_information',
        'diagnosis',
        'full_record',
      ],
      answers: {
        'danger.acute': false,
        ...NO_CONSENT,
        ...CONFLICT_MET,
        'info.thirdPartyStrictlyNeeded': true,
      },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.criteria',
      share: ['identity_and_contact', 'safety_signals', 'third_party_information'],
      withhold: ['diagnosis', 'full_record'],
      obligations: ['disclose_minimum', 'consult_colleague', 'inform_client', 'invoke_verschoningsrecht'],
    },
  },
  {
    name: 'ex-wife threat, but keeping silent would not cause serious harm',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'psychiatrist',
      recipient: 'police',
      purpose: 'preventing_serious_harm',
      requested: ['identity_and_contact'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...CONFLICT_MET, 'conflict.seriousHarm': false },
    },
    expect: { decision: 'not_allowed', ground: 'none', withhold: ['identity_and_contact'] },
  },
  {
    name: 'dead-drunk patient wants to ride his motorbike home from the GP post (acute)',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'general_practitioner',
      recipient: 'police',
      purpose: 'preventing_serious_harm',
      requested: ['identity_and_contact', 'safety_signals', 'medication'],
      answers: { 'danger.acute': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.acute_danger',
      acuteDanger: true,
      share: ['identity_and_contact', 'safety_signals'],
      withhold: ['medication'],
      obligations: ['call_emergency_services', 'record_in_dossier', 'disclose_minimum'],
      notObligations: ['follow_meldcode'],
    },
  },
  {
    name: 'drunk motorcyclist weighed on the conflict-of-duties conditions',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'general_practitioner',
      recipient: 'police',
      purpose: 'preventing_serious_harm',
      requested: ['identity_and_contact'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.criteria',
      share: ['identity_and_contact'],
    },
  },
  {
    name: 'patient announces he will set off a bomb',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'psychologist',
      recipient: 'police',
      purpose: 'preventing_serious_harm',
      requested: ['identity_and_contact', 'safety_signals', 'mental_health'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      share: ['identity_and_contact', 'safety_signals'],
      withhold: ['mental_health'],
      obligations: ['check_derived_verschoningsrecht'],
    },
  },
  {
    name: 'patient announces the murder of an identifiable person (police asks, serious crime)',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'psychiatrist',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact', 'criminal_justice', 'diagnosis'],
      answers: { 'danger.acute': false, 'crime.kind': 'serious_crime', ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.criteria',
      share: ['identity_and_contact', 'criminal_justice'],
      withhold: ['diagnosis'],
      met: ['police.no_duty_to_report'],
    },
  },
  {
    name: 'patient announces he will kidnap a particular child',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'nurse',
      recipient: 'police',
      purpose: 'child_safety',
      requested: ['identity_and_contact', 'safety_signals'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      share: ['identity_and_contact', 'safety_signals'],
    },
  },
  {
    name: 'paediatrician: shaken baby, the father is a direct danger',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'medical_specialist',
      age: 'under_12',
      recipient: 'police',
      purpose: 'child_safety',
      requested: ['identity_and_contact', 'safety_signals', 'diagnosis', 'full_record'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      share: ['identity_and_contact', 'safety_signals'],
      withhold: ['diagnosis', 'full_record'],
    },
  },
  {
    name: 'shaken baby with acute danger: police at once, meldcode steps wait',
    source: `${W} §3 Conflict van plichten`,
    given: {
      profession: 'medical_specialist',
      age: 'under_12',
      recipient: 'police',
      purpose: 'child_safety',
      requested: ['identity_and_contact', 'safety_signals', 'full_record'],
      answers: { 'danger.acute': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.acute_danger',
      acuteDanger: true,
      withhold: ['full_record'],
      obligations: ['call_emergency_services'],
      notObligations: ['follow_meldcode'],
    },
  },
  {
    name: 'carer learns a resident has a weapon: hand it in without the client’s identity',
    source: `${Q} §Wat als een begeleider ter ore komt dat een cliënt die verblijft in een zorginstelling een wapen in zijn bezit heeft, dient dan aangifte gedaan te worden?`,
    given: {
      profession: 'carer',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact', 'safety_signals', 'care_relationship'],
      answers: { 'danger.acute': false, 'crime.kind': 'weapon' },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'police.weapon',
      share: ['safety_signals'],
      withhold: ['identity_and_contact', 'care_relationship'],
      obligations: ['hand_in_weapon_anonymously', 'check_derived_verschoningsrecht'],
    },
  },
  {
    name: 'weapon reported with identity when every conflict-of-duties condition holds',
    source: `${Q} §Wat als een begeleider ter ore komt dat een cliënt die verblijft in een zorginstelling een wapen in zijn bezit heeft, dient dan aangifte gedaan te worden?`,
    given: {
      profession: 'psychiatrist',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact', 'safety_signals'],
      answers: { 'danger.acute': false, 'crime.kind': 'weapon', ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.criteria',
      share: ['identity_and_contact', 'safety_signals'],
    },
  },
  {
    name: 'cannabis plantation at the client’s home: not to the police, point it out to the client',
    source: `${Q} §Cliënt heeft thuis een wietplantage, moet ik dat doorgeven aan de politie?`,
    given: {
      profession: 'carer',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact', 'criminal_justice'],
      answers: { 'danger.acute': false, 'crime.kind': 'cannabis_plantation', ...NO_CONSENT, ...CONFLICT_MET },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      withhold: ['identity_and_contact', 'criminal_justice'],
      obligations: ['point_out_offence_to_client', 'check_derived_verschoningsrecht'],
      met: ['police.offence_too_minor'],
    },
  },
  {
    name: 'theft or handling stolen goods noticed at home: no report',
    source: `${Q} §Mag ik informatie aan de politie verstrekken over een ambulante cliënt als ik iets ontoelaatbaars in de thuissituatie opmerk?`,
    given: {
      profession: 'carer',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['criminal_justice'],
      answers: { 'danger.acute': false, 'crime.kind': 'minor_offence', ...NO_CONSENT },
    },
    expect: { decision: 'not_allowed', ground: 'none', withhold: ['criminal_justice'] },
  },
  {
    name: 'GP with verschoningsrecht knows of a serious crime: no duty to report, conditions not met',
    source: `${Q} §Heb ik een aangifteplicht als ik weet dat een cliënt die in een zorginstelling verblijft een strafbaar feit heeft gepleegd?`,
    given: {
      profession: 'general_practitioner',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['criminal_justice'],
      answers: { 'danger.acute': false, 'crime.kind': 'grave_crime', ...NO_CONSENT, ...NO_HARM },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      obligations: ['invoke_verschoningsrecht'],
      met: ['police.no_duty_to_report'],
    },
  },
  {
    name: 'social worker without any verschoningsrecht nearby knows of a committed killing: duty to report',
    source: `${Q} §Heb ik een aangifteplicht als ik weet dat een cliënt die in een zorginstelling verblijft een strafbaar feit heeft gepleegd?`,
    given: {
      profession: 'social_worker',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact', 'criminal_justice', 'mental_health'],
      answers: { 'crime.kind': 'grave_crime', 'crime.privilegedPersonInvolved': false },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.art160_sv',
      share: ['identity_and_contact', 'criminal_justice'],
      withhold: ['mental_health'],
      notObligations: ['check_derived_verschoningsrecht', 'invoke_verschoningsrecht'],
      obligations: ['inform_client'],
    },
  },
  {
    name: 'same, but a doctor in the institution gives a derived verschoningsrecht: no duty',
    source: `${Q} §Heeft een persoonlijk begeleider ook zo'n verschoningsrecht? Op grond waarvan?`,
    given: {
      profession: 'social_worker',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['criminal_justice'],
      answers: {
        'danger.acute': false,
        'crime.kind': 'grave_crime',
        'crime.privilegedPersonInvolved': true,
        ...NO_CONSENT,
        ...NO_HARM,
      },
    },
    expect: { decision: 'not_allowed', ground: 'none', obligations: ['check_derived_verschoningsrecht'] },
  },
  {
    name: 'community officer in a neighbourhood-team case meeting: anonymised only',
    source: `${R} §4.5 Verantwoordelijkheid in samenwerking`,
    given: {
      recipient: 'police',
      recipientName: 'wijkagent',
      purpose: 'case_consultation',
      requested: ['identity_and_contact', 'social_circumstances'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...NO_HARM },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      obligations: ['anonymise_case_discussion'],
      met: ['police.wijkagent_case_discussion'],
    },
  },
  {
    name: 'police asks, nothing answered yet: the questions in decision-tree order',
    source: `${Q} §Beroepsgeheim in relatie tot politie en justitie`,
    given: {
      profession: 'nurse',
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['identity_and_contact'],
    },
    expect: {
      decision: 'needs_more_information',
      ground: 'none',
      missing: [
        'danger.acute',
        'crime.kind',
        'consent.given',
        'conflict.consentSought',
        'conflict.seriousHarm',
        'conflict.disclosurePreventsHarm',
        'conflict.noAlternative',
        'conflict.conscienceDistress',
      ],
      withhold: ['identity_and_contact'],
      obligations: ['consult_colleague', 'invoke_verschoningsrecht', 'ask_legal_basis_in_writing'],
    },
  },

  // --- Municipality and social domain --------------------------------------------------------
  {
    name: 'client S: the work consultant asks whether S shows up at work',
    source: `${R} §1 Inleiding`,
    given: {
      profession: 'social_worker',
      municipal: true,
      recipient: 'municipality',
      recipientName: 'werkconsulent',
      purpose: 'eligibility_assessment',
      requested: ['attendance', 'social_circumstances'],
      answers: { ...NO_CONSENT, ...NO_HARM },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      withhold: ['attendance', 'social_circumstances'],
      obligations: ['ask_legal_basis_in_writing'],
      met: ['secrecy.municipal_employee', 'involvement.not_directly_involved'],
    },
  },
  {
    name: 'client Z: benefits officer demands diagnosis and treatment plan; consent under pressure',
    source: `${R} §1 Inleiding`,
    given: {
      profession: 'psychologist',
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['diagnosis', 'treatment'],
      answers: { 'legal.wmoMedicalRequest': false, ...VALID_CONSENT, 'consent.freelyGiven': false },
    },
    expect: { decision: 'not_allowed', ground: 'none', withhold: ['diagnosis', 'treatment'] },
  },
  {
    name: 'municipality wants the care plan for a new indication without consent',
    source: `${Q} §Voor een nieuwe indicatie wil de gemeente inzage in het zorgplan. Mag dat?`,
    given: {
      profession: 'carer',
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['treatment'],
      answers: { 'legal.wmoMedicalRequest': false, ...NO_CONSENT },
    },
    expect: { decision: 'not_allowed', ground: 'none', withhold: ['treatment'] },
  },
  {
    name: 'municipality wants the care plan with the client’s valid consent',
    source: `${Q} §Voor een nieuwe indicatie wil de gemeente inzage in het zorgplan. Mag dat?`,
    given: {
      profession: 'carer',
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['treatment', 'full_record'],
      answers: { 'legal.wmoMedicalRequest': false, ...VALID_CONSENT },
    },
    expect: {
      decision: 'allowed',
      ground: 'consent',
      rule: 'consent.client_consent',
      share: ['treatment'],
      withhold: ['full_record'],
      obligations: ['weigh_even_with_consent', 'check_consent_freedom'],
    },
  },
  {
    name: 'Wmo 2015 art. 5.2.5: medical information on request with unambiguous free consent',
    source: `${W} §2 Wettelijke verplichting (voetnoot 11)`,
    given: {
      profession: 'psychiatrist',
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['diagnosis', 'financial', 'full_record'],
      answers: { 'legal.wmoMedicalRequest': true, ...VALID_CONSENT },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.wmo_medical_information',
      share: ['diagnosis'],
      withhold: ['financial', 'full_record'],
      obligations: ['inform_client', 'check_consent_freedom'],
    },
  },
  {
    name: 'Wmo 2015 art. 5.2.5 request, but consent was not freely given',
    source: `${W} §2 Wettelijke verplichting (voetnoot 11)`,
    given: {
      profession: 'psychiatrist',
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['diagnosis'],
      answers: { 'legal.wmoMedicalRequest': true, ...VALID_CONSENT, 'consent.freelyGiven': false },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'Wmo art. 5.2.5 still unanswered while consent holds: allowed on consent (documented choice)',
    source: `${W} §2 Wettelijke verplichting (voetnoot 11)`,
    given: {
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['diagnosis'],
      answers: { ...VALID_CONSENT },
    },
    expect: { decision: 'allowed', ground: 'consent', share: ['diagnosis'] },
  },
  {
    name: 'Wmo file check: administrative items only',
    source: `${Q} §Moeten wij meewerken aan dossiercontrole door de gemeente?`,
    given: {
      profession: 'carer',
      recipient: 'municipality',
      purpose: 'financial_audit',
      requested: ['administrative', 'treatment', 'diagnosis', 'full_record'],
      answers: { 'legal.wmoFileCheck': true },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.wmo_file_check',
      share: ['administrative'],
      withhold: ['treatment', 'diagnosis', 'full_record'],
    },
  },
  {
    name: 'municipality signs clients once “for everything”: blanket consent is no consent',
    source: `${R} §3.2 Bevindingen uit de focusbijeenkomst`,
    given: {
      recipient: 'municipality',
      purpose: 'eligibility_assessment',
      requested: ['social_circumstances'],
      answers: { 'legal.wmoMedicalRequest': false, ...VALID_CONSENT, 'consent.specific': false },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'the requester says “the lawyers say it is allowed”',
    source: `${W} §Nieuwe dilemma’s: menselijke waardigheid? (voetnoot 4)`,
    given: {
      recipient: 'social_neighbourhood_team',
      purpose: 'case_consultation',
      requested: ['mental_health'],
      answers: {
        'request.legalBasisStated': false,
        'consultation.safetyAtStake': false,
        ...NO_CONSENT,
        ...NO_HARM,
      },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      obligations: ['ask_legal_basis_in_writing', 'anonymise_case_discussion'],
      met: ['not_a_ground.collaboration'],
    },
  },
  {
    name: 'Safety House case meeting relying on a covenant',
    source: `${I} §Hoe ga ik om met het beroepsgeheim?`,
    given: {
      recipient: 'safety_house',
      purpose: 'case_consultation',
      requested: ['identity_and_contact', 'criminal_justice'],
      answers: { 'request.basedOnCovenant': true, ...NO_CONSENT, ...NO_HARM },
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      obligations: ['ask_legal_basis_in_writing', 'anonymise_case_discussion'],
      met: ['not_a_ground.covenant', 'not_a_ground.collaboration'],
    },
  },
  {
    name: 'professional employed by the municipality keeps professional secrecy',
    source: `${R} §2.3 Recente ontwikkelingen rondom beroepsgeheim en privacy`,
    given: {
      municipal: true,
      recipient: 'police',
      purpose: 'crime_investigation',
      requested: ['criminal_justice'],
      answers: { 'danger.acute': false, 'crime.kind': 'minor_offence', ...NO_CONSENT },
    },
    expect: { decision: 'not_allowed', ground: 'none', met: ['secrecy.municipal_employee'] },
  },

  // --- Directly involved; successors -----------------------------------------------------------
  {
    name: 'physiotherapist in the same treatment needs only part of the record',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      profession: 'medical_specialist',
      recipient: 'treating_professional',
      recipientName: 'fysiotherapeut',
      purpose: 'continuity_of_care',
      requested: ['diagnosis', 'treatment', 'full_record'],
      answers: { 'recipient.directlyInvolved': true, 'client.objects': false },
    },
    expect: {
      decision: 'allowed',
      ground: 'direct_involvement',
      rule: 'involvement.treating_team',
      share: ['diagnosis', 'treatment'],
      withhold: ['full_record'],
      obligations: ['share_only_for_task'],
      notObligations: ['inform_client'],
    },
  },
  {
    name: 'treating team: client objects and good caregiving does not require sharing',
    source: `${Q} §Cliënt wil niet dat er informatie wordt gedeeld in samenwerkingsverbanden tussen zorgverleners. Moeten wij dit opvolgen?`,
    given: {
      recipient: 'treating_professional',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: {
        'recipient.directlyInvolved': true,
        'client.objects': true,
        'care.goodCaregiverRequiresSharing': false,
        ...NO_CONSENT,
        ...NO_HARM,
      },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'treating team: client objects but not sharing would be poor caregiving',
    source: `${Q} §Cliënt wil niet dat er informatie wordt gedeeld in samenwerkingsverbanden tussen zorgverleners. Moeten wij dit opvolgen?`,
    given: {
      recipient: 'treating_professional',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: {
        'recipient.directlyInvolved': true,
        'client.objects': true,
        'care.goodCaregiverRequiresSharing': true,
      },
    },
    expect: { decision: 'allowed', ground: 'direct_involvement', share: ['treatment'] },
  },
  {
    name: 'treating team, objection not yet asked: the good-caregiver question waits',
    source: `${Q} §Cliënt wil niet dat er informatie wordt gedeeld in samenwerkingsverbanden tussen zorgverleners. Moeten wij dit opvolgen?`,
    given: {
      recipient: 'treating_professional',
      purpose: 'handover',
      requested: ['treatment'],
      answers: { 'recipient.directlyInvolved': true },
    },
    expect: {
      decision: 'needs_more_information',
      ground: 'none',
      missing: ['client.objects', 'consent.given'],
    },
  },
  {
    name: 'another functional unit of the same organisation is not directly involved',
    source: `${R} §2.1 Inhoud en regels`,
    given: {
      recipient: 'treating_professional',
      purpose: 'case_consultation',
      requested: ['mental_health'],
      answers: {
        'recipient.directlyInvolved': false,
        'consultation.safetyAtStake': false,
        ...NO_CONSENT,
        ...NO_HARM,
      },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'substitute (waarnemer) receives what is needed without consent',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      profession: 'general_practitioner',
      recipient: 'substitute',
      purpose: 'continuity_of_care',
      requested: ['diagnosis', 'medication'],
      answers: { 'client.objects': false },
    },
    expect: { decision: 'allowed', ground: 'direct_involvement', rule: 'involvement.substitute' },
  },
  {
    name: 'successor within the same institution: handover without consent',
    source: `${Q} §Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?`,
    given: {
      profession: 'medical_specialist',
      recipient: 'successor_same_institution',
      purpose: 'handover',
      requested: ['full_record'],
      answers: { 'client.objects': false },
    },
    expect: {
      decision: 'allowed',
      ground: 'direct_involvement',
      rule: 'involvement.successor_same_institution',
      share: ['full_record'],
    },
  },
  {
    name: 'successor at another institution without consent',
    source: `${Q} §Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?`,
    given: {
      profession: 'medical_specialist',
      recipient: 'successor_other_institution',
      purpose: 'handover',
      requested: ['full_record'],
      answers: NO_CONSENT,
    },
    expect: {
      decision: 'not_allowed',
      ground: 'none',
      withhold: ['full_record'],
      obligations: ['obtain_written_consent'],
    },
  },
  {
    name: 'successor at another institution with oral (recorded) consent only',
    source: `${Q} §Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?`,
    given: {
      profession: 'medical_specialist',
      recipient: 'successor_other_institution',
      purpose: 'handover',
      requested: ['full_record'],
      answers: { ...VALID_CONSENT, 'consent.form': 'oral', 'consent.recorded': true },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'successor at another institution with written consent',
    source: `${Q} §Mogen gegevens worden verstrekt aan een nieuwe, andere Arts Verstandelijk Gehandicapten van een cliënt?`,
    given: {
      profession: 'medical_specialist',
      recipient: 'successor_other_institution',
      purpose: 'handover',
      requested: ['full_record'],
      answers: VALID_CONSENT,
    },
    expect: {
      decision: 'allowed',
      ground: 'consent',
      rule: 'consent.successor_other_institution',
      share: ['full_record'],
    },
  },
  {
    name: 'GP expects feedback from the orthopedagogue after referral (not directly involved)',
    source: `${R} §2.1 Inhoud en regels`,
    given: {
      profession: 'pedagogue',
      age: 'under_12',
      recipient: 'general_practitioner',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: { ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none', met: ['involvement.not_directly_involved'] },
  },
  {
    name: 'GP after referral, with the parents’ consent for a child under 12',
    source: `${R} §2.1 Inhoud en regels`,
    given: {
      profession: 'pedagogue',
      age: 'under_12',
      recipient: 'general_practitioner',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: { ...VALID_CONSENT, 'consent.givenBy': 'representative' },
    },
    expect: { decision: 'allowed', ground: 'consent', share: ['treatment'] },
  },
  {
    name: 'electronic exchange with another institution’s record system needs consent',
    source: `${Q} §Mogen wij burgerservicenummers (BSN) verzamelen voor cliënten i.v.m. de koppeling Elektronisch Cliëntendossier (ECD)?`,
    given: {
      recipient: 'other_professional',
      purpose: 'continuity_of_care',
      requested: ['identity_and_contact', 'treatment'],
      answers: { 'danger.acute': false, ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },

  // --- Representatives and age bands ---------------------------------------------------------
  {
    name: 'parents of a child under 12 may see the record',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      profession: 'youth_care_worker',
      age: 'under_12',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment', 'full_record'],
    },
    expect: {
      decision: 'allowed',
      ground: 'representative',
      rule: 'representative.child_under_12',
      share: ['treatment', 'full_record'],
      obligations: ['assess_before_access'],
    },
  },
  {
    name: 'child of 14 objects to the parents seeing the record and can decide this',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      age: '12_to_15',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: { 'client.objects': true, 'client.competentToObject': true, ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'child of 14 objects but cannot oversee the matter',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      age: '12_to_15',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: { 'client.objects': true, 'client.competentToObject': false },
    },
    expect: { decision: 'allowed', ground: 'representative', rule: 'representative.child_12_to_15' },
  },
  {
    name: 'child of 13 does not object',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      age: '12_to_15',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: { 'client.objects': false },
    },
    expect: { decision: 'allowed', ground: 'representative' },
  },
  {
    name: 'child of 12 to 16, objection not yet known',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      age: '12_to_15',
      recipient: 'representative',
      purpose: 'legal_proceedings',
      requested: ['treatment'],
    },
    expect: {
      decision: 'needs_more_information',
      ground: 'none',
      missing: ['client.objects', 'consent.given'],
    },
  },
  {
    name: 'parents of a capable 17-year-old need the client’s own consent',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      age: '16_to_17',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: { ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'parents of a 17-year-old with the client’s own consent',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      age: '16_to_17',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment'],
      answers: VALID_CONSENT,
    },
    expect: { decision: 'allowed', ground: 'consent' },
  },
  {
    name: 'mentor of an adult who is incapable on the matter',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      profession: 'carer',
      capacity: 'incapable',
      recipient: 'representative',
      purpose: 'continuity_of_care',
      requested: ['treatment', 'medication'],
    },
    expect: { decision: 'allowed', ground: 'representative', rule: 'representative.incapable_client' },
  },
  {
    name: 'representative consents on behalf of a capable adult: not valid',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      recipient: 'housing_corporation',
      purpose: 'other',
      requested: ['social_circumstances'],
      answers: { ...VALID_CONSENT, 'consent.givenBy': 'representative', ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'adult of unknown capacity, representative asks: assess capacity first',
    source: `${Q} §Welke informatie mag gedeeld worden en met wie?`,
    given: {
      capacity: 'unknown',
      recipient: 'representative',
      purpose: 'legal_proceedings',
      requested: ['treatment'],
    },
    expect: {
      decision: 'needs_more_information',
      ground: 'none',
      missing: ['client.incapableOnThisMatter', 'consent.given'],
    },
  },
  {
    name: 'custody case: parent wants the family-treatment record for information about the ex-partner',
    source: `${Q} §Ouder met gezag vraagt inzage in dossier van gezinsbehandeling over zijn kind om informatie over ex-echtgenote te gebruiken in voogdijzaak. Wat kan ik delen met de ouder?`,
    given: {
      profession: 'youth_care_worker',
      age: 'under_12',
      recipient: 'representative',
      purpose: 'legal_proceedings',
      requested: ['treatment', 'third_party_information', 'full_record'],
      answers: { 'info.thirdPartyStrictlyNeeded': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'representative',
      share: ['treatment'],
      withhold: ['third_party_information', 'full_record'],
    },
  },

  // --- Consent validity and recipients that need consent ----------------------------------
  {
    name: 'tax authority asks for financial data without consent',
    source: `${Q} §Welke gegevens worden wel of niet doorgeven aan de belastingdienst?`,
    given: { recipient: 'tax_authority', purpose: 'tax', requested: ['financial'], answers: NO_CONSENT },
    expect: { decision: 'not_allowed', ground: 'none', withhold: ['financial'] },
  },
  {
    name: 'tax authority with the capable client’s consent',
    source: `${Q} §Welke gegevens worden wel of niet doorgeven aan de belastingdienst?`,
    given: { recipient: 'tax_authority', purpose: 'tax', requested: ['financial'], answers: VALID_CONSENT },
    expect: { decision: 'allowed', ground: 'consent', share: ['financial'] },
  },
  {
    name: 'tax authority, client incapable: the representative consents',
    source: `${Q} §Welke gegevens worden wel of niet doorgeven aan de belastingdienst?`,
    given: {
      capacity: 'incapable',
      recipient: 'tax_authority',
      purpose: 'tax',
      requested: ['financial'],
      answers: { ...VALID_CONSENT, 'consent.givenBy': 'representative' },
    },
    expect: { decision: 'allowed', ground: 'consent' },
  },
  {
    name: 'funder wants access to the records',
    source: `${Q} §Mag een financier toegang hebben tot de dossiers van mijn cliënten?`,
    given: {
      recipient: 'insurer_or_funder',
      purpose: 'financial_audit',
      requested: ['full_record', 'diagnosis'],
      answers: NO_CONSENT,
    },
    expect: { decision: 'not_allowed', ground: 'none', withhold: ['full_record', 'diagnosis'] },
  },
  {
    name: 'funder with consent still never gets the full record',
    source: `${Q} §Mag een financier toegang hebben tot de dossiers van mijn cliënten?`,
    given: {
      recipient: 'insurer_or_funder',
      purpose: 'financial_audit',
      requested: ['full_record', 'administrative'],
      answers: VALID_CONSENT,
    },
    expect: {
      decision: 'allowed',
      ground: 'consent',
      share: ['administrative'],
      withhold: ['full_record'],
      obligations: ['check_consent_freedom'],
    },
  },
  {
    name: 'the client’s own lawyer asks without consent',
    source: `${Q} §Moet een zorginstelling/hulpverlener medewerking verlenen aan een informatieverzoek over een cliënt afkomstig van een advocaat?`,
    given: {
      recipient: 'lawyer',
      purpose: 'legal_proceedings',
      requested: ['treatment'],
      answers: NO_CONSENT,
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'lawyer with consent: nothing that harms others, no full record',
    source: `${Q} §Moet een zorginstelling/hulpverlener medewerking verlenen aan een informatieverzoek over een cliënt afkomstig van een advocaat?`,
    given: {
      recipient: 'lawyer',
      purpose: 'legal_proceedings',
      requested: ['treatment', 'third_party_information', 'full_record'],
      answers: { ...VALID_CONSENT, 'info.thirdPartyStrictlyNeeded': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'consent',
      share: ['treatment'],
      withhold: ['third_party_information', 'full_record'],
    },
  },
  {
    name: 'informal carer asks for information; client has not consented',
    source: `${R} §4.4 Beroepsgeheim in de samenwerking met informele zorgverleners`,
    given: {
      profession: 'nurse',
      recipient: 'informal_carer',
      purpose: 'continuity_of_care',
      requested: ['diagnosis', 'medication'],
      answers: { ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none', obligations: ['instruct_without_disclosing'] },
  },
  {
    name: 'informal carer with recorded oral consent',
    source: `${R} §4.4 Beroepsgeheim in de samenwerking met informele zorgverleners`,
    given: {
      profession: 'nurse',
      recipient: 'informal_carer',
      purpose: 'continuity_of_care',
      requested: ['medication'],
      answers: { ...VALID_CONSENT, 'consent.form': 'oral', 'consent.recorded': true },
    },
    expect: { decision: 'allowed', ground: 'consent', share: ['medication'] },
  },
  {
    name: 'oral consent that was never recorded does not count',
    source: `${I} §A. Toestemming`,
    given: {
      recipient: 'employer',
      purpose: 'other',
      requested: ['attendance'],
      answers: { ...VALID_CONSENT, 'consent.form': 'oral', 'consent.recorded': false, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'time-limited consent that expired before the weighing',
    source: `${I} §A. Toestemming`,
    given: {
      recipient: 'school',
      purpose: 'other',
      requested: ['attendance'],
      answers: { ...VALID_CONSENT, 'consent.validUntil': '2026-11-22', ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'time-limited consent valid up to and including the day of the weighing',
    source: `${I} §A. Toestemming`,
    given: {
      recipient: 'school',
      purpose: 'other',
      requested: ['attendance'],
      answers: { ...VALID_CONSENT, 'consent.validUntil': REFERENCE_DATE },
    },
    expect: { decision: 'allowed', ground: 'consent', share: ['attendance'] },
  },
  {
    name: 'consent given but the client could not oversee what is shared',
    source: `${W} §1 Toestemming van de patiënt`,
    given: {
      recipient: 'school_attendance_officer',
      purpose: 'other',
      requested: ['attendance'],
      answers: { ...VALID_CONSENT, 'consent.informed': false, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'consent given: the remaining validity questions are asked together',
    source: `${I} §A. Toestemming`,
    given: {
      recipient: 'employer',
      purpose: 'tax',
      requested: ['attendance'],
      answers: { 'consent.given': true },
    },
    expect: {
      decision: 'needs_more_information',
      ground: 'none',
      missing: [
        'consent.givenBy',
        'consent.informed',
        'consent.specific',
        'consent.freelyGiven',
        'consent.form',
      ],
    },
  },

  // --- Reporting rights -------------------------------------------------------------------------
  {
    name: 'Veilig Thuis: suspected child abuse after the meldcode steps, parents informed',
    source: `${W} §4 Meldrechten`,
    given: {
      profession: 'youth_care_worker',
      age: 'under_12',
      recipient: 'veilig_thuis',
      purpose: 'child_safety',
      requested: ['identity_and_contact', 'safety_signals', 'diagnosis', 'full_record'],
      answers: {
        'danger.acute': false,
        'report.suspicion': 'child_abuse',
        'report.meldcodeFollowed': true,
        'report.realRiskOfHarm': true,
        'report.clientInformed': true,
      },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      rule: 'report.veilig_thuis_child',
      share: ['identity_and_contact', 'safety_signals'],
      withhold: ['diagnosis', 'full_record'],
      notObligations: ['follow_meldcode', 'inform_client'],
    },
  },
  {
    name: 'Veilig Thuis: child, parents not informed because that would endanger the child',
    source: `${W} §4 Meldrechten (voetnoot 17)`,
    given: {
      age: '12_to_15',
      recipient: 'veilig_thuis',
      purpose: 'child_safety',
      requested: ['safety_signals'],
      answers: {
        'danger.acute': false,
        'report.suspicion': 'child_abuse',
        'report.meldcodeFollowed': true,
        'report.realRiskOfHarm': true,
        'report.clientInformed': false,
        'report.notInformedReason': 'safety',
      },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      obligations: ['inform_client_when_safe'],
      notObligations: ['inform_client'],
    },
  },
  {
    name: 'Veilig Thuis: child, steps not yet taken: the questions that remain',
    source: `${P} §Beroepsgeheim`,
    given: {
      age: 'under_12',
      recipient: 'veilig_thuis',
      purpose: 'child_safety',
      requested: ['safety_signals'],
      answers: { 'danger.acute': false, 'report.suspicion': 'child_abuse', ...NO_CONSENT },
    },
    expect: {
      decision: 'needs_more_information',
      ground: 'none',
      missing: [
        'report.requestedByRecipient',
        'report.meldcodeFollowed',
        'report.realRiskOfHarm',
        'report.clientInformed',
        'consultation.safetyAtStake',
        'conflict.consentSought',
        'conflict.seriousHarm',
        'conflict.disclosurePreventsHarm',
        'conflict.noAlternative',
        'conflict.conscienceDistress',
      ],
      obligations: ['follow_meldcode', 'consult_colleague'],
    },
  },
  {
    name: 'Veilig Thuis: competent adult, no serious danger, no dependency',
    source: `${W} §4 Meldrechten`,
    given: {
      recipient: 'veilig_thuis',
      purpose: 'domestic_violence',
      requested: ['identity_and_contact', 'safety_signals'],
      answers: {
        'danger.acute': false,
        'report.suspicion': 'domestic_violence',
        'report.requestedByRecipient': false,
        'report.meldcodeFollowed': true,
        'report.seriousDangerToAdult': false,
        'report.dependencyOnPerpetrator': false,
        'report.clientInformed': true,
        'consultation.safetyAtStake': false,
        ...NO_CONSENT,
        ...NO_HARM,
      },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'Veilig Thuis: competent adult in serious danger of severe harm',
    source: `${W} §4 Meldrechten`,
    given: {
      recipient: 'veilig_thuis',
      purpose: 'domestic_violence',
      requested: ['identity_and_contact', 'safety_signals', 'mental_health'],
      answers: {
        'danger.acute': false,
        'report.suspicion': 'domestic_violence',
        'report.meldcodeFollowed': true,
        'report.seriousDangerToAdult': true,
        'report.clientInformed': true,
      },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      rule: 'report.veilig_thuis_adult',
      share: ['identity_and_contact', 'safety_signals'],
      withhold: ['mental_health'],
    },
  },
  {
    name: 'Veilig Thuis: adult whose refusal stems from dependency on the perpetrator',
    source: `${W} §4 Meldrechten`,
    given: {
      recipient: 'veilig_thuis',
      purpose: 'domestic_violence',
      requested: ['safety_signals'],
      answers: {
        'danger.acute': false,
        'report.suspicion': 'domestic_violence',
        'report.meldcodeFollowed': true,
        'report.seriousDangerToAdult': false,
        'report.dependencyOnPerpetrator': true,
        'report.realRiskOfHarm': true,
        'report.clientInformed': false,
        'report.notInformedReason': 'own_safety',
      },
    },
    expect: { decision: 'allowed', ground: 'reporting_right', rule: 'report.veilig_thuis_adult' },
  },
  {
    name: 'Veilig Thuis asks for information to verify a suspicion',
    source: `${P} §Beroepsgeheim`,
    given: {
      profession: 'general_practitioner',
      recipient: 'veilig_thuis',
      purpose: 'domestic_violence',
      requested: ['safety_signals', 'diagnosis'],
      answers: { 'report.suspicion': 'domestic_violence', 'report.requestedByRecipient': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      rule: 'report.veilig_thuis_request',
      share: ['safety_signals'],
      withhold: ['diagnosis'],
      obligations: ['inform_client'],
      notObligations: ['follow_meldcode'],
    },
  },
  {
    name: 'Child Protection Board asks for information in an investigation',
    source: `${Q} §Vermoeden van huiselijk geweld of kindermishandeling? Doorgeven aan Veilig Thuis of Raad voor Kinderbescherming?`,
    given: {
      age: 'under_12',
      recipient: 'child_protection_board',
      purpose: 'child_safety',
      requested: ['social_circumstances', 'safety_signals', 'medication'],
      answers: { 'report.requestedByRecipient': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      rule: 'report.child_protection_board_request',
      share: ['social_circumstances', 'safety_signals'],
      withhold: ['medication'],
    },
  },
  {
    name: 'crisis: the Child Protection Board engaged directly',
    source: `${Q} §Vermoeden van huiselijk geweld of kindermishandeling? Doorgeven aan Veilig Thuis of Raad voor Kinderbescherming?`,
    given: {
      age: 'under_12',
      recipient: 'child_protection_board',
      purpose: 'child_safety',
      requested: ['identity_and_contact'],
      answers: { 'danger.acute': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'conflict_of_duties',
      rule: 'conflict.acute_danger',
      acuteDanger: true,
    },
  },
  {
    name: 'signal in the risk youth index: identity and involvement only',
    source: `${W} §4 Meldrechten (voetnoot 15)`,
    given: {
      profession: 'youth_care_worker',
      age: '16_to_17',
      recipient: 'risk_youth_index',
      purpose: 'risk_youth_signal',
      requested: ['identity_and_contact', 'care_relationship', 'addiction', 'third_party_information'],
      answers: { 'report.youthAtRisk': true, 'info.thirdPartyStrictlyNeeded': true },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      rule: 'report.risk_youth_index',
      share: ['identity_and_contact', 'care_relationship'],
      withhold: ['addiction', 'third_party_information'],
    },
  },
  {
    name: 'consulting another professional without consent when a child’s safety is at stake',
    source: `${P} §Uitwisselen van informatie`,
    given: {
      profession: 'social_worker',
      age: 'under_12',
      recipient: 'other_professional',
      purpose: 'child_safety',
      requested: ['identity_and_contact', 'safety_signals', 'diagnosis'],
      answers: {
        'danger.acute': false,
        'consultation.safetyAtStake': true,
        'conflict.consentSought': true,
        'conflict.noAlternative': true,
        'conflict.seriousHarm': true,
        'conflict.disclosurePreventsHarm': true,
        ...NO_CONSENT,
      },
    },
    expect: {
      decision: 'allowed',
      ground: 'reporting_right',
      rule: 'report.safety_consultation',
      share: ['identity_and_contact', 'safety_signals'],
      withhold: ['diagnosis'],
    },
  },

  // --- Legal obligations ------------------------------------------------------------------------
  {
    name: 'notifiable infectious disease to the GGD',
    source: `${W} §2 Wettelijke verplichting`,
    given: {
      profession: 'general_practitioner',
      recipient: 'public_health_service',
      purpose: 'infectious_disease_notification',
      requested: ['identity_and_contact', 'diagnosis', 'mental_health'],
      answers: { 'legal.notifiableDisease': true },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.infectious_disease',
      share: ['identity_and_contact', 'diagnosis'],
      withhold: ['mental_health'],
      obligations: ['inform_client'],
    },
  },
  {
    name: 'family guardian asks about a minor under a supervision order',
    source: `${I} §B. Wettelijke grondslag`,
    given: {
      profession: 'psychologist',
      age: '12_to_15',
      recipient: 'family_guardian',
      purpose: 'supervision_order',
      requested: ['treatment', 'attendance', 'diagnosis'],
      answers: { 'legal.supervisionOrder': true, 'request.byRecipient': true },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.family_guardian',
      share: ['treatment', 'attendance'],
      withhold: ['diagnosis'],
    },
  },
  {
    name: 'informing the family guardian on one’s own initiative is not the statutory duty',
    source: `${W} §2 Wettelijke verplichting`,
    given: {
      age: '12_to_15',
      recipient: 'family_guardian',
      purpose: 'supervision_order',
      requested: ['treatment'],
      answers: { 'legal.supervisionOrder': true, 'request.byRecipient': false, ...NO_CONSENT },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
  {
    name: 'probation service: treatment adherence under a criminal-law title',
    source: `${I} §B. Wettelijke grondslag`,
    given: {
      profession: 'psychiatrist',
      recipient: 'probation_service',
      purpose: 'probation_compliance',
      requested: ['attendance', 'treatment', 'diagnosis', 'addiction'],
      answers: { 'legal.criminalTitle': true },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.probation',
      share: ['attendance', 'treatment'],
      withhold: ['diagnosis', 'addiction'],
    },
  },
  {
    name: 'death of a patient: notification under the Burial and Cremation Act',
    source: `${W} §2 Wettelijke verplichting`,
    given: {
      profession: 'general_practitioner',
      deceased: true,
      recipient: 'municipality',
      purpose: 'death_notification',
      requested: ['identity_and_contact', 'diagnosis', 'mental_health'],
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.death_notification',
      share: ['identity_and_contact', 'diagnosis'],
      withhold: ['mental_health'],
      met: ['secrecy.after_death'],
    },
  },
  {
    name: 'notification of compulsory care',
    source: `${W} §2 Wettelijke verplichting`,
    given: {
      profession: 'psychiatrist',
      recipient: 'other',
      recipientName: 'Inspectie',
      purpose: 'compulsory_care_notification',
      requested: ['identity_and_contact', 'treatment', 'social_circumstances'],
      answers: { 'legal.compulsoryCare': true },
    },
    expect: {
      decision: 'required',
      ground: 'legal_obligation',
      rule: 'legal.compulsory_care',
      share: ['identity_and_contact', 'treatment'],
      withhold: ['social_circumstances'],
    },
  },
  {
    name: 'secrecy continues after death: a housing corporation asks about a deceased client',
    source: `${I} §Wat is een beroepsgeheim?`,
    given: {
      deceased: true,
      recipient: 'housing_corporation',
      purpose: 'other',
      requested: ['social_circumstances'],
      answers: { ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none', met: ['secrecy.after_death'] },
  },
  {
    name: 'a representative of a deceased child no longer acts as representative',
    source: `${I} §Wat is een beroepsgeheim?`,
    given: {
      deceased: true,
      age: 'under_12',
      recipient: 'representative',
      purpose: 'other',
      requested: ['treatment'],
      answers: { ...NO_CONSENT, ...NO_HARM },
    },
    expect: { decision: 'not_allowed', ground: 'none' },
  },
];

function ids(items: { category: string }[]): string[] {
  return items.map((i) => i.category);
}

describe('scenario table', () => {
  it('has at least 60 cases, each citing a source', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    for (const s of scenarios) expect(s.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt §.+/);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });

  it.each(scenarios)('$name', ({ given, expect: want }) => {
    const req = request(given);
    const result = evaluate(req, { language: 'nl', referenceDate: REFERENCE_DATE });
    const summary = {
      decision: result.decision,
      ground: result.ground,
      missing: result.missingAnswers.map((q) => q.id),
    };
    expect(summary).toEqual({ decision: want.decision, ground: want.ground, missing: want.missing ?? [] });
    if (want.rule) expect(result.decisiveRuleId).toBe(want.rule);
    if (want.share) expect(ids(result.information.share)).toEqual(want.share);
    if (want.withhold)
      expect(ids(result.information.withhold)).toEqual(expect.arrayContaining(want.withhold));
    // Every requested category is either shared or withheld, exactly once.
    expect([...ids(result.information.share), ...ids(result.information.withhold)].sort()).toEqual(
      [...req.requestedInformation].sort(),
    );
    if (result.decision !== 'allowed' && result.decision !== 'required')
      expect(result.information.share).toEqual([]);
    const obligationIds = result.obligations.map((o) => o.id);
    for (const o of want.obligations ?? []) expect(obligationIds).toContain(o);
    for (const o of want.notObligations ?? []) expect(obligationIds).not.toContain(o);
    expect(result.acuteDanger).toBe(want.acuteDanger ?? false);
    for (const ruleId of want.met ?? [])
      expect(result.trace.find((t) => t.ruleId === ruleId)?.outcome, ruleId).toBe('met');
  });
});

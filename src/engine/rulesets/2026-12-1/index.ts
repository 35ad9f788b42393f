/**
 * Ruleset 2026.12.1 — FROZEN once released (2026-12-01). Recorded weighings are replayed with it,
 * found by its content hash (pinned in test/engine/ruleset.test.ts). Never edit these files; copy
 * the directory for the next version (see ../../README.md and ../CHANGELOG.md).
 *
 * One file per legal concept. The order of the areas below is the decision tree: routes are asked
 * one at a time in this order, and it is also the order of the trace.
 */
import type { RulesetDataV2Input } from '../../schema.js';
import { acuteNotice, acuteRoute } from './acute-danger.js';
import type { Area, Question } from './common.js';
import { t } from './common.js';
import { compulsoryCare } from './compulsory-care.js';
import { conflictOfDuties } from './conflict-of-duties.js';
import { consent } from './consent.js';
import { consultation } from './consultation.js';
import { death } from './death.js';
import { directInvolvement } from './direct-involvement.js';
import { familyGuardian } from './family-guardian.js';
import { goodCaregiving } from './good-caregiving.js';
import { infectiousDisease } from './infectious-disease.js';
import { information } from './information.js';
import { insurers } from './insurers.js';
import { labels } from './labels.js';
import { minimisation } from './minimisation.js';
import { notAGround } from './not-a-ground.js';
import { obligations } from './obligations.js';
import { phrases } from './phrases.js';
import { art160, crimeQuestions, weapon } from './police-and-justice.js';
import { probation } from './probation.js';
import { reporting } from './reporting.js';
import { representative } from './representative.js';
import { vitalInterest } from './vital-interest.js';
import { wmo } from './wmo.js';

/** Decision rules in decision-tree order (notices first; then the routes in the order they are asked). */
const AREAS: Area[] = [
  acuteNotice,
  notAGround,
  crimeQuestions,
  acuteRoute,
  directInvolvement,
  representative,
  infectiousDisease,
  compulsoryCare,
  death,
  familyGuardian,
  probation,
  wmo,
  insurers,
  art160,
  consent,
  reporting,
  consultation,
  vitalInterest,
  goodCaregiving,
  conflictOfDuties,
  weapon,
  information,
];

/** The order in which a professional answers the questions (within a round, and in the catalogue). */
const QUESTION_ORDER = [
  'danger.acute',
  'recipient.canAct',
  'recipient.directlyInvolved',
  'client.objects',
  'care.goodCaregiverRequiresSharing',
  'client.competentToObject',
  'client.incapableOnThisMatter',
  'representative.goodCaregiverBars',
  'legal.notifiableDisease',
  'legal.compulsoryCare',
  'legal.treatingDoctorAtDeath',
  'legal.naturalDeath',
  'legal.supervisionOrder',
  'request.byRecipient',
  'legal.criminalTitle',
  'legal.wmoMedicalRequest',
  'legal.wmoFileCheck',
  'request.statutoryBasis',
  'crime.kind',
  'crime.privilegedPersonInvolved',
  'consent.given',
  'consent.givenBy',
  'consent.informed',
  'consent.specific',
  'consent.freelyGiven',
  'legal.wmoRefusalWithoutConsequences',
  'consent.form',
  'consent.recorded',
  'consent.timeLimited',
  'consent.validUntil',
  'report.suspicion',
  'report.requestedByRecipient',
  'report.youngerThan23',
  'report.youthAtRisk',
  'report.meldcodeFollowed',
  'report.realRiskOfHarm',
  'report.seriousDangerToAdult',
  'report.dependencyOnPerpetrator',
  'report.clientInformed',
  'report.notInformedReason',
  'consultation.safetyAtStake',
  'consultation.harmCanBeLimited',
  'consultation.noOtherWay',
  'consultation.consentSought',
  'consultation.interestsOutweigh',
  'vital.clientAtRisk',
  'vital.clientCannotConsent',
  'care.clientWillNotEngage',
  'conflict.consentSought',
  'conflict.seriousHarm',
  'conflict.disclosurePreventsHarm',
  'conflict.noAlternative',
  'conflict.conscienceDistress',
  'conflict.colleagueConsulted',
  'info.thirdPartyStrictlyNeeded',
  'request.legalBasisStated',
  'request.basedOnCovenant',
];

function orderedQuestions(): Question[] {
  const byId = new Map(AREAS.flatMap((a) => a.questions).map((q) => [q.id, q]));
  if (byId.size !== QUESTION_ORDER.length || !QUESTION_ORDER.every((id) => byId.has(id)))
    throw new Error('ruleset 2026.12.1: QUESTION_ORDER must list every question of the areas exactly once');
  return QUESTION_ORDER.map((id) => byId.get(id)!);
}

export const ruleset_2026_12_1: RulesetDataV2Input = {
  schemaVersion: 2,
  version: '2026.12.1',
  released: '2026-12-01',
  description: t(
    'Tweede regelset: correcties na juridische toetsing (conflict van plichten bij een licht delict, overlijden, vitaal belang, goed hulpverlenerschap, overleg zonder toestemming, Wmo-toestemming, verzekeraars, verschoningsrecht), alleen de vragen die ertoe doen, leesbare bronnen en gedateerde regels.',
    'Second ruleset: corrections after legal review (conflict of duties with a minor offence, death, vital interest, good caregiving, consultation without consent, Wmo consent, insurers, verschoningsrecht), only the questions that matter, readable citations and dated rules.',
  ),
  groundPrecedence: [
    'direct_involvement',
    'representative',
    'consent',
    'reporting_right',
    'conflict_of_duties',
  ],
  acuteDangerRule: 'danger.acute',
  labels,
  phrases,
  questions: orderedQuestions(),
  rules: AREAS.flatMap((a) => a.rules),
  obligations,
  minimisation,
};

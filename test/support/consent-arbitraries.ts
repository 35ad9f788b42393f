/**
 * fast-check arbitraries for registered consents and the weighings held against them. Weighings
 * lean towards the consent (its recipient, a purpose of it, categories within it) so that every
 * outcome — fitting, not fitting for each reason, undetermined — is common.
 */
import fc from 'fast-check';
import type { ConsentTerms } from '../../src/consent/index.js';
import { REPRESENTATIVE_ROLES } from '../../src/consent/vocabulary.js';
import type { AssessmentRequest } from '../../src/engine/index.js';
import {
  AGE_GROUPS,
  DECISION_CAPACITIES,
  INFORMATION_CATEGORIES,
  PURPOSE_TYPES,
  RECIPIENT_TYPES,
} from '../../src/engine/vocabulary.js';

export const REFERENCE_DAY = '2026-11-23';
const DAYS = ['2026-01-01', '2026-11-22', '2026-11-23', '2026-11-24', '2027-06-30'];
const ORGANISATIONS = ['Gemeente Utrecht', 'Advocatenkantoor De Vries'];

export const termsArb: fc.Arbitrary<ConsentTerms> = fc
  .record({
    client: fc.record({
      ageGroup: fc.constantFrom(...AGE_GROUPS),
      decisionCapacity: fc.constantFrom(...DECISION_CAPACITIES),
    }),
    grantor: fc.oneof(
      fc.constant({ type: 'client' as const }),
      fc.constantFrom(...REPRESENTATIVE_ROLES).map((role) => ({ type: 'representative' as const, role })),
    ),
    recipient: fc.record(
      { type: fc.constantFrom(...RECIPIENT_TYPES), organisation: fc.constantFrom(...ORGANISATIONS) },
      { requiredKeys: ['type'] },
    ),
    purposes: fc.uniqueArray(fc.constantFrom(...PURPOSE_TYPES), { minLength: 1, maxLength: 4 }),
    categories: fc.uniqueArray(fc.constantFrom(...INFORMATION_CATEGORIES), { minLength: 1, maxLength: 15 }),
    form: fc.constantFrom('written' as const, 'oral' as const),
    recorded: fc.boolean(),
    informed: fc.oneof(
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    freelyGiven: fc.oneof(
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    days: fc.uniqueArray(fc.constantFrom(...DAYS), { minLength: 2, maxLength: 2 }),
  })
  .map(({ days, recorded, ...terms }) => {
    const [validFrom, validUntil] = [...days].sort() as [string, string];
    return { ...terms, ...(terms.form === 'oral' ? { recorded } : {}), validFrom, validUntil };
  });

export interface WeighingSpec {
  ageGroup: (typeof AGE_GROUPS)[number];
  decisionCapacity: (typeof DECISION_CAPACITIES)[number];
  deceased: boolean;
  recipientType: (typeof RECIPIENT_TYPES)[number];
  recipientName?: string;
  purpose: (typeof PURPOSE_TYPES)[number];
  requested: Array<(typeof INFORMATION_CATEGORIES)[number]>;
  /** The answer to "incapable on this matter?" (asked when capacity is unknown), if given. */
  incapableOnThisMatter?: boolean;
}

/** A weighing for `terms`: usually within the consent's scope, sometimes outside it. */
export const weighingFor = (terms: ConsentTerms): fc.Arbitrary<WeighingSpec> =>
  fc.record(
    {
      ageGroup: fc.constantFrom(...AGE_GROUPS),
      decisionCapacity: fc.constantFrom(...DECISION_CAPACITIES),
      deceased: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      recipientType: fc.oneof(
        { weight: 4, arbitrary: fc.constant(terms.recipient.type) },
        { weight: 1, arbitrary: fc.constantFrom(...RECIPIENT_TYPES) },
      ),
      recipientName: fc.oneof(
        fc.constant(terms.recipient.organisation ? `${terms.recipient.organisation}, afdeling x` : 'Iemand'),
        fc.constantFrom(...ORGANISATIONS),
      ),
      purpose: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...terms.purposes) },
        { weight: 1, arbitrary: fc.constantFrom(...PURPOSE_TYPES) },
      ),
      requested: fc.oneof(
        { weight: 4, arbitrary: fc.shuffledSubarray(terms.categories, { minLength: 1 }) },
        {
          weight: 1,
          arbitrary: fc.uniqueArray(fc.constantFrom(...INFORMATION_CATEGORIES), {
            minLength: 1,
            maxLength: 4,
          }),
        },
      ),
      incapableOnThisMatter: fc.boolean(),
    },
    { requiredKeys: ['ageGroup', 'decisionCapacity', 'deceased', 'recipientType', 'purpose', 'requested'] },
  );

/** The sharing request of a weighing spec (the capacity answer included when it is given). */
export function requestFor(spec: WeighingSpec): AssessmentRequest {
  return {
    caseRef: 'case',
    client: {
      ref: 'client',
      ageGroup: spec.ageGroup,
      decisionCapacity: spec.decisionCapacity,
      deceased: spec.deceased,
    },
    professional: { ref: 'prof', profession: 'social_worker', employedByMunicipality: false },
    recipient: spec.recipientName
      ? { type: spec.recipientType, name: spec.recipientName }
      : { type: spec.recipientType },
    purpose: { type: spec.purpose },
    requestedInformation: spec.requested,
    answers:
      spec.incapableOnThisMatter === undefined
        ? {}
        : { 'client.incapableOnThisMatter': spec.incapableOnThisMatter },
  };
}

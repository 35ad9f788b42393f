/** Sharing requests for API tests, shaped as the api-v1 contract shows them. */
export type Json = Record<string, unknown>;

/** The api-v1 example sharing request (a municipality asks a social worker about attendance). */
export function apiV1Example() {
  return {
    caseRef: 'WT-2026-0042',
    client: { ref: 'c-81f3', ageGroup: 'adult', decisionCapacity: 'capable', deceased: false },
    professional: { ref: 'p-17', profession: 'social_worker', employedByMunicipality: true },
    recipient: { type: 'municipality', name: 'Gemeente Utrecht, werkconsulent' },
    purpose: {
      type: 'eligibility_assessment',
      description: 'werkconsulent vraagt of cliënt op tijd op werk verschijnt',
    },
    requestedInformation: ['attendance', 'social_circumstances'],
    answers: { 'consent.given': false, 'conflict.seriousHarm': false } as Record<string, unknown>,
  };
}

export function sharingRequest(overrides: Json = {}): Json {
  return { ...apiV1Example(), ...overrides };
}

/**
 * The same request as 2026.11.1 knew it: that ruleset has no `consent.timeLimited` (2026.12.1 asks
 * whether written consent states an end date), and a request may only answer its ruleset's questions.
 */
export function consentRequestV1(overrides: Json = {}): Json {
  const request = consentRequest(overrides);
  const { 'consent.timeLimited': _asked, ...answers } = request.answers as Json;
  return { ...request, answers };
}

/** A request that is allowed on valid consent (a lawyer with specific, written, free consent). */
export function consentRequest(overrides: Json = {}): Json {
  return sharingRequest({
    recipient: { type: 'lawyer', name: 'Advocaat van cliënt' },
    purpose: { type: 'legal_proceedings' },
    requestedInformation: ['treatment'],
    answers: {
      'consent.given': true,
      'consent.givenBy': 'client',
      'consent.form': 'written',
      'consent.informed': true,
      'consent.specific': true,
      'consent.freelyGiven': true,
      'consent.timeLimited': false,
    },
    ...overrides,
  });
}

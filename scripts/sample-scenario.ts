/**
 * The fictitious case of the sample dossier (docs/sample-dossier.*): a municipality's consultant
 * asks a social worker whether a client keeps appointments; the client's written consent is in the
 * consent registry. One weighing that references it, with the professional's motivation and
 * registration, and its follow-ups, recorded through the API as a case system would. Shared by
 * scripts/sample-dossier.ts, which writes the sample, and the test that proves the committed sample
 * is what the code makes now.
 */

/** Calls the service's API with a key of the sample organisation; resolves to the response. */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<Response>;

export const SAMPLE_ORGANISATION = 'Sociaal Wijkteam Voorbeeldstad';

/** Records the sample weighing and its follow-ups; returns the weighing's id. */
export async function recordSampleWeighing(call: ApiCall): Promise<string> {
  const json = async (method: string, path: string, body?: unknown) => {
    const res = await call(method, path, body);
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  // The client's written consent, registered once in the consent registry; the weighing references it.
  const day = (offset: number) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
      new Date(Date.now() + offset * 86_400_000),
    );
  const consent = await json('POST', '/v1/consents', {
    client: { ref: 'fictieve-client-01', ageGroup: 'adult', decisionCapacity: 'capable' },
    grantor: { type: 'client' },
    recipient: { type: 'municipality', organisation: 'Gemeente Voorbeeldstad' },
    purposes: ['eligibility_assessment'],
    categories: ['attendance', 'social_circumstances'],
    form: 'written',
    evidenceRef: 'dms-voorbeeld-0815',
    informed: true,
    freelyGiven: true,
    validFrom: day(-7),
    validUntil: day(180),
    motivation: 'Toestemmingsverklaring besproken en getekend; cliënt kan haar altijd intrekken.',
  });
  const recorded = await json('POST', '/v1/assessments', {
    caseRef: 'VB-2026-0815',
    client: { ref: 'fictieve-client-01', ageGroup: 'adult', decisionCapacity: 'capable', deceased: false },
    professional: {
      ref: 'mw-de-vries',
      profession: 'social_worker',
      employedByMunicipality: true,
      displayName: 'mw. E. de Vries',
      registration: { register: 'registerplein', number: 'RP-104233' },
    },
    recipient: { type: 'municipality', name: 'Gemeente Voorbeeldstad, consulent Participatiewet' },
    purpose: { type: 'eligibility_assessment', description: 'Consulent vraagt of cliënt afspraken nakomt' },
    requestedInformation: ['attendance', 'social_circumstances'],
    consentId: consent.id,
    // The consultant asks under the Participatiewet, not for medical data under art. 5.2.5 Wmo 2015
    // (the question ruleset 2026.12.1 asks first for a municipality); and the client, who depends on
    // the municipality, was told that refusing would not affect the benefit (asked for any consent
    // to the municipality: KNMG-Wegwijzer 2014 footnote 11, RVS-studie 2017 §3.2).
    answers: { 'legal.wmoMedicalRequest': false, 'legal.wmoRefusalWithoutConsequences': true },
    motivation:
      'Cliënt heeft zelf gevraagd de consulent te laten weten dat hij zijn afspraken nakomt; hij tekende daarvoor ' +
      'een toestemmingsformulier dat alleen over aanwezigheid en sociale omstandigheden gaat, nadat ik hem had gezegd ' +
      'dat weigeren geen gevolgen voor zijn uitkering heeft. Ik deel alleen wat ' +
      'de consulent voor zijn vraag nodig heeft, en niets over de begeleiding zelf.',
  });
  for (const event of [
    {
      type: 'client_informed',
      professionalRef: 'mw-de-vries',
      text: 'Cliënt heeft de brief met wat gedeeld wordt gelezen en getekend.',
    },
    {
      type: 'information_shared',
      professionalRef: 'mw-de-vries',
      categories: ['attendance'],
      motivation:
        'Alleen de aanwezigheid: de sociale omstandigheden bleken voor de vraag van de consulent niet nodig.',
    },
  ]) {
    await json('POST', `/v1/assessments/${recorded.id}/events`, event);
  }
  // The dossier says when the whole chain was last verified: verify it, as an operator would.
  await json('GET', '/v1/audit/verify');
  return recorded.id;
}

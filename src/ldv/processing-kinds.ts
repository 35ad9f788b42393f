/**
 * The kinds of processing of client data this service performs, each one an LDV "Actie" with its
 * own `name` and its own processing activity (`dpl.core.processing_activity_id`): an entry the
 * organisation keeps in its register of processing activities (AVG art. 30). docs/ldv.md lists
 * them for that register.
 *
 * The version is part of the activity's URI. It changes when what the processing does with client
 * data changes (other data, another purpose, another recipient), so that records made before and
 * after point at the register entry that described them. A new kind of processing is a new entry
 * here, never a renamed one: names and URIs already in a log must keep their meaning.
 */

export interface ProcessingKindSpec {
  version: number;
  /**
   * `one`: the action concerns one client and its record carries the action's own span.
   * `many`: one record per client, each a child span of the action, which gets a record without
   * a data subject of its own (LDV: a record refers to zero or one data subjects).
   */
  subjects: 'one' | 'many';
  /**
   * NEN 7513 / DICOM data life cycle of the client's data in this action (HL7 code system
   * object-lifecycle): 1 origination, 6 access/use, 10 export, 11 disclosure.
   */
  lifecycle: '1' | '6' | '10' | '11';
  /** What the action does with client data, for the register (docs/ldv.md). */
  summary: string;
}

export const PROCESSING_KINDS = {
  'afweging-beroepsgeheim-vastleggen': {
    version: 1,
    subjects: 'one',
    lifecycle: '1',
    summary: 'a sharing request is weighed and the weighing recorded (POST /v1/assessments)',
  },
  'afweging-beroepsgeheim-verkennen': {
    version: 1,
    subjects: 'one',
    lifecycle: '6',
    summary: 'a sharing request is weighed without recording it (POST /v1/assessments?dryRun=true)',
  },
  'vervolgstap-vastleggen': {
    version: 1,
    subjects: 'one',
    lifecycle: '1',
    summary: 'a follow-up of a weighing is recorded (POST /v1/assessments/{id}/events)',
  },
  'afweging-raadplegen': {
    version: 1,
    subjects: 'one',
    lifecycle: '6',
    summary: 'one recorded weighing is read (GET /v1/assessments/{id})',
  },
  'afwegingen-zoeken': {
    version: 1,
    subjects: 'many',
    lifecycle: '6',
    summary: 'recorded weighings are listed (GET /v1/assessments)',
  },
  'afweging-herberekenen': {
    version: 1,
    subjects: 'one',
    lifecycle: '6',
    summary: 'a recorded weighing is evaluated again (POST /v1/assessments/{id}/replay)',
  },
  'dossier-exporteren': {
    version: 1,
    subjects: 'one',
    lifecycle: '10',
    summary: 'the tuchtrecht dossier of a weighing is exported (GET /v1/assessments/{id}/export)',
  },
  'afwegingen-exporteren': {
    version: 1,
    subjects: 'many',
    lifecycle: '10',
    summary: 'weighings of a period are exported in bulk (GET /v1/exports/assessments)',
  },
  'casusoverzicht-raadplegen': {
    version: 1,
    subjects: 'many',
    lifecycle: '6',
    summary: 'the case view is read (GET /v1/cases/{caseRef}/assessments): own weighings of the case',
  },
  'casusoverzicht-verstrekken': {
    version: 1,
    subjects: 'many',
    lifecycle: '11',
    summary:
      'weighings of the case are shown to an organisation holding an access grant (in the log of the ' +
      'organisation that granted it)',
  },
  'toestemming-vastleggen': {
    version: 1,
    subjects: 'one',
    lifecycle: '1',
    summary: 'a consent of the client is registered in the consent registry (POST /v1/consents)',
  },
  'toestemming-intrekken': {
    version: 1,
    subjects: 'one',
    lifecycle: '1',
    summary: 'the withdrawal of a registered consent is recorded (POST /v1/consents/{id}/withdrawal)',
  },
  'toestemming-raadplegen': {
    version: 1,
    subjects: 'one',
    lifecycle: '6',
    summary: 'one registered consent is read (GET /v1/consents/{id}, JSON or FHIR)',
  },
  'toestemmingen-zoeken': {
    version: 1,
    subjects: 'many',
    lifecycle: '6',
    summary: 'registered consents are listed (GET /v1/consents, JSON or FHIR)',
  },
} as const satisfies Record<string, ProcessingKindSpec>;

export type ProcessingKind = keyof typeof PROCESSING_KINDS;

export const PROCESSING_KIND_NAMES = Object.keys(PROCESSING_KINDS) as ProcessingKind[];

export const isProcessingKind = (name: string): name is ProcessingKind =>
  Object.hasOwn(PROCESSING_KINDS, name);

/** The URI of a kind's processing activity under a register's base URI. */
export function activityUri(base: string, kind: ProcessingKind): string {
  const prefix = base.endsWith('/') || base.endsWith('#') ? base : `${base}/`;
  return `${prefix}${kind}/v${PROCESSING_KINDS[kind].version}`;
}

/**
 * The data subject id type: our client pseudonym (HMAC-SHA256 of the organisation id and the
 * caller's client reference under the service's secret, hex). Named under the same register so
 * the organisation can describe the scheme there.
 */
export function defaultSubjectIdType(base: string): string {
  const prefix = base.endsWith('/') || base.endsWith('#') ? base : `${base}/`;
  return `${prefix}betrokkene-id-type/clientref-pseudoniem-hmac-sha256/v1`;
}

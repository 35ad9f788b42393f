/**
 * A registered consent as a FHIR R5 Consent (https://hl7.org/fhir/R5/consent.html). The mapping,
 * element by element and with the reasons for each choice, is in docs/fhir-consent.md; change both
 * together.
 *
 * Two forms: `full`, for the organisation's own case system reading one consent (GET
 * /v1/consents/{id}): with the client's pseudonym, the named organisation and the evidence
 * reference; and `minimal`, for bulk export: never the client (not even pseudonymised), no free
 * text and no evidence reference, as for weighings (docs/fhir-auditevent.md).
 */
import type { ConsentView } from '../services/consent-view.js';
import { CODE_SYSTEM_BASE, PURPOSE_OF_USE } from './fhir-audit-event.js';

const EXT = 'https://beroepsgeheim.example.nl/fhir/StructureDefinition';
const CS = {
  recipientType: `${CODE_SYSTEM_BASE}/recipient-type`,
  purposeType: `${CODE_SYSTEM_BASE}/purpose-type`,
  category: `${CODE_SYSTEM_BASE}/information-category`,
  loinc: 'http://loinc.org',
  participation: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
  purposeOfUse: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
} as const;

export interface FhirConsentContext {
  tenantId: string;
  organisationName: string;
  /** `minimal`: bulk export (no client, no free text, no evidence reference). */
  form: 'full' | 'minimal';
}

const coding = (system: string, code: string, display?: string) =>
  display ? { system, code, display } : { system, code };

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' });

/** ConsentState (R5): the registry's statuses in FHIR's words; ours is kept in an extension. */
const STATE: Record<ConsentView['status'], 'active' | 'inactive'> = {
  active: 'active',
  not_yet_valid: 'active',
  expired: 'inactive',
  withdrawn: 'inactive',
};

const chainEntry = (integrity: { sequence: number; hash: string }) => ({
  url: `${EXT}/chain-entry`,
  extension: [
    { url: 'sequence', valueInteger: integrity.sequence },
    { url: 'hash', valueString: integrity.hash },
  ],
});

export function toFhirConsent(consent: ConsentView, context: FhirConsentContext): Record<string, unknown> {
  const full = context.form === 'full';
  const recipientType = coding(CS.recipientType, consent.recipient.type);
  const grantee = {
    type: 'Organization',
    display: full && consent.recipient.organisation ? consent.recipient.organisation : consent.recipient.type,
    extension: [{ url: `${EXT}/recipient-type`, valueCoding: recipientType }],
  };
  const grantor =
    consent.grantor.type === 'client'
      ? {
          type: 'Patient',
          display: 'client',
          ...(full
            ? {
                identifier: {
                  system: `urn:beroepsgeheim:client-pseudonym:${context.tenantId}`,
                  value: consent.client.refPseudonym,
                },
              }
            : {}),
        }
      : {
          type: 'RelatedPerson',
          display: `representative (${consent.grantor.role ?? 'unspecified'})`,
          extension: [{ url: `${EXT}/representative-role`, valueCode: consent.grantor.role }],
        };
  const withdrawal = consent.withdrawal;
  return {
    resourceType: 'Consent',
    id: consent.id,
    meta: {
      versionId: withdrawal ? '2' : '1',
      lastUpdated: withdrawal ? withdrawal.recordedAt : consent.recordedAt,
    },
    extension: [
      { url: `${EXT}/consent-status`, valueCode: consent.status },
      { url: `${EXT}/consent-form`, valueCode: consent.form },
      ...(consent.form === 'oral'
        ? [{ url: `${EXT}/consent-recorded`, valueBoolean: consent.recorded === true }]
        : []),
      { url: `${EXT}/consent-informed`, valueBoolean: consent.informed },
      { url: `${EXT}/consent-freely-given`, valueBoolean: consent.freelyGiven },
      { url: `${EXT}/client-age-group`, valueCode: consent.client.ageGroup },
      { url: `${EXT}/client-decision-capacity`, valueCode: consent.client.decisionCapacity },
      chainEntry(consent.integrity),
      ...(withdrawal
        ? [
            {
              url: `${EXT}/consent-withdrawal`,
              extension: [
                { url: 'withdrawnAt', valueDateTime: withdrawal.withdrawnAt },
                { url: 'withdrawnBy', valueCode: withdrawal.withdrawnBy.type },
                ...(withdrawal.withdrawnBy.role
                  ? [{ url: 'representativeRole', valueCode: withdrawal.withdrawnBy.role }]
                  : []),
                { url: 'recordedAt', valueDateTime: withdrawal.recordedAt },
                chainEntry(withdrawal.integrity),
              ],
            },
          ]
        : []),
    ],
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${consent.id}` }],
    status: STATE[consent.status],
    category: [{ coding: [coding(CS.loinc, '64292-6', 'Release of information consent')] }],
    ...(full
      ? {
          subject: {
            type: 'Patient',
            identifier: {
              system: `urn:beroepsgeheim:client-pseudonym:${context.tenantId}`,
              value: consent.client.refPseudonym,
            },
          },
        }
      : {}),
    date: AMSTERDAM_DAY.format(new Date(consent.recordedAt)),
    period: { start: consent.validFrom, end: consent.validUntil },
    grantor: [grantor],
    grantee: [grantee],
    controller: [
      {
        type: 'Organization',
        identifier: { system: 'urn:beroepsgeheim:organisation', value: context.tenantId },
        display: context.organisationName,
      },
    ],
    ...(full && consent.evidenceRef
      ? {
          sourceReference: [
            {
              identifier: {
                system: `urn:beroepsgeheim:evidence-ref:${context.tenantId}`,
                value: consent.evidenceRef,
              },
            },
          ],
        }
      : {}),
    decision: 'permit',
    provision: [
      {
        period: { start: consent.validFrom, end: consent.validUntil },
        actor: [
          {
            role: { coding: [coding(CS.participation, 'IRCP', 'information recipient')] },
            reference: grantee,
          },
        ],
        action: [{ coding: [coding(CS.consentAction, 'disclose', 'Disclose')] }],
        purpose: consent.purposes.flatMap((p) => {
          const pou = PURPOSE_OF_USE[p];
          return [
            coding(CS.purposeType, p),
            ...(pou ? [coding(CS.purposeOfUse, pou.code, pou.display)] : []),
          ];
        }),
        code: consent.categories.map((c) => ({ coding: [coding(CS.category, c)] })),
      },
    ],
  };
}

/**
 * A page of consents as a FHIR searchset Bundle. The next page is named by its cursor (an
 * extension) rather than a `next` link: a link would repeat the query, and with it the client
 * reference the caller searched for.
 */
export function toFhirBundle(
  consents: ConsentView[],
  context: FhirConsentContext,
  nextCursor: string | null,
): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(nextCursor ? { extension: [{ url: `${EXT}/next-cursor`, valueString: nextCursor }] } : {}),
    entry: consents.map((c) => ({
      fullUrl: `urn:uuid:${c.id}`,
      resource: toFhirConsent(c, context),
      search: { mode: 'match' },
    })),
  };
}

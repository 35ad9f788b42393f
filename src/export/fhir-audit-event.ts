/**
 * One recorded weighing as a FHIR R5 AuditEvent (https://hl7.org/fhir/R5/auditevent.html). The
 * mapping, element by element with the NEN 7513 field each one carries, is in
 * docs/fhir-auditevent.md; change both together.
 *
 * What is left out on purpose (data minimisation): the client (AuditEvent.patient; not even the
 * pseudonym), the answers, the free texts and the dossier note.
 */
import type { ExportRecord } from '../repositories/export-repository.js';

/** Code systems of this service (stable URIs; the codes are the API v1 vocabulary). */
export const CODE_SYSTEM_BASE = 'https://beroepsgeheim.example.nl/fhir/CodeSystem';
const CS = {
  event: `${CODE_SYSTEM_BASE}/audit-event`,
  decision: `${CODE_SYSTEM_BASE}/decision`,
  ground: `${CODE_SYSTEM_BASE}/ground`,
  recipientType: `${CODE_SYSTEM_BASE}/recipient-type`,
  purposeType: `${CODE_SYSTEM_BASE}/purpose-type`,
  category: `${CODE_SYSTEM_BASE}/information-category`,
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  outcome: 'http://terminology.hl7.org/CodeSystem/audit-event-outcome',
  participation: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  securityRole: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
  sourceType: 'http://terminology.hl7.org/CodeSystem/security-source-type',
  objectRole: 'http://terminology.hl7.org/CodeSystem/object-role',
  purposeOfUse: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
} as const;

/** Where a purpose type has an unambiguous HL7 PurposeOfUse (v3 ActReason) code. */
export const PURPOSE_OF_USE: Record<string, { code: string; display: string }> = {
  continuity_of_care: { code: 'TREAT', display: 'treatment' },
  handover: { code: 'TREAT', display: 'treatment' },
  legal_proceedings: { code: 'HLEGAL', display: 'legal' },
  infectious_disease_notification: { code: 'PUBHLTH', display: 'public health' },
};

export interface FhirContext {
  tenantId: string;
  organisationName: string;
  serviceVersion: string;
}

const coding = (system: string, code: string, display?: string) =>
  display ? { system, code, display } : { system, code };

const detail = (text: string, value: Record<string, unknown>) => ({ type: { text }, ...value });

export function toAuditEvent(record: ExportRecord, context: FhirContext): Record<string, unknown> {
  const purposeOfUse = PURPOSE_OF_USE[record.purposeType];
  return {
    resourceType: 'AuditEvent',
    id: record.id,
    category: [{ coding: [coding(CS.dicom, '110110', 'Patient Record')] }],
    code: { coding: [coding(CS.event, 'disclosure-weighing', 'Weging verstrekking onder beroepsgeheim')] },
    action: 'E',
    occurredDateTime: record.recordedAt.toISOString(),
    recorded: record.recordedAt.toISOString(),
    outcome: {
      code: coding(CS.outcome, '0', 'Success'),
      detail: [
        { coding: [coding(CS.decision, record.decision)] },
        { coding: [coding(CS.ground, record.ground)] },
      ],
    },
    authorization: [
      {
        coding: [
          coding(CS.purposeType, record.purposeType),
          ...(purposeOfUse ? [coding(CS.purposeOfUse, purposeOfUse.code, purposeOfUse.display)] : []),
        ],
      },
    ],
    agent: [
      {
        type: { coding: [coding(CS.securityRole, 'humanuser', 'human user')] },
        who: {
          identifier: {
            system: `urn:beroepsgeheim:professional-ref:${context.tenantId}`,
            value: record.professionalRef,
          },
        },
        requestor: true,
        policy: [`urn:beroepsgeheim:ruleset:${record.rulesetVersion}:sha256:${record.rulesetHash}`],
      },
      {
        type: { coding: [coding(CS.participation, 'IRCP', 'information recipient')] },
        role: [{ coding: [coding(CS.recipientType, record.recipientType)] }],
        who: { display: record.recipientType },
        requestor: false,
      },
    ],
    source: {
      observer: { display: `beroepsgeheim-service ${context.serviceVersion}` },
      site: { display: context.organisationName },
      type: [{ coding: [coding(CS.sourceType, '4', 'Application Server')] }],
    },
    entity: [
      {
        what: { identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${record.id}` } },
        role: { coding: [coding(CS.objectRole, '3', 'Report')] },
        detail: [
          detail('caseRef', { valueString: record.caseRef }),
          detail('decision', { valueCodeableConcept: { coding: [coding(CS.decision, record.decision)] } }),
          detail('ground', { valueCodeableConcept: { coding: [coding(CS.ground, record.ground)] } }),
          ...record.sharedCategories.map((c) =>
            detail('sharedCategory', { valueCodeableConcept: { coding: [coding(CS.category, c)] } }),
          ),
          ...record.withheldCategories.map((c) =>
            detail('withheldCategory', { valueCodeableConcept: { coding: [coding(CS.category, c)] } }),
          ),
          detail('rulesetVersion', { valueString: record.rulesetVersion }),
          detail('rulesetHash', { valueString: record.rulesetHash }),
          detail('chainSequence', { valueInteger: record.sequence }),
          detail('chainHash', { valueString: record.hash }),
        ],
      },
    ],
  };
}

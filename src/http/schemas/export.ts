/** Schemas of the dossier export, the signing key, the bulk export and the Veiligheidshuis case view. */
import { z } from 'zod';
import {
  Decision,
  Ground,
  InformationCategory,
  Language,
  PurposeType,
  RecipientType,
} from '../../engine/vocabulary.js';
import { CSV_DELIMITERS, EXPORT_FORMATS } from '../../export/formats.js';
import { AssessmentDetail, AssessmentEvaluation, CitationSchema, OpaqueRef } from './assessment.js';
import { Instant, Timestamp, Uuid } from './common.js';
import { ConsentSchema } from './consent.js';

const Hash = z.string().length(64).describe('Lowercase hex SHA-256.');

export const PublicKeySchema = z
  .object({
    algorithm: z.literal('Ed25519'),
    publicKeyId: z.string().length(16),
    publicKeyPem: z.string().describe('The public key, PEM (SPKI).'),
  })
  .meta({ id: 'SigningPublicKey' });

const Base64Hash = z.string().length(44).describe('SHA-256 hash, base64.');

export const DossierVerificationSchema = z
  .object({
    method: z
      .enum(['inclusion_proofs'])
      .describe('Each entry proven in the signed tree by its inclusion proof.'),
    intact: z.boolean(),
    entriesChecked: z.number().int(),
    entryHashesRecomputed: z
      .boolean()
      .describe("Each entry's hash was recomputed as SHA-256(previousHash + content) at export."),
    treeSize: z.number().int().describe('Size of the signed tree the entries were proven in (0 when none).'),
    firstBrokenLink: z.object({ sequence: z.number().int(), reason: z.string() }).nullable(),
    verifiedAt: z.string(),
    durationMs: z.number().int(),
    checkpoint: z
      .object({
        treeSize: z.number().int(),
        signedAt: z.string().describe('When the service signed the checkpoint (its own record).'),
        signedBy: z.array(z.object({ name: z.string(), keyId: z.string() })),
        cosignatures: z
          .array(z.object({ witness: z.string(), cosignedAt: z.string() }))
          .describe('Each witness cosignature, with the time inside it.'),
        cosignatureThreshold: z.number().int(),
        timestamp: z
          .object({
            genTime: z.string(),
            tsa: z.string().nullable().describe("The TSA certificate's common name."),
            verified: z.boolean().describe('The token was checked again at export.'),
          })
          .nullable(),
      })
      .nullable()
      .describe('The checkpoint the inclusion proofs lead to, as read at export; null when none.'),
    lastFullVerification: z
      .object({
        verifiedAt: z.string(),
        intact: z.boolean(),
        headSequence: z.number().int(),
        firstBrokenSequence: z.number().int().nullable(),
      })
      .nullable()
      .describe(
        "The last verification of the organisation's whole chain from its first entry (GET /v1/audit/verify, " +
          'npm run audit:verify); null when none has run.',
      ),
  })
  .meta({
    id: 'DossierVerification',
    description: "The service's own check at export. Not covered by any signature.",
  });

const InclusionEntrySchema = z
  .object({
    sequence: z.number().int(),
    leafIndex: z.number().int().describe('sequence − 1'),
    inclusionProof: z.array(Base64Hash).describe('RFC 9162 §2.1.3 inclusion proof, leaf sibling first.'),
    tlogProof: z.string().describe('The same proof as a c2sp.org/tlog-proof text.'),
  })
  .meta({ id: 'InclusionProofEntry' });

export const TransparencySchema = z
  .object({
    origin: z.string().describe("The log's origin line: `<LOG_ORIGIN_PREFIX>/<organisation id>`."),
    checkpoint: z
      .string()
      .describe(
        'The checkpoint (c2sp.org/tlog-checkpoint) as a signed note: signed by the log key(s), then cosigned by ' +
          'witnesses (c2sp.org/tlog-cosignature).',
      ),
    treeSize: z.number().int(),
    entries: z.array(InclusionEntrySchema),
    timestamp: z
      .object({
        token: z
          .string()
          .describe('RFC 3161 TimeStampToken (DER, base64) over the log-signed checkpoint note.'),
        genTime: z.string(),
      })
      .nullable(),
    cosignatureThreshold: z
      .number()
      .int()
      .describe('Witness cosignatures the service requires of a dossier.'),
    presentation: z
      .string()
      .describe(
        'Signed note over SHA-256 of the canonical JSON of assessment id, exportedAt, language, organisation, ' +
          'translation, labels, questions, legalBasis and bibliography (docs/verifying-a-dossier.md).',
      ),
  })
  .meta({ id: 'DossierTransparency' });

export const LogKeyHistorySchema = z
  .object({
    origin: z.string(),
    keys: z.array(
      z.object({
        status: z.enum(['current', 'next', 'retired']),
        vkey: z.string().describe('c2sp.org/signed-note verifier key (name = origin).'),
        keyId: z.string().length(8),
        publicKeyId: z.string().length(16).describe('The id format-1 statements named.'),
        publicKeyPem: z.string(),
        validFrom: z.string().nullable(),
        validUntil: z.string().nullable(),
      }),
    ),
    witnesses: z.array(z.object({ name: z.string(), vkey: z.string(), url: z.string() })),
    cosignatureThreshold: z.number().int(),
    tsaCertificatePem: z.string().nullable(),
  })
  .meta({ id: 'LogKeyHistory' });

export const DossierQuery = z.strictObject({
  format: z
    .enum(['json', 'pdf'])
    .optional()
    .describe(
      '`json` (machine form) or `pdf` (A4, PDF/A-3b, with the JSON dossier embedded). Without it the `Accept` ' +
        'header decides (`application/pdf` or `application/json`); JSON when it allows both equally.',
    ),
  language: Language.optional().describe(
    "The dossier's language. Default: your organisation's language (`nl` unless set). The record's texts are " +
      'reproduced in it from the ruleset the weighing used, where they can be.',
  ),
});

const ChainEntrySchema = z
  .object({
    sequence: z.number().int(),
    entryType: z.string(),
    previousHash: Hash,
    hash: Hash,
    content: z.string().describe('The exact canonical JSON that was hashed.'),
  })
  .meta({ id: 'DossierChainEntry' });

export const DossierSchema = z
  .object({
    schema: z.literal('beroepsgeheim.dossier/3'),
    exportedAt: z.string(),
    language: Language.describe("The dossier's language."),
    organisation: z.object({ id: Uuid, name: z.string() }),
    assessment: AssessmentDetail,
    translation: z
      .object({ language: Language, result: AssessmentEvaluation })
      .nullable()
      .describe(
        "The record's texts in the dossier's language, reproduced from the ruleset the weighing used (the same " +
          "facts); null when the record is in the dossier's language or its texts could not be reproduced.",
      ),
    labels: z
      .object({
        decision: z.string(),
        ground: z.string(),
        recipientType: z.string(),
        purposeType: z.string(),
        categories: z.record(z.string(), z.string()),
        ageGroup: z.string(),
        decisionCapacity: z.string(),
        profession: z.string(),
        register: z.string().nullable(),
        eventTypes: z.record(z.string(), z.string()),
        rules: z.record(z.string(), z.string()).describe('The title of each rule in the trace.'),
      })
      .describe("Words for the codes of the record, in the dossier's language."),
    questions: z
      .array(
        z.object({
          id: z.string(),
          text: z.string(),
          answer: z
            .union([z.boolean(), z.string()])
            .nullable()
            .describe('As recorded; null when unanswered.'),
          answerText: z.string().nullable(),
          status: z
            .enum(['answered', 'open', 'not_needed'])
            .describe(
              "`open`: unanswered, and its answer can still change the outcome (the result's missingAnswers: needed " +
                'for a decision, or able to change a decision that stands); `not_needed`: unanswered and the ' +
                'outcome did not depend on it.',
            ),
          sources: z.array(z.string()).describe('Readable citations.'),
          citations: z.array(CitationSchema).optional(),
          answeredBy: z
            .literal('consent_registry')
            .optional()
            .describe('Set when the answer came from the consent registry (`consentId`).'),
        }),
      )
      .describe(
        'Every question of the recorded ruleset that matters for this recipient and purpose, answered or not.',
      ),
    legalBasis: z
      .array(z.string())
      .describe(
        'The statutes and rulings the decision rests on (never guidance documents); empty when none.',
      ),
    bibliography: z
      .array(z.object({ short: z.string(), title: z.string() }))
      .describe('Every document cited in the dossier: its short title and the full reference.'),
    chainEntries: z
      .array(ChainEntrySchema)
      .describe('The record and each follow-up event as stored in the chain: what a third party recomputes.'),
    consent: z
      .object({
        consent: ConsentSchema,
        chainEntries: z
          .array(ChainEntrySchema)
          .describe('The registration entry of the consent, then its withdrawal entry if there is one.'),
        inclusion: z
          .array(InclusionEntrySchema)
          .nullable()
          .describe(
            'RFC 9162 inclusion proofs of those entries against the checkpoint in `transparency`; null without it.',
          ),
        labels: z.object({
          recipientType: z.string(),
          purposes: z.record(z.string(), z.string()),
          categories: z.record(z.string(), z.string()),
        }),
        proof: z.string().describe('How the consent is proven, in words.'),
      })
      .nullable()
      .describe(
        'The registered consent the weighing referenced, with its chain entries and proofs; null when none.',
      ),
    verification: DossierVerificationSchema,
    transparency: TransparencySchema.nullable().describe(
      'The transparency-log evidence; null when an entry is not in the signed tree as stored (then nothing is signed).',
    ),
    howToVerify: z.string().describe('Not covered by any signature.'),
  })
  .meta({ id: 'Dossier', description: 'The tuchtrecht dossier of one weighing (docs/exports.md).' });

export const BulkExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('ndjson'),
  from: Instant.describe(
    'Inclusive lower bound of recordedAt: a date (`2026-01-01`, start of that day, Dutch time) or an RFC 3339 date-time.',
  ),
  to: Instant.describe(
    'Exclusive upper bound of recordedAt: a date (`2027-01-01` includes all of 2026) or an RFC 3339 date-time.',
  ),
  delimiter: z
    .enum(CSV_DELIMITERS)
    .default('comma')
    .describe(
      'CSV only: `semicolon` for spreadsheet programs set up for Dutch, where the comma is the decimal separator.',
    ),
});

const Organisation = z.object({ id: Uuid, name: z.string() }).meta({ id: 'Organisation' });

/** Your own organisation, with its settings. */
export const OrganisationSchema = z
  .object({
    id: Uuid,
    name: z.string(),
    language: Language.describe(
      "The language your organisation's records are written in, unless a weighing's body names another " +
        '(`nl` unless set). Dossiers are rendered in it by default.',
    ),
  })
  .meta({ id: 'OwnOrganisation' });

export const OrganisationSettingsBody = z
  .strictObject({
    language: Language.describe("The language your organisation's records are written in from now on."),
  })
  .meta({ id: 'OrganisationSettings' });

export const AccessGrantSchema = z
  .object({
    id: Uuid,
    grantingOrganisation: Organisation,
    granteeOrganisation: Organisation,
    caseRef: z.string(),
    expiresAt: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    acceptedAt: z
      .string()
      .nullable()
      .describe('When the grantee accepted the grant; until then it shows nothing (`pending`).'),
    status: z
      .enum(['pending', 'active', 'expired', 'revoked'])
      .describe('`pending`: not yet accepted by the grantee; `active`: accepted, in force.'),
  })
  .meta({ id: 'AccessGrant' });

export const CreateAccessGrant = z
  .strictObject({
    granteeOrganisationId: Uuid.describe(
      'The organisation that may see the case (GET /v1/organisation tells its id).',
    ),
    caseRef: OpaqueRef.describe('The case reference your records use (opaque; never a BSN).'),
    expiresAt: Timestamp.describe('When the access ends: at least a minute and at most 366 days ahead.'),
  })
  .meta({ id: 'CreateAccessGrant' });

export const AccessGrantList = z
  .object({
    given: z.array(AccessGrantSchema).describe('Grants your organisation gave, newest first.'),
    received: z.array(AccessGrantSchema).describe('Grants other organisations gave yours, newest first.'),
  })
  .meta({ id: 'AccessGrantList' });

export const CaseParams = z.object({ caseRef: OpaqueRef });

export const CaseAssessmentList = z
  .object({
    caseRef: z.string(),
    items: z.array(
      z
        .object({
          organisation: Organisation,
          ownRecord: z.boolean().describe("True for your own organisation's records."),
          recordedAt: z.string(),
          recipientType: RecipientType,
          purposeType: PurposeType,
          decision: Decision,
          ground: Ground,
          sharedCategories: z.array(InformationCategory),
        })
        .meta({ id: 'CaseAssessment' }),
    ),
    truncated: z.boolean().describe('True when the case has more weighings than one answer lists (1000).'),
  })
  .meta({ id: 'CaseAssessmentList' });

/**
 * Generates recorded weighings quickly, for measuring the service at scale (bench:scale,
 * seed:assessments). Records are real: requests drawn from the same generators as the engine's
 * property tests, results from the engine itself, envelopes, index values and the hash chain built
 * by the service's own code; the database's chain trigger checks every link as usual. What makes
 * it fast: a few hundred distinct weighings are evaluated once and reused under fresh ids, cases,
 * clients and times, and rows go in with COPY rather than one INSERT per record.
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { chainHash, envelopeContent, GENESIS_HASH } from '../../src/audit/chain.js';
import { Pseudonymiser } from '../../src/audit/pseudonym.js';
import { generateKey } from '../../src/auth/api-key-format.js';
import { type AssessmentRequest, activeRuleset, evaluate } from '../../src/engine/index.js';
import { API_KEY_CREATED } from '../../src/services/api-keys.js';
import { assessmentIndex } from '../../src/services/assessment-index.js';
import {
  ASSESSMENT_RECORDED,
  type AssessmentRecordData,
  recordResult,
} from '../../src/services/assessments.js';
import { SERVICE_VERSION } from '../../src/version.js';
import { requestArb } from '../../test/engine/support/arbitraries.js';

export interface SeedOptions {
  /** A URL that may INSERT into the audit tables (the service's role will do). */
  url: string;
  /** The organisation to create; its first chain entry is the creation of the key returned. */
  tenantName: string;
  pseudonymisationSecret: string;
  records: number;
  /** Distinct cases and clients the records are spread over. */
  cases?: number;
  clients?: number;
  /** Records are spread evenly over this many days before now. */
  days?: number;
  onProgress?: (done: number) => void;
}

const NAMES = [
  'Gemeente Utrecht, werkconsulent',
  'Veilig Thuis regio Utrecht',
  'wijkagent',
  'fysiotherapeut',
  'advocaat',
  '',
];
const DESCRIPTIONS = [
  'vraagt of cliënt op tijd op werk verschijnt',
  'zorg over veiligheid van de kinderen',
  'overdracht na verhuizing',
  '',
];
const CHUNK = 20_000;

/**
 * Answers as a professional gives them: starting from none, answering the questions the engine
 * still asks, a few at a time, until it decides (or the professional stops).
 */
function walkQuestions(request: AssessmentRequest, steps: number, random: () => number): AssessmentRequest {
  let current: AssessmentRequest = { ...request, answers: {} };
  for (let step = 0; step < steps; step++) {
    const result = evaluate(current, { language: 'nl', referenceDate: '2026-11-01' }, activeRuleset);
    const next = result.missingAnswers[0];
    if (!next) break;
    const value =
      next.type === 'boolean'
        ? random() < 0.6
        : next.type === 'enum'
          ? next.options![Math.floor(random() * next.options!.length)]!
          : '2027-06-30';
    current = { ...current, answers: { ...current.answers, [next.id]: value } };
  }
  return current;
}

function templates(count: number) {
  const requests = fc.sample(requestArb(), { numRuns: count, seed: 20261123 });
  let state = 20261123;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return requests.map((generated, i) => {
    const request = walkQuestions(generated, Math.floor(random() * 12), random);
    const clean: AssessmentRequest = {
      ...request,
      recipient: {
        type: request.recipient.type,
        ...(NAMES[i % NAMES.length] ? { name: NAMES[i % NAMES.length] } : {}),
      },
      purpose: {
        type: request.purpose.type,
        ...(DESCRIPTIONS[i % DESCRIPTIONS.length]
          ? { description: DESCRIPTIONS[i % DESCRIPTIONS.length] }
          : {}),
      },
      professional: { ...request.professional, ref: `p-${i % 97}` },
    };
    const result = evaluate(
      clean,
      { language: i % 4 === 0 ? 'en' : 'nl', referenceDate: '2026-11-01' },
      activeRuleset,
    );
    return { request: clean, result, recorded: recordResult(result) };
  });
}

/** COPY text format: backslash is the escape character; JSON never holds raw tabs or newlines. */
const copyText = (value: string) => value.replaceAll('\\', '\\\\');

export interface SeededTenant {
  tenantId: string;
  apiKeyId: string;
  /** An API key (read and audit scopes) of the seeded organisation. */
  key: string;
  records: number;
}

/**
 * Creates an organisation whose chain starts, a `days` ago, with the creation of an API key (as
 * the service records it), followed by `records` weighings spread evenly up to now.
 */
export async function seedAssessments(options: SeedOptions): Promise<SeededTenant> {
  const pool = templates(512);
  const pseudonymiser = new Pseudonymiser(options.pseudonymisationSecret);
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    const span = (options.days ?? 365) * 86_400_000;
    const start = Date.now() - span;
    const tenantId = randomUUID();
    const apiKeyId = randomUUID();
    const generated = generateKey();
    const keyCreatedAt = new Date(start - 60_000);
    await client.query('INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)', [
      tenantId,
      options.tenantName,
      keyCreatedAt,
    ]);
    const keyData = {
      apiKeyId,
      keyId: generated.keyId,
      name: 'bench:scale',
      scopes: ['read', 'audit'],
      isBootstrap: false,
      secretHash: generated.secretHash.toString('hex'),
      expiresAt: null,
      actor: { operator: 'cli' },
    };
    const keyContent = envelopeContent({
      tenantId,
      sequence: 1,
      entryType: API_KEY_CREATED,
      entityId: apiKeyId,
      recordedAt: keyCreatedAt.toISOString(),
      data: keyData,
    });
    let previousHash = chainHash(GENESIS_HASH, keyContent);
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, API_KEY_CREATED, apiKeyId, keyCreatedAt, keyContent, GENESIS_HASH, previousHash],
    );
    await client.query(
      `INSERT INTO api_keys (id, tenant_id, key_id, secret_hash, name, scopes, created_at, created_sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1)`,
      [apiKeyId, tenantId, generated.keyId, generated.secretHash, keyData.name, keyData.scopes, keyCreatedAt],
    );
    await client.query('COMMIT');
    let sequence = 1;
    const seedTenant = { tenantId, apiKeyId };
    const step = span / options.records;
    const cases = options.cases ?? 50_000;
    const clients = options.clients ?? 200_000;
    const pseudonyms = new Map<number, string>();

    for (let offset = 0; offset < options.records; offset += CHUNK) {
      const chain: string[] = [];
      const index: string[] = [];
      for (let i = offset; i < Math.min(offset + CHUNK, options.records); i++) {
        const template = pool[i % pool.length]!;
        const id = randomUUID();
        sequence += 1;
        const recordedAt = new Date(Math.floor(start + i * step)).toISOString();
        const clientNumber = i % clients;
        let refPseudonym = pseudonyms.get(clientNumber);
        if (!refPseudonym) {
          refPseudonym = pseudonymiser.clientRef(seedTenant.tenantId, `client-${clientNumber}`);
          pseudonyms.set(clientNumber, refPseudonym);
        }
        const caseRef = `CASE-${i % cases}`;
        const { ref: _ref, ...clientFacts } = template.request.client;
        const data: AssessmentRecordData = {
          assessmentId: id,
          request: { ...template.request, caseRef, client: { ...clientFacts, refPseudonym } },
          result: template.recorded,
          recordedBy: { apiKeyId: seedTenant.apiKeyId },
          serviceVersion: SERVICE_VERSION,
        };
        const row = {
          apiKeyId: seedTenant.apiKeyId,
          caseRef,
          clientRefHash: refPseudonym,
          decision: template.result.decision,
          ground: template.result.ground,
          professionalRef: template.request.professional.ref,
          purposeType: template.request.purpose.type,
          recipientType: template.request.recipient.type,
          rulesetHash: template.result.rulesetHash,
          rulesetVersion: template.result.rulesetVersion,
          sharedCategories: template.result.information.share.map((s) => s.category),
          withheldCategories: template.result.information.withhold.map((s) => s.category),
        };
        const content = envelopeContent({
          tenantId: seedTenant.tenantId,
          sequence,
          entryType: ASSESSMENT_RECORDED,
          entityId: id,
          recordedAt,
          index: assessmentIndex(row),
          data,
        });
        const hash = chainHash(previousHash, content);
        chain.push(
          [
            seedTenant.tenantId,
            sequence,
            ASSESSMENT_RECORDED,
            id,
            recordedAt,
            copyText(content),
            previousHash,
            hash,
          ].join('\t'),
        );
        index.push(
          [
            id,
            seedTenant.tenantId,
            sequence,
            recordedAt,
            caseRef,
            refPseudonym,
            row.professionalRef,
            row.recipientType,
            row.purposeType,
            row.decision,
            row.ground,
            `{${row.sharedCategories.join(',')}}`,
            `{${row.withheldCategories.join(',')}}`,
            row.rulesetVersion,
            row.rulesetHash,
            seedTenant.apiKeyId,
          ].join('\t'),
        );
        previousHash = hash;
      }
      await client.query('BEGIN');
      await pipeline(
        async function* () {
          yield `${chain.join('\n')}\n`;
        },
        client.query(
          copyFrom(
            'COPY audit_chain (tenant_id, sequence, entry_type, entity_id, recorded_at, content, previous_hash, hash) FROM STDIN',
          ),
        ),
      );
      await pipeline(
        async function* () {
          yield `${index.join('\n')}\n`;
        },
        client.query(
          copyFrom(
            `COPY assessments (id, tenant_id, sequence, recorded_at, case_ref, client_ref_hash, professional_ref, recipient_type,
                               purpose_type, decision, ground, shared_categories, withheld_categories, ruleset_version,
                               ruleset_hash, api_key_id) FROM STDIN`,
          ),
        ),
      );
      await client.query('COMMIT');
      options.onProgress?.(Math.min(offset + CHUNK, options.records));
    }
    return { tenantId, apiKeyId, key: generated.key, records: options.records };
  } finally {
    await client.end();
  }
}

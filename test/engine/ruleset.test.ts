/**
 * The rule data itself: sources, the api-v1 question ids, the frozen hash of each released
 * version, the registry, and rejection of malformed data.
 */
import { describe, expect, it } from 'vitest';
import {
  activeRuleset,
  type CompiledRuleset,
  compileRuleset,
  DOCUMENTS,
  evaluate,
  getRuleset,
  listRulesets,
  questionCatalogue,
  type RulesetDataV1,
  type RulesetDataV2,
  rulesView,
} from '../../src/engine/index.js';
import { ruleset_2026_11_1 } from '../../src/engine/rulesets/2026-11-1.js';
import { ruleset_2026_12_1 } from '../../src/engine/rulesets/2026-12-1/index.js';
import { REFERENCE_DATE, request } from './support/request.js';

/** A seed file name: an internal key that must never reach a reader. */
const SEED_FILE = /\d{3}_[0-9a-f]{16}\.txt/;
const SHORT_TITLES = Object.values(DOCUMENTS).map((d) => d.short);
const STATUTE_OR_RULING = /^(art\. \d|Wet |Wvggz|Wzd|Wmo 2015|Jeugdwet|Zvw|Wlz|AVG|ECLI:)/;
/** A readable citation: "<short title>, <section>[ (statute; ECLI)]", or a statute or ruling. */
const readable = (s: string) =>
  !SEED_FILE.test(s) && (SHORT_TITLES.some((t) => s.startsWith(`${t}, `)) || STATUTE_OR_RULING.test(s));

/** Every question id of api-v1.md (the fixed public vocabulary). */
const API_V1_QUESTION_IDS = [
  'danger.acute',
  'recipient.directlyInvolved',
  'client.objects',
  'client.competentToObject',
  'care.goodCaregiverRequiresSharing',
  'consent.given',
  'consent.givenBy',
  'consent.form',
  'consent.informed',
  'consent.specific',
  'consent.freelyGiven',
  'consent.recorded',
  'consent.validUntil',
  'legal.supervisionOrder',
  'legal.criminalTitle',
  'legal.notifiableDisease',
  'report.suspicion',
  'report.meldcodeFollowed',
  'report.realRiskOfHarm',
  'report.seriousDangerToAdult',
  'report.dependencyOnPerpetrator',
  'report.requestedByRecipient',
  'report.clientInformed',
  'report.notInformedReason',
  'conflict.consentSought',
  'conflict.conscienceDistress',
  'conflict.noAlternative',
  'conflict.seriousHarm',
  'conflict.disclosurePreventsHarm',
  'conflict.colleagueConsulted',
  'request.legalBasisStated',
  'request.basedOnCovenant',
];
/** The api-v1 types and enum options, which may not change meaning. */
const API_V1_TYPES: Record<string, string | string[]> = {
  'consent.givenBy': ['client', 'representative'],
  'consent.form': ['written', 'oral'],
  'consent.validUntil': 'date',
  'report.suspicion': ['child_abuse', 'domestic_violence', 'none'],
  'report.notInformedReason': ['safety', 'losing_contact', 'own_safety'],
};

/** Content hash of each released ruleset. A released ruleset must never change. */
const FROZEN_HASHES: Record<string, string> = {
  '2026.11.1': 'aab955e0b56bc31319aa36c96d6379903653288119ad23dec4b7a19118ad23e5',
  '2026.12.1': 'b7cda2b8d76c3a6657259e76f95010b37c15f1787730c05b8d4b85318f13cc3a',
};

const RELEASED: CompiledRuleset[] = listRulesets().map((r) => getRuleset(r.hash)!);
const v11 = RELEASED.find((r) => r.version === '2026.11.1')!;
const clone = (): RulesetDataV1 => structuredClone(ruleset_2026_11_1) as RulesetDataV1;
const clone2 = (): RulesetDataV2 => structuredClone(ruleset_2026_12_1) as RulesetDataV2;

describe('citations a lawyer can read', () => {
  it.each(RELEASED.map((rs) => [rs.version, rs] as const))(
    '%s: every rule, obligation and minimisation reason cites a passage of a source text, readably',
    (_version, rs) => {
      for (const language of ['nl', 'en'] as const) {
        const views = rulesView(rs, language);
        expect(views.length).toBeGreaterThan(90);
        for (const v of views) {
          expect(v.sources.length, v.id).toBeGreaterThan(0);
          expect(v.sources, v.id).toEqual(v.citations.map((c) => c.text));
          for (const s of v.sources) expect(readable(s), `${v.id}: ${s}`).toBe(true);
          expect(
            v.citations.some((c) => c.document !== undefined),
            `${v.id} cites no source text`,
          ).toBe(true);
        }
      }
    },
  );

  it('the active ruleset shows readable citations everywhere a result carries sources', () => {
    for (const q of questionCatalogue(activeRuleset, { language: 'nl' })) {
      expect(
        q.citations!.map((c) => c.text),
        q.id,
      ).toEqual(q.sources);
      expect(
        q.citations!.some((c) => c.document !== undefined),
        q.id,
      ).toBe(true);
      for (const s of q.sources) expect(readable(s), `${q.id}: ${s}`).toBe(true);
    }
    const r = evaluate(
      request({
        recipient: 'police',
        purpose: 'preventing_serious_harm',
        requested: ['identity_and_contact'],
      }),
      { language: 'en', referenceDate: REFERENCE_DATE },
    );
    const pieces = [...r.trace, ...r.obligations, ...r.missingAnswers, ...r.information.withhold];
    for (const p of pieces) {
      expect(p.citations!.map((c) => c.text)).toEqual(p.sources);
      for (const s of p.sources) expect(readable(s), s).toBe(true);
    }
    expect(JSON.stringify(r)).not.toMatch(SEED_FILE);
  });

  it('a document is cited with its section; a statute and an ECLI are rendered as such', () => {
    const texts = new Set(rulesView(activeRuleset, 'nl').flatMap((v) => v.sources));
    for (const t of [
      'KNMG-Wegwijzer 2014, §3 Conflict van plichten, voetnoot 13 (ECLI:NL:TGZCTG:2011:YG1658)',
      'KNMG-Wegwijzer 2014, §2 Wettelijke verplichting, voetnoot 11 (art. 5.2.5 Wmo 2015)',
      'VGN-FAQ 2021, vraag ‘Cliënt heeft thuis een wietplantage, moet ik dat doorgeven aan de politie?’',
      'Werkinstructie medisch beroepsgeheim, §B. Wettelijke grondslag (art. 7:457 lid 2 BW)',
      'art. 7:465 lid 3 BW',
    ])
      expect(texts.has(t), t).toBe(true);
  });

  it('2026.11.1 keeps its recorded form in results (file keys are what its digests cover)', () => {
    const r = evaluate(
      request({ recipient: 'police', purpose: 'other', requested: ['diagnosis'] }),
      { language: 'nl', referenceDate: REFERENCE_DATE },
      v11,
    );
    expect(r.trace[0]!.sources[0]).toMatch(SEED_FILE);
    expect(r.trace[0]!.citations).toBeUndefined();
    expect(r.engineVersion).toBe('1.0.0');
  });
});

describe.each(RELEASED.map((rs) => [rs.version, rs] as const))('%s covers api-v1', (_version, rs) => {
  const all = questionCatalogue(rs, { language: 'nl' });
  const byId = new Map(all.map((q) => [q.id, q]));

  it('contains every api-v1 question id', () => {
    for (const id of API_V1_QUESTION_IDS) expect(byId.has(id), id).toBe(true);
  });

  it('keeps the api-v1 types, and every api-v1 option (new options may be added)', () => {
    for (const id of API_V1_QUESTION_IDS) {
      const q = byId.get(id)!;
      const want = API_V1_TYPES[id] ?? 'boolean';
      if (Array.isArray(want)) {
        expect(q.type).toBe('enum');
        expect(q.options!.slice(0, want.length)).toEqual(want);
      } else expect(q.type).toBe(want);
    }
  });

  it('keeps every question id of the previous ruleset', () => {
    const older = RELEASED.slice(0, RELEASED.indexOf(rs));
    for (const o of older) for (const q of o.data.questions) expect(byId.has(q.id), q.id).toBe(true);
  });

  it('added question ids follow the area.camelCase pattern and have Dutch and English texts', () => {
    const en = new Map(questionCatalogue(activeRuleset, { language: 'en' }).map((q) => [q.id, q]));
    for (const q of all) {
      expect(q.id).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z0-9]*$/);
      expect(q.text.length).toBeGreaterThan(10);
      expect(q.help.length).toBeGreaterThan(10);
      expect(en.get(q.id)!.text).not.toBe(q.text);
    }
  });
});

describe('released rulesets', () => {
  it('pins the hash of each frozen version', () => {
    for (const { version, hash } of listRulesets()) expect(hash, version).toBe(FROZEN_HASHES[version]);
  });

  it('has exactly one active ruleset, which every result names', () => {
    const list = listRulesets();
    expect(list.filter((r) => r.active)).toEqual([
      { version: activeRuleset.version, hash: activeRuleset.hash, active: true },
    ]);
    expect(activeRuleset.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a ruleset by hash, and nothing for an unknown hash', () => {
    expect(getRuleset(activeRuleset.hash)).toBe(activeRuleset);
    expect(getRuleset('0'.repeat(64))).toBeUndefined();
  });

  it('the hash is of the canonical data: key order does not matter, content does', () => {
    const data = clone2();
    const reordered = Object.fromEntries(Object.entries(data).reverse());
    expect(compileRuleset(reordered).hash).toBe(activeRuleset.hash);
    data.rules[0]!.title.nl = `${data.rules[0]!.title.nl}.`;
    expect(compileRuleset(data).hash).not.toBe(activeRuleset.hash);
    expect(compileRuleset(clone()).hash).toBe(v11.hash);
  });
});

describe('malformed rule data stops compilation with a message naming the rule', () => {
  const fails = (mutate: (d: RulesetDataV1) => void, ...expected: (string | RegExp)[]) => {
    const data = clone();
    mutate(data);
    let message = '';
    try {
      compileRuleset(data);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    for (const e of expected) expect(message).toMatch(e);
  };
  const rule = (d: RulesetDataV1, id: string) => d.rules.find((r) => r.id === id)!;

  it('unknown question id in a condition', () => {
    fails(
      (d) => {
        rule(d, 'legal.probation').when = { answer: 'legal.criminalTitel', is: true };
      },
      'rule "legal.probation"',
      'unknown question id "legal.criminalTitel"',
    );
  });

  it('structurally invalid condition (schema)', () => {
    fails(
      (d) => {
        (rule(d, 'consent.valid') as { when: unknown }).when = { answr: 'consent.given' };
      },
      'rule "consent.valid"',
      /invalid condition/,
    );
  });

  it('a value that does not fit the question type', () => {
    fails(
      (d) => {
        rule(d, 'legal.wmo_file_check').when = { answer: 'legal.wmoFileCheck', is: 'yes' };
      },
      'rule "legal.wmo_file_check"',
      'does not fit',
    );
  });

  it('a rule without sources, and a source that is neither a seed passage nor a statute', () => {
    fails((d) => {
      rule(d, 'police.weapon').sources = [];
    }, 'rule "police.weapon"');
    fails(
      (d) => {
        rule(d, 'police.weapon').sources = ['KNMG website'];
      },
      'rule "police.weapon"',
      'source',
    );
  });

  it('a reference to an unknown rule, and a circular reference', () => {
    fails(
      (d) => {
        rule(d, 'consent.client_consent').when = { rule: 'consent.vaild' };
      },
      'rule "consent.client_consent"',
      'unknown rule "consent.vaild"',
    );
    fails((d) => {
      rule(d, 'consent.form_ok').when = { rule: 'consent.valid' };
    }, 'circular rule reference');
  });

  it('an applies part that tests an answer, and a route without a ground', () => {
    fails(
      (d) => {
        rule(d, 'legal.probation').applies = { answer: 'legal.criminalTitle', is: true };
      },
      'rule "legal.probation"',
      'may only test facts',
    );
    fails(
      (d) => {
        delete rule(d, 'legal.probation').ground;
      },
      'rule "legal.probation"',
      'name a ground',
    );
  });

  it('duplicate ids and a missing catch-all minimisation rule', () => {
    fails((d) => {
      d.rules.push(structuredClone(rule(d, 'police.weapon')));
    }, '"police.weapon": duplicate id');
    fails((d) => {
      d.minimisation.pop();
    }, 'the last rule must apply always');
  });

  it('a question no rule uses', () => {
    fails(
      (d) => {
        d.questions.push({ ...structuredClone(d.questions[0]!), id: 'extra.unused' });
      },
      'question "extra.unused"',
      'no rule uses it',
    );
  });
});

describe('malformed schemaVersion 2 data stops compilation', () => {
  const fails = (mutate: (d: RulesetDataV2) => void, ...expected: (string | RegExp)[]) => {
    const data = clone2();
    mutate(data);
    expect(() => compileRuleset(data)).toThrow();
    let message = '';
    try {
      compileRuleset(data);
    } catch (e) {
      message = (e as Error).message;
    }
    for (const e of expected) expect(message).toMatch(e);
  };
  const rule = (d: RulesetDataV2, id: string) => d.rules.find((r) => r.id === id)!;

  it('a citation of a file name, of a document without its section, or of an unknown statute form', () => {
    fails((d) => {
      (rule(d, 'police.weapon').sources as unknown[]) = ['001_569039bcc9f1de47.txt §x'];
    }, 'rule "police.weapon"');
    fails((d) => {
      rule(d, 'police.weapon').sources = [{ document: 'vgn-faq-2021' }];
    }, /section/);
    fails((d) => {
      rule(d, 'police.weapon').sources = [{ statute: 'de WGBO' }];
    }, /statute/);
    fails((d) => {
      rule(d, 'police.weapon').sources = [{ ecli: 'YG1658' }];
    }, /ECLI/);
  });

  it('a rule valid from after it is valid until', () => {
    fails((d) => {
      rule(d, 'legal.family_guardian').validUntil = '2014-12-31';
    }, /validFrom 2015-01-01 is after validUntil 2014-12-31/);
  });
});

/**
 * The rule data itself: sources, the api-v1 question ids, the frozen hash of each released
 * version, the registry, and rejection of malformed data.
 */
import { describe, expect, it } from 'vitest';
import {
  activeRuleset,
  compileRuleset,
  getRuleset,
  listRulesets,
  questionCatalogue,
  type RulesetData,
  rulesView,
} from '../../src/engine/index.js';
import { ruleset_2026_11_1 } from '../../src/engine/rulesets/2026-11-1.js';

const SEED_FILES = [
  '000_6cbe88231b9698a9.txt',
  '001_569039bcc9f1de47.txt',
  '002_2d5ae8171832921f.txt',
  '003_ecc0cf79778dc46a.txt',
  '004_e7e5cb167436ebab.txt',
];
const SEED_RE = new RegExp(`^(${SEED_FILES.map((f) => f.replace('.', '\\.')).join('|')}) §\\S.*$`);
const ACT = '(BW|Sv|Wmo 2015|Jeugdwet|Wfz|Bfz|Wet BIG|AVG)';
const STATUTE_RE = new RegExp(
  `^(art\\. \\d[0-9a-z.:]*( lid \\d+)?( sub [a-z])? ${ACT}( jo art\\. \\d[0-9a-z.:]* ${ACT})?|Wet publieke gezondheid|Wet op de lijkbezorging|Wvggz|Wmo 2015|Wet verplichte meldcode)$`,
);

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
};

const clone = (): RulesetData => structuredClone(ruleset_2026_11_1) as RulesetData;

describe('sources', () => {
  const views = rulesView(activeRuleset, 'nl');
  const questions = questionCatalogue(activeRuleset, { language: 'nl' });

  it('every source names one of the five seed files with a section, or a statute', () => {
    const sources = [...views.flatMap((r) => r.sources), ...questions.flatMap((q) => q.sources)];
    expect(sources.length).toBeGreaterThan(100);
    for (const s of sources) expect(SEED_RE.test(s) || STATUTE_RE.test(s), s).toBe(true);
  });

  it('every rule, obligation, minimisation reason and question cites at least one seed passage', () => {
    for (const item of [...views, ...questions])
      expect(
        item.sources.some((s) => SEED_RE.test(s)),
        item.id,
      ).toBe(true);
  });

  it('the statute regex accepts the statutes the sources name and rejects vague citations', () => {
    for (const s of [
      'art. 7:457 lid 2 BW',
      'art. 5.2.6 Wmo 2015',
      'art. 2.6 lid 6 Wfz jo art. 2.3 Bfz',
      'Wvggz',
    ])
      expect(STATUTE_RE.test(s), s).toBe(true);
    for (const s of ['WGBO', 'art. 7:457', '001 §x', 'de wet', '005_6cbe88231b9698a9.txt §1'])
      expect(SEED_RE.test(s) || STATUTE_RE.test(s), s).toBe(false);
  });
});

describe('question catalogue covers api-v1', () => {
  const all = questionCatalogue(activeRuleset, { language: 'nl' });
  const byId = new Map(all.map((q) => [q.id, q]));

  it('contains every api-v1 question id', () => {
    for (const id of API_V1_QUESTION_IDS) expect(byId.has(id), id).toBe(true);
  });

  it('keeps the api-v1 types and options', () => {
    for (const id of API_V1_QUESTION_IDS) {
      const q = byId.get(id)!;
      const want = API_V1_TYPES[id] ?? 'boolean';
      if (Array.isArray(want)) expect([q.type, q.options]).toEqual(['enum', want]);
      else expect(q.type).toBe(want);
    }
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
    const data = clone();
    const reordered = Object.fromEntries(Object.entries(data).reverse());
    expect(compileRuleset(reordered).hash).toBe(activeRuleset.hash);
    data.rules[0]!.title.nl = `${data.rules[0]!.title.nl}.`;
    expect(compileRuleset(data).hash).not.toBe(activeRuleset.hash);
  });
});

describe('malformed rule data stops compilation with a message naming the rule', () => {
  const fails = (mutate: (d: RulesetData) => void, ...expected: (string | RegExp)[]) => {
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
  const rule = (d: RulesetData, id: string) => d.rules.find((r) => r.id === id)!;

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

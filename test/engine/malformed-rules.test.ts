/**
 * Malformed rule data stops start-up with a message that names the offending item and the problem.
 *
 * Each row starts from a copy of a released ruleset (2026.11.1, schemaVersion 1; 2026.12.1,
 * schemaVersion 2), makes one defect a rule author could make, and pins the whole RulesetError
 * message: the item (rule, question, obligation, minimisation rule) by id, its collection and index
 * where the schema finds the defect, the path inside it, and the problem. A check that is weakened,
 * or a message that no longer says where the defect is, fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  type CompiledRuleset,
  compileRuleset,
  getRuleset,
  listRulesets,
  type RulesetDataV1,
  type RulesetDataV2,
  RulesetError,
} from '../../src/engine/index.js';
import { ruleset_2026_11_1 } from '../../src/engine/rulesets/2026-11-1.js';
import { ruleset_2026_12_1 } from '../../src/engine/rulesets/2026-12-1/index.js';

type Version = '2026.11.1' | '2026.12.1';
const BOTH: readonly Version[] = ['2026.11.1', '2026.12.1'];
type Condition = NonNullable<RulesetDataV1['rules'][number]['when']>;

/** Both schema versions share every field the common rows touch; v2-only rows use RulesetDataV2. */
type Data = RulesetDataV1;
const copy = (version: Version): Data =>
  structuredClone(version === '2026.11.1' ? ruleset_2026_11_1 : ruleset_2026_12_1) as Data;

const indexOf = (list: readonly { id: string }[], id: string) => {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) throw new Error(`no ${id} in the released data`);
  return i;
};
const rule = (d: Data, id: string) => d.rules[indexOf(d.rules, id)]!;
const question = (d: Data, id: string) => d.questions[indexOf(d.questions, id)]!;
const obligation = (d: Data, id: string) => d.obligations[indexOf(d.obligations, id)]!;
const minimisation = (d: Data, id: string) => d.minimisation[indexOf(d.minimisation, id)]!;
/** Adds a conjunct to a condition: the defect then sits at `<path>.all[1]`. */
const and = (cond: Condition | undefined, extra: Condition): Condition =>
  cond ? { all: [cond, extra] } : { all: [{ always: true }, extra] };

/** The message of the RulesetError compiling `data` throws ('' when it compiles). */
const messageOf = (data: unknown): string => {
  try {
    compileRuleset(data);
  } catch (e) {
    expect(e).toBeInstanceOf(RulesetError);
    expect((e as Error).name).toBe('RulesetError');
    return (e as Error).message;
  }
  return '';
};
const invalid = (version: string, problems: readonly string[]) =>
  `Ruleset data${version ? ` ${version}` : ''} is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`;

interface Row {
  defect: string;
  versions: readonly Version[];
  /** Makes the defect in a fresh copy of the released data. */
  make: (d: Data) => void;
  /** Every problem the message must list, in order, given the (defective) data. */
  problems: (d: Data, version: Version) => string[];
  /** The version the message names, when the defect is in the version itself. */
  named?: string;
}

const ZOD_MISSING_STRING = 'Invalid input: expected string, received undefined';

/** Defects the schema finds: the message names the item by id, its collection and index, and the path. */
const SCHEMA_ROWS: Row[] = [
  {
    defect: 'an option of an enum question lacks its English text',
    versions: BOTH,
    make: (d) => {
      delete (question(d, 'crime.kind').options![1]!.text as { en?: string }).en;
    },
    problems: (d) => [
      `question "crime.kind" (questions[${indexOf(d.questions, 'crime.kind')}]) at options.1.text.en: ${ZOD_MISSING_STRING}`,
    ],
  },
  {
    defect: 'a misspelt key in a condition of a rule',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'consent.client_consent');
      r.when = and(r.when, { answr: 'consent.given', is: true } as unknown as Condition);
    },
    problems: (d) => [
      // A condition matches none of the forms: the schema shows the whole condition it sits in.
      `rule "consent.client_consent" (rules[${indexOf(d.rules, 'consent.client_consent')}]) at when: invalid condition {"all":[{"rule":"consent.valid"},{"answr":"consent.given","is":true}]}`,
    ],
  },
  {
    defect: 'an obligation id in kebab-case',
    versions: BOTH,
    make: (d) => {
      obligation(d, 'disclose_minimum').id = 'disclose-minimum';
    },
    problems: (d) => [
      `obligation "disclose-minimum" (obligations[${indexOf(d.obligations, 'disclose-minimum')}]) at id: obligation ids are snake_case`,
    ],
  },
  {
    defect: 'a minimisation rule whose id was left out',
    versions: BOTH,
    make: (d) => {
      delete (minimisation(d, 'min.consent') as { id?: string }).id;
    },
    problems: (d) => [
      `minimisation rule #${d.minimisation.findIndex((m) => m.id === undefined)} (minimisation[${d.minimisation.findIndex((m) => m.id === undefined)}]) at id: ${ZOD_MISSING_STRING}`,
    ],
  },
  {
    defect: 'a hole left in the rules list (two commas where a rule was deleted)',
    versions: BOTH,
    make: (d) => {
      delete (d.rules as unknown[])[3];
    },
    problems: () => ['rule #3 (rules[3]): Invalid input: expected object, received undefined'],
  },
  {
    defect: 'an obligation left as null, a placeholder never filled in',
    versions: BOTH,
    make: (d) => {
      (d.obligations as unknown[])[2] = null;
    },
    problems: () => ['obligation #2 (obligations[2]): Invalid input: expected object, received null'],
  },
  {
    defect: 'an obligation whose `when` was left out',
    versions: BOTH,
    make: (d) => {
      delete (obligation(d, 'disclose_minimum') as { when?: Condition }).when;
    },
    // Nothing there to show: the message says the condition is missing, not what it was.
    problems: (d) => [
      `obligation "disclose_minimum" (obligations[${indexOf(d.obligations, 'disclose_minimum')}]) at when: Invalid input`,
    ],
  },
  {
    defect: 'a rule that names a ground outside the vocabulary',
    versions: BOTH,
    make: (d) => {
      (rule(d, 'police.weapon') as { ground?: string }).ground = 'public_interest';
    },
    problems: (d) => [
      `rule "police.weapon" (rules[${indexOf(d.rules, 'police.weapon')}]) at ground: Invalid option: expected one of "legal_obligation"|"direct_involvement"|"representative"|"consent"|"reporting_right"|"conflict_of_duties"`,
    ],
  },
  {
    defect: 'a ground label lacks its English text (a path outside the item lists)',
    versions: BOTH,
    make: (d) => {
      delete (d.labels.grounds.consent as { en?: string }).en;
    },
    problems: () => [`labels.grounds.consent.en: ${ZOD_MISSING_STRING}`],
  },
  {
    defect: 'a version with dashes instead of dots',
    versions: BOTH,
    make: (d) => {
      d.version = '2027-1-1';
    },
    named: '2027-1-1',
    problems: () => ['version: versions look like 2026.11.1'],
  },
  {
    defect: 'a version written as a number (quotes forgotten)',
    versions: BOTH,
    make: (d) => {
      (d as { version: unknown }).version = 2026.11;
    },
    named: '',
    problems: () => ['version: Invalid input: expected string, received number'],
  },
  {
    defect: 'the English description of the ruleset missing as well as the version',
    versions: BOTH,
    make: (d) => {
      delete (d as { version?: string }).version;
      delete (d.description as { en?: string }).en;
    },
    named: '',
    problems: () => [`version: ${ZOD_MISSING_STRING}`, `description.en: ${ZOD_MISSING_STRING}`],
  },
];

/** A v2 citation defect, at a nested path of a question. */
const SCHEMA_ROWS_V2: Row[] = [
  {
    defect: 'a question cites a document without its section',
    versions: ['2026.12.1'],
    make: (d) => {
      const q = question(d, 'consent.given') as unknown as RulesetDataV2['questions'][number];
      q.sources = [...q.sources, { document: 'vgn-faq-2021' }];
    },
    problems: (d) => {
      const q = question(d, 'consent.given');
      const n = q.sources.length - 1;
      return [
        `question "consent.given" (questions[${indexOf(d.questions, 'consent.given')}]) at sources.${n}: a document is cited with its section`,
      ];
    },
  },
];

const unknownQuestionRows: Row[] = [
  {
    defect: 'a typo in a question id tested with `answer` (in an added `all`)',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'legal.probation');
      r.when = and(r.when, { answer: 'legal.criminalTitel', is: true });
    },
    problems: () => ['rule "legal.probation": when.all[1]: unknown question id "legal.criminalTitel"'],
  },
  {
    defect: 'a typo in a question id tested with `answered`, in an obligation',
    versions: BOTH,
    make: (d) => {
      const o = obligation(d, 'inform_client_when_safe');
      o.when = and(o.when, { answered: 'report.notInformedReasons' });
    },
    problems: () => [
      'obligation "inform_client_when_safe": when.all[1]: unknown question id "report.notInformedReasons"',
    ],
  },
  {
    defect: 'a typo in a question id inside `any` and `not`, in a minimisation rule',
    versions: BOTH,
    make: (d) => {
      const m = minimisation(d, 'min.consent');
      m.when = and(m.when, {
        any: [{ ground: ['consent'] }, { not: { answer: 'info.thirdPartyNeeded', is: true } }],
      });
    },
    problems: () => [
      'minimisation rule "min.consent": when.all[1].any[1].not: unknown question id "info.thirdPartyNeeded"',
    ],
  },
  {
    defect: 'a typo in a question id inside `seq`',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'consent.form_ok');
      // Other rules still test consent.form, so this is the only problem.
      r.when = {
        seq: [
          { answer: 'consent.recorded', is: true },
          { answer: 'consent.frm', is: 'written' },
        ],
      };
    },
    problems: () => ['rule "consent.form_ok": when.seq[1]: unknown question id "consent.frm"'],
  },
];

const valueRows: Row[] = [
  {
    defect: 'an enum answer value that is not among the options',
    versions: BOTH,
    make: (d) => {
      rule(d, 'police.weapon').when = { answer: 'crime.kind', is: 'knife' };
    },
    problems: () => ['rule "police.weapon": when: value "knife" does not fit enum question "crime.kind"'],
  },
  {
    defect: 'a boolean question tested against "yes"',
    versions: BOTH,
    make: (d) => {
      rule(d, 'legal.probation').when = { answer: 'legal.criminalTitle', is: 'yes' };
    },
    problems: () => [
      'rule "legal.probation": when: value "yes" does not fit boolean question "legal.criminalTitle"',
    ],
  },
  {
    defect: 'an enum question tested against a boolean',
    versions: BOTH,
    make: (d) => {
      rule(d, 'police.weapon').when = { answer: 'crime.kind', is: true };
    },
    problems: () => ['rule "police.weapon": when: value true does not fit enum question "crime.kind"'],
  },
  {
    defect: 'a date question tested with `is` a date',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'consent.not_expired');
      r.when = and(r.when, { answer: 'consent.validUntil', is: '2026-12-31' });
    },
    problems: () => [
      'rule "consent.not_expired": when.all[1]: value "2026-12-31" does not fit date question "consent.validUntil"',
    ],
  },
  {
    defect: '`in` with one value that is not an option among values that are',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'police.weapon');
      r.when = { answer: 'crime.kind', in: ['weapon', 'firearm'] };
    },
    problems: () => [
      'rule "police.weapon": when: values ["weapon","firearm"] do not fit question "crime.kind"',
    ],
  },
  {
    defect: '`in` on a boolean question',
    versions: BOTH,
    make: (d) => {
      rule(d, 'legal.probation').when = { answer: 'legal.criminalTitle', in: ['true'] };
    },
    problems: () => [
      'rule "legal.probation": when: values ["true"] do not fit question "legal.criminalTitle"',
    ],
  },
  {
    defect: '`onOrAfterReferenceDate` on a boolean question',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'consent.not_expired');
      r.when = and(r.when, { answer: 'consent.recorded', onOrAfterReferenceDate: true });
    },
    problems: () => ['rule "consent.not_expired": when.all[1]: "consent.recorded" is not a date question'],
  },
];

const scopeRows: Row[] = [
  {
    defect: 'an `applies` part that tests an answer',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'police.weapon');
      r.applies = and(r.applies, { answer: 'crime.kind', is: 'weapon' });
    },
    problems: () => [
      'rule "police.weapon": applies.all[1]: an "applies" condition may only test facts of the request',
    ],
  },
  {
    defect: 'an `applies` part that tests whether a question was answered',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'police.weapon');
      r.applies = and(r.applies, { answered: 'crime.kind' });
    },
    problems: () => [
      'rule "police.weapon": applies.all[1]: an "applies" condition may only test facts of the request',
    ],
  },
  {
    defect: 'an `applies` part that refers to another rule',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'consent.client_consent');
      r.applies = and(r.applies, { rule: 'capacity.incapable' });
    },
    problems: () => [
      'rule "consent.client_consent": applies.all[1]: an "applies" condition may only test facts of the request',
    ],
  },
  {
    defect: 'an `applies` part that tests a category',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'police.weapon');
      r.applies = and(r.applies, { category: ['criminal_justice'] });
    },
    problems: () => [
      'rule "police.weapon": applies.all[1]: an "applies" condition may only test facts of the request',
    ],
  },
  ...(
    [
      ['decision', { decision: ['allowed'] }],
      ['ground', { ground: ['consent'] }],
      ['route', { route: ['consent.client_consent'] }],
      ['unresolved', { unresolved: 'consent.client_consent' }],
      ['category', { category: ['diagnosis'] }],
    ] as const
  ).map(
    ([leaf, cond]): Row => ({
      defect: `a decision rule that tests the outcome (${leaf})`,
      versions: BOTH,
      make: (d) => {
        const r = rule(d, 'police.weapon');
        r.when = and(r.when, cond as Condition);
      },
      problems: () => ['rule "police.weapon": when.all[1]: a decision rule cannot depend on the outcome'],
    }),
  ),
  {
    defect: 'an obligation that tests a category',
    versions: BOTH,
    make: (d) => {
      const o = obligation(d, 'disclose_minimum');
      o.when = and(o.when, { category: ['full_record'] });
    },
    problems: () => ['obligation "disclose_minimum": when.all[1]: obligations cannot test a category'],
  },
];

const referenceRows: Row[] = [
  {
    defect: 'a typo in a rule reference',
    versions: BOTH,
    make: (d) => {
      rule(d, 'consent.client_consent').when = { rule: 'consent.vaild' };
    },
    problems: () => ['rule "consent.client_consent": when: unknown rule "consent.vaild"'],
  },
  {
    defect: 'a typo in the rule an obligation tests with `unresolved`',
    versions: BOTH,
    make: (d) => {
      const o = obligation(d, 'consult_colleague');
      o.when = and(o.when, { not: { unresolved: 'conflict.critera' } });
    },
    problems: () => ['obligation "consult_colleague": when.all[1].not: unknown rule "conflict.critera"'],
  },
  {
    defect: 'a minimisation rule that names a helper as a route',
    versions: BOTH,
    make: (d) => {
      const m = minimisation(d, 'min.consent');
      m.when = and(m.when, { route: ['consent.client_consent', 'consent.valid'] });
    },
    problems: () => ['minimisation rule "min.consent": when.all[1]: "consent.valid" is not a route rule'],
  },
  {
    defect: 'a minimisation rule that names an unknown route',
    versions: BOTH,
    make: (d) => {
      const m = minimisation(d, 'min.weapon.anonymous');
      m.when = { route: ['police.wapen'] };
    },
    problems: () => ['minimisation rule "min.weapon.anonymous": when: "police.wapen" is not a route rule'],
  },
  {
    defect: 'an acute-danger rule that does not exist',
    versions: BOTH,
    make: (d) => {
      d.acuteDangerRule = 'danger.imminent';
    },
    problems: () => ['acuteDangerRule: unknown rule "danger.imminent"'],
  },
];

const structureRows: Row[] = [
  {
    defect: 'a route without a ground',
    versions: BOTH,
    make: (d) => {
      delete rule(d, 'legal.probation').ground;
    },
    problems: () => ['rule "legal.probation": route rules, and only they, name a ground'],
  },
  {
    defect: 'a helper that names a ground',
    versions: BOTH,
    make: (d) => {
      rule(d, 'consent.valid').ground = 'consent';
    },
    problems: () => ['rule "consent.valid": route rules, and only they, name a ground'],
  },
  {
    defect: 'an enum question without options',
    versions: BOTH,
    make: (d) => {
      delete question(d, 'consent.givenBy').options;
    },
    problems: () => [
      'question "consent.givenBy": enum questions, and only they, have options',
      // The conditions on it no longer fit: the same defect, seen from the rule that tests it.
      'rule "consent.by_right_person": when.any[0].seq[0]: value "client" does not fit enum question "consent.givenBy"',
      'rule "consent.by_right_person": when.any[1].seq[0]: value "representative" does not fit enum question "consent.givenBy"',
    ],
  },
  {
    defect: 'an enum question with an empty options list',
    versions: BOTH,
    make: (d) => {
      question(d, 'consent.givenBy').options = [];
    },
    problems: () => [
      'question "consent.givenBy": enum questions, and only they, have options',
      'rule "consent.by_right_person": when.any[0].seq[0]: value "client" does not fit enum question "consent.givenBy"',
      'rule "consent.by_right_person": when.any[1].seq[0]: value "representative" does not fit enum question "consent.givenBy"',
    ],
  },
  {
    defect: 'an enum question turned into a date question, its options and conditions left behind',
    versions: BOTH,
    make: (d) => {
      question(d, 'consent.givenBy').type = 'date';
    },
    problems: () => [
      'question "consent.givenBy": enum questions, and only they, have options',
      // An option value is no answer to a date question, even while the options are still there.
      'rule "consent.by_right_person": when.any[0].seq[0]: value "client" does not fit date question "consent.givenBy"',
      'rule "consent.by_right_person": when.any[1].seq[0]: value "representative" does not fit date question "consent.givenBy"',
    ],
  },
  {
    defect: 'a boolean question with options',
    versions: BOTH,
    make: (d) => {
      question(d, 'consent.recorded').options = structuredClone(question(d, 'consent.form').options);
    },
    problems: () => ['question "consent.recorded": enum questions, and only they, have options'],
  },
  {
    defect: 'a question id used twice',
    versions: BOTH,
    make: (d) => {
      d.questions.push({ ...structuredClone(question(d, 'consent.given')) });
    },
    problems: () => ['"consent.given": duplicate id'],
  },
  {
    defect: 'a decision rule id used twice',
    versions: BOTH,
    make: (d) => {
      d.rules.push(structuredClone(rule(d, 'police.weapon')));
    },
    problems: () => ['"police.weapon": duplicate id'],
  },
  {
    defect: 'a minimisation rule with the id of a decision rule',
    versions: BOTH,
    make: (d) => {
      minimisation(d, 'min.consent').id = 'consent.valid';
    },
    problems: () => ['"consent.valid": duplicate id'],
  },
  {
    defect: 'an obligation id used twice',
    versions: BOTH,
    make: (d) => {
      obligation(d, 'disclose_minimum').id = 'record_in_dossier';
    },
    problems: () => ['"record_in_dossier": duplicate id'],
  },
  {
    defect: 'no catch-all minimisation rule at the end',
    versions: BOTH,
    make: (d) => {
      d.minimisation.pop();
    },
    problems: () => [
      'minimisation: the last rule must apply always ({ "always": true }) so every category gets a reason',
    ],
  },
  {
    defect: 'a ground listed twice in the precedence (and one left out)',
    versions: BOTH,
    make: (d) => {
      d.groundPrecedence = [
        'direct_involvement',
        'representative',
        'consent',
        'consent',
        'conflict_of_duties',
      ];
    },
    problems: () => ['groundPrecedence: each allowed ground must appear once'],
  },
  {
    defect: 'a question nobody uses',
    versions: BOTH,
    make: (d) => {
      d.questions.push({ ...structuredClone(question(d, 'consent.given')), id: 'consent.writtenDown' });
    },
    problems: () => ['question "consent.writtenDown": no rule uses it'],
  },
];

/**
 * Rules are checked in data order and each cycle is reported once, from the first rule that reaches
 * it, with the chain of references that led there: in both released rulesets that chain starts at
 * legal.wmo_medical_information, the first rule that refers to the consent helpers.
 */
const viaConsent = (version: Version) =>
  version === '2026.11.1'
    ? 'legal.wmo_medical_information -> consent.valid'
    : 'legal.wmo_medical_information -> consent.wmo_valid';
const cycleRows: Row[] = [
  {
    defect: 'a helper that refers to itself (inside `not`)',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'consent.form_ok');
      r.when = and(r.when, { not: { rule: 'consent.form_ok' } });
    },
    problems: (_d, version) => [
      `rule "consent.form_ok": circular rule reference ${viaConsent(version)} -> consent.form_ok -> consent.form_ok`,
    ],
  },
  {
    defect: 'two helpers that refer to each other (inside `any` and `seq`)',
    versions: BOTH,
    make: (d) => {
      // Oral consent counts once recorded... and once consent is valid: the cycle is in `any` > `seq`.
      const oral = (rule(d, 'consent.form_ok').when as { any: [Condition, { seq: Condition[] }] }).any[1];
      oral.seq.push({ rule: 'consent.valid' });
    },
    problems: (_d, version) => [
      version === '2026.11.1'
        ? 'rule "consent.valid": circular rule reference legal.wmo_medical_information -> consent.valid -> consent.form_ok -> consent.valid'
        : // 2026.12.1 reaches consent.form_ok first through consent.wmo_valid.
          'rule "consent.form_ok": circular rule reference legal.wmo_medical_information -> consent.wmo_valid -> consent.form_ok -> consent.valid -> consent.form_ok',
    ],
  },
  {
    defect: 'a helper that refers to itself with `unresolved`',
    versions: BOTH,
    make: (d) => {
      const r = rule(d, 'capacity.incapable');
      r.when = and(r.when, { unresolved: 'capacity.incapable' });
    },
    problems: (_d, version) => [
      'rule "capacity.incapable": when.all[1]: a decision rule cannot depend on the outcome',
      version === '2026.11.1'
        ? 'rule "capacity.incapable": circular rule reference legal.wmo_medical_information -> consent.valid -> consent.by_right_person -> capacity.incapable -> capacity.incapable'
        : // capacity.incapable comes before every rule that refers to it in 2026.12.1.
          'rule "capacity.incapable": circular rule reference capacity.incapable -> capacity.incapable',
    ],
  },
];

const ROWS_V2: Row[] = [
  {
    defect: 'a rule valid from after it is valid until',
    versions: ['2026.12.1'],
    make: (d) => {
      (rule(d, 'legal.family_guardian') as RulesetDataV2['rules'][number]).validUntil = '2014-12-31';
    },
    problems: () => ['"legal.family_guardian": validFrom 2015-01-01 is after validUntil 2014-12-31'],
  },
  {
    defect: 'an obligation valid from after it is valid until',
    versions: ['2026.12.1'],
    make: (d) => {
      const o = obligation(d, 'disclose_minimum') as RulesetDataV2['obligations'][number];
      o.validFrom = '2027-01-01';
      o.validUntil = '2026-12-31';
    },
    problems: () => ['"disclose_minimum": validFrom 2027-01-01 is after validUntil 2026-12-31'],
  },
];

const ROWS: Row[] = [
  ...SCHEMA_ROWS,
  ...SCHEMA_ROWS_V2,
  ...unknownQuestionRows,
  ...valueRows,
  ...scopeRows,
  ...referenceRows,
  ...structureRows,
  ...cycleRows,
  ...ROWS_V2,
];
const CASES = ROWS.flatMap((row) => row.versions.map((version) => [version, row.defect, row] as const));

describe('malformed rule data: one defect per row, the exact message', () => {
  it.each(CASES)('%s: %s', (version, _defect, row) => {
    const data = copy(version);
    row.make(data);
    expect(messageOf(data)).toBe(invalid(row.named ?? version, row.problems(data, version)));
  });
});

describe('what the message shows when there is much wrong, or no data at all', () => {
  it.each(BOTH)('%s: the schema lists the first ten issues of many', (version) => {
    const data = copy(version);
    // A new ruleset whose English texts are still to be written.
    for (const r of data.rules) delete (r.title as { en?: string }).en;
    const lines = messageOf(data).split('\n');
    expect(lines[0]).toBe(`Ruleset data ${version} is invalid:`);
    expect(lines.slice(1)).toEqual(
      data.rules
        .slice(0, 10)
        .map((r, i) => `- rule "${r.id}" (rules[${i}]) at title.en: ${ZOD_MISSING_STRING}`),
    );
  });

  it.each(BOTH)('%s: the cross-reference check lists the first twenty problems of many', (version) => {
    const data = copy(version);
    // A merge that pasted the decision rules in twice.
    data.rules = [...data.rules, ...structuredClone(data.rules)];
    const problems = data.rules.slice(0, 20).map((r) => `"${r.id}": duplicate id`);
    expect(messageOf(data)).toBe(invalid(version, problems));
  });

  it('a ruleset module that exports nothing, or a file that is not an object', () => {
    expect(messageOf(undefined)).toBe(
      'Ruleset data is invalid:\n- (root): Invalid input: expected object, received undefined',
    );
    expect(messageOf(null)).toBe(
      'Ruleset data is invalid:\n- (root): Invalid input: expected object, received null',
    );
    expect(messageOf('2026.11.1')).toBe(
      'Ruleset data is invalid:\n- (root): Invalid input: expected object, received string',
    );
  });
});

describe('valid data', () => {
  const released = (version: Version): CompiledRuleset =>
    getRuleset(listRulesets().find((r) => r.version === version)!.hash)!;

  it.each(BOTH)('%s: an unchanged copy compiles to the released hash', (version) => {
    const compiled = compileRuleset(copy(version));
    expect(compiled.hash).toBe(released(version).hash);
    expect(compiled.internal.schemaVersion).toBe(version === '2026.11.1' ? 1 : 2);
  });

  it('a rule valid for a single day, or only from a day, compiles', () => {
    const data = copy('2026.12.1') as unknown as RulesetDataV2;
    const guardian = data.rules.find((r) => r.id === 'legal.family_guardian')!;
    guardian.validUntil = guardian.validFrom;
    const probation = data.rules.find((r) => r.id === 'legal.probation')!;
    probation.validUntil = '2020-01-01';
    expect(messageOf(data)).toBe('');
  });

  it.each(BOTH)('%s: a question id may equal a rule id (separate namespaces)', (version) => {
    // danger.acute is both a question and the rule that asks it.
    const data = copy(version);
    expect(data.questions.some((q) => q.id === 'danger.acute')).toBe(true);
    expect(data.rules.some((r) => r.id === 'danger.acute')).toBe(true);
    expect(messageOf(data)).toBe('');
  });

  it.each(BOTH)('%s: compiled data is deeply frozen', (version) => {
    const compiled = compileRuleset(copy(version));
    const { data } = compiled;
    const weapon = data.rules.find((r) => r.id === 'police.weapon')!;
    const consentValid = data.rules.find((r) => r.id === 'consent.valid')!;
    const attempts: Array<() => void> = [
      () => {
        (data as { version: string }).version = '9999.1.1';
      },
      () => {
        (data.rules as unknown[]).push(weapon);
      },
      () => {
        (weapon.title as { nl: string }).nl = 'gewijzigd';
      },
      () => {
        (weapon.when as { answer: string }).answer = 'danger.acute';
      },
      () => {
        ((consentValid.when as { seq: Condition[] }).seq[1] as { all: Condition[] }).all.pop();
      },
      () => {
        (data.questions[0]!.sources as string[])[0] = 'art. 1 BW';
      },
      () => {
        (compiled.internal.rules[0]!.trace[0][0] as { explanation: string }).explanation = '';
      },
      () => {
        (compiled.internal.obligations[0]!.views[1] as { text: string }).text = '';
      },
      () => {
        (compiled.internal.minimisation[0]!.items[0][0] as { reason: string }).reason = '';
      },
    ];
    for (const attempt of attempts) expect(attempt).toThrow(TypeError);
    expect(weapon.title.nl).not.toBe('gewijzigd');
    expect(data.version).toBe(version);
  });

  it.each(BOTH)('%s: an obligation depends on the questions it tests with `answered`', (version) => {
    const compiled = compileRuleset(copy(version));
    const { questionIndex, obligations } = compiled.internal;
    const whenSafe = obligations.find((o) => o.id === 'inform_client_when_safe')!;
    expect(whenSafe.questions).toEqual(
      ['report.clientInformed', 'report.notInformedReason']
        .map((id) => questionIndex.get(id)!)
        .sort((a, b) => a - b),
    );
  });
});

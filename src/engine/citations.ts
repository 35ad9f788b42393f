/**
 * Citations a lawyer can read. Rule data names a source as `{ document, section, statute?, ecli? }`
 * (schemaVersion 2) or, in the frozen 2026.11.1 data (schemaVersion 1), as a string
 * `<seed file> §<section>` or a bare statute. The seed file names are internal keys only: what a
 * person reads names the document by its short title from the bibliography below, the section, the
 * statute as a statute (`art. 7:457 lid 2 BW`) and a disciplinary ruling by its ECLI.
 *
 * Rendering is pure and total, so a result recorded under 2026.11.1 can be shown with readable
 * citations at presentation time without touching what its digest covers.
 */

/** The five source texts. Keys are stable ids used in rule data; never shown to a reader. */
export const DOCUMENTS = {
  'knmg-wegwijzer-2014': {
    short: 'KNMG-Wegwijzer 2014',
    title:
      'KNMG e.a., Het beroepsgeheim in samenwerkingsverbanden. Een Wegwijzer voor zorgprofessionals, december 2014',
    file: '000_6cbe88231b9698a9.txt',
  },
  'vgn-faq-2021': {
    short: 'VGN-FAQ 2021',
    title: 'VGN, FAQ geheimhouding en privacy, 12 augustus 2021',
    file: '001_569039bcc9f1de47.txt',
  },
  'protocol-meldrecht': {
    short: 'Protocol meldrecht',
    title: 'Protocol beroepsgeheim en Veilig Thuis (meldrecht, art. 5.2.6 Wmo 2015)',
    file: '002_2d5ae8171832921f.txt',
  },
  'rvs-studie-2017': {
    short: 'RVS-studie 2017',
    title:
      'Raad voor Volksgezondheid en Samenleving, achtergrondstudie beroepsgeheim en privacy in netwerkzorg, 2017',
    file: '003_ecc0cf79778dc46a.txt',
  },
  'werkinstructie-medisch-beroepsgeheim': {
    short: 'Werkinstructie medisch beroepsgeheim',
    title: 'Werkinstructie Medisch beroepsgeheim',
    file: '004_e7e5cb167436ebab.txt',
  },
} as const;

export type DocumentKey = keyof typeof DOCUMENTS;
export const DOCUMENT_KEYS = Object.keys(DOCUMENTS) as [DocumentKey, ...DocumentKey[]];

/** A source as rule data (schemaVersion 2). */
export interface CitationData {
  document?: DocumentKey | undefined;
  /** As a reader finds it in the document: `§3 Conflict van plichten, voetnoot 13`, `vraag ‘…’`. */
  section?: string | undefined;
  /** The statute the passage names, cited as a statute: `art. 7:457 lid 2 BW`. */
  statute?: string | undefined;
  /** A disciplinary or court ruling, by its ECLI. */
  ecli?: string | undefined;
}

/** A citation as the API shows it: the same parts, the document by its short title, and the text. */
export interface Citation {
  document?: string;
  section?: string;
  statute?: string;
  ecli?: string;
  /** The whole citation as one readable line (what `sources` holds). */
  text: string;
}

const ACT =
  '(?:BW|Sv|Sr|Wmo 2015|Jeugdwet|Wfz|Bfz|Wet BIG|AVG|Wvggz|Wzd|Zvw|Wlz|Wet Bopz|Wpg|Wjz|Wet op de jeugdzorg)';
const ARTICLE = `art\\. \\d[0-9a-z.:]*(?: lid \\d+)?(?: sub [a-z])? ${ACT}`;
/** A statute as rule data may cite it (schemaVersion 2). */
export const STATUTE_RE = new RegExp(
  `^(?:${ARTICLE}(?: jo ${ARTICLE})?|Wet publieke gezondheid|Wet op de lijkbezorging|Wvggz|Wzd|Wmo 2015|Jeugdwet|Wet verplichte meldcode|AVG|Zvw|Wlz|Wet Bopz)$`,
);
export const ECLI_RE = /^ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}$/;

/** Renders a citation of rule data as the one line a reader sees. */
export function renderCitation(c: CitationData): Citation {
  const out: Citation = { text: '' };
  const legal = [c.statute, c.ecli].filter((x): x is string => x !== undefined);
  if (c.document !== undefined) {
    out.document = DOCUMENTS[c.document].short;
    if (c.section !== undefined) out.section = c.section;
  }
  if (c.statute !== undefined) out.statute = c.statute;
  if (c.ecli !== undefined) out.ecli = c.ecli;
  if (out.document !== undefined) {
    const where = out.section !== undefined ? `${out.document}, ${out.section}` : out.document;
    out.text = legal.length > 0 ? `${where} (${legal.join('; ')})` : where;
  } else out.text = legal.join('; ');
  return out;
}

/** The statutes and rulings among citations: a "legal basis" names these and nothing else. */
export function legalBasisOf(citations: readonly CitationData[]): string[] {
  const out: string[] = [];
  for (const c of citations)
    for (const part of [c.statute, c.ecli]) if (part !== undefined && !out.includes(part)) out.push(part);
  return out;
}

// --- Sources recorded under schemaVersion 1 (2026.11.1) -------------------------------------------

const BY_FILE = new Map<string, DocumentKey>(
  (Object.entries(DOCUMENTS) as Array<[DocumentKey, (typeof DOCUMENTS)[DocumentKey]]>).map(([key, d]) => [
    d.file,
    key,
  ]),
);
const LEGACY_SEED_RE = /^(\d{3}_[0-9a-f]{16}\.txt) §(.+?)(?: \(voetnoot (\d+)\))?$/;
/** The statutes 2026.11.1 cites bare (its own statute pattern). */
const LEGACY_STATUTE_RE =
  /^(?:art\. \d[0-9a-z.:]*(?: lid \d+)?(?: sub [a-z])? (?:BW|Sv|Sr|Wmo 2015|Jeugdwet|Wfz|Bfz|Wet BIG|AVG|Wvggz)(?: jo art\. \d[0-9a-z.:]*(?: lid \d+)?(?: sub [a-z])? (?:BW|Sv|Sr|Wmo 2015|Jeugdwet|Wfz|Bfz|Wet BIG|AVG|Wvggz))?|Wet publieke gezondheid|Wet op de lijkbezorging|Wvggz|Wmo 2015|Jeugdwet|Wet verplichte meldcode|AVG)$/;

/**
 * The readable section of a 2026.11.1 source: numbered sections keep their §, the FAQ's questions
 * are quoted as questions, other headings are quoted.
 */
function legacySection(document: DocumentKey, heading: string, footnote: string | undefined): string {
  const numbered = /^(?:\d+(?:\.\d+)*|[A-Z]\.) /.test(heading);
  const base = numbered ? `§${heading}` : document === 'vgn-faq-2021' ? `vraag ‘${heading}’` : `‘${heading}’`;
  return footnote ? `${base}, voetnoot ${footnote}` : base;
}

/**
 * The citation data of a source string as 2026.11.1 recorded it (`<seed file> §<section>` or a
 * statute). A string that is neither (already readable) is kept as the citation's text.
 */
export function legacyCitationData(source: string): CitationData | undefined {
  const m = LEGACY_SEED_RE.exec(source);
  if (m) {
    const document = BY_FILE.get(m[1]!);
    if (document) return { document, section: legacySection(document, m[2]!, m[3]) };
  }
  if (LEGACY_STATUTE_RE.test(source)) return { statute: source };
  return undefined;
}

/** A source string of any ruleset as a reader should see it. */
export function readableCitation(source: string): Citation {
  const data = legacyCitationData(source);
  return data ? renderCitation(data) : { text: source };
}

/** Whether a string names a seed file (an internal key that must not reach a reader). */
export const SEED_FILE_RE = /\d{3}_[0-9a-f]{16}\.txt/;

interface WithSources {
  sources: string[];
  citations?: Citation[];
}

/** One item (a trace line, category, obligation or question) with readable sources; see below. */
export function readableSources<T extends WithSources>(item: T): T {
  if (item.citations !== undefined || item.sources.length === 0) return item;
  const citations = item.sources.map(readableCitation);
  return { ...item, sources: citations.map((c) => c.text), citations };
}

/** The parts of a result that cite sources: trace lines, shared and withheld categories, obligations, questions. */
export function sourcedParts<T>(result: {
  readonly trace: readonly T[];
  readonly information: { readonly share: readonly T[]; readonly withhold: readonly T[] };
  readonly obligations: readonly T[];
  readonly missingAnswers: readonly T[];
}): T[] {
  return [
    ...result.trace,
    ...result.information.share,
    ...result.information.withhold,
    ...result.obligations,
    ...result.missingAnswers,
  ];
}

/**
 * A result of any ruleset with every source readable: results of schemaVersion 2 rulesets already
 * are and are returned as they are (the same object); those recorded under 2026.11.1, which name
 * sources by internal key, get every source replaced by a citation. For presentation only: the
 * recorded digest covers the result as recorded. Whether a result needs it is told by its sources,
 * not by its ruleset: entries added beside the engine's (the consent registry's trace entry) cite
 * readably already and must not make a current result look converted.
 */
export function withReadableCitations<
  R extends {
    trace: WithSources[];
    information: { share: WithSources[]; withhold: WithSources[] };
    obligations: WithSources[];
    missingAnswers: WithSources[];
  },
>(result: R): R {
  if (
    !sourcedParts<WithSources>(result).some(
      (i) => i.citations === undefined && i.sources.some((s) => SEED_FILE_RE.test(s)),
    )
  )
    return result;
  return {
    ...result,
    trace: result.trace.map(readableSources),
    information: {
      ...result.information,
      share: result.information.share.map(readableSources),
      withhold: result.information.withhold.map(readableSources),
    },
    obligations: result.obligations.map(readableSources),
    missingAnswers: result.missingAnswers.map(readableSources),
  };
}

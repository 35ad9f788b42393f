/**
 * The tuchtrecht dossier as a PDF: A4, Dutch, plain, with page numbers. It renders the same
 * dossier object the JSON export returns (services/dossier.ts), so both always say the same.
 *
 * Built-in Helvetica and Courier are used (no fonts to ship). They encode WinAnsi, which covers
 * Dutch (ë, é, ï, ...) and the usual typographic quotes and dashes; any other character is
 * replaced by its closest WinAnsi form so that nothing renders as garbage.
 */
import PDFDocument from 'pdfkit';
import { readableCitation, withReadableCitations } from '../engine/index.js';
import type { AssessmentDetail } from '../services/assessments.js';
import type { Dossier } from '../services/dossier.js';

const MARGIN = 56;
const FOOTER_GAP = 28;

const EVENT_LABELS: Record<string, string> = {
  information_shared: 'Informatie gedeeld',
  client_informed: 'Cliënt geïnformeerd',
  colleague_consulted: 'Collega geraadpleegd',
  shared_despite_advice: 'Gedeeld ondanks advies',
  not_shared: 'Niet gedeeld',
  note: 'Notitie',
};

const AGE_GROUPS: Record<string, string> = {
  under_12: 'jonger dan 12 jaar',
  '12_to_15': '12 tot en met 15 jaar',
  '16_to_17': '16 of 17 jaar',
  adult: 'volwassen',
};
const CAPACITIES: Record<string, string> = {
  capable: 'wilsbekwaam ter zake',
  incapable: 'wilsonbekwaam ter zake',
  unknown: 'wilsbekwaamheid onbekend',
};
const PROFESSIONS: Record<string, string> = {
  general_practitioner: 'huisarts',
  medical_specialist: 'medisch specialist',
  psychiatrist: 'psychiater',
  psychologist: 'psycholoog',
  nurse: 'verpleegkundige',
  carer: 'verzorgende',
  youth_care_worker: 'jeugdhulpverlener',
  social_worker: 'sociaal werker',
  pedagogue: 'pedagoog',
  probation_officer: 'reclasseringswerker',
  other_care_professional: 'andere zorgprofessional',
};
const ROLES: Record<string, string> = {
  parent: 'ouder met gezag',
  guardian: 'voogd',
  mentor: 'mentor',
  curator: 'curator',
  statutory_representative: 'wettelijk vertegenwoordiger',
};
const CONSENT_STATUSES: Record<string, string> = {
  active: 'geldig',
  not_yet_valid: 'nog niet geldig',
  expired: 'verlopen',
  withdrawn: 'ingetrokken',
};
const MATCHES: Record<string, string> = {
  matched: 'de toestemming gold voor deze verstrekking',
  not_matched: 'de toestemming gold NIET voor deze verstrekking',
  undetermined: 'of de toestemming gold, hing nog af van een open vraag',
};
const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;
const byWhom = (person: { type: string; role?: string | undefined }) =>
  person.type === 'client' ? 'de cliënt zelf' : `vertegenwoordiger (${label(ROLES, person.role ?? '')})`;

const OUTCOME_LABELS: Record<string, string> = {
  met: 'voldaan',
  not_met: 'niet voldaan',
  not_applicable: 'niet van toepassing',
  unanswered: 'niet beantwoord',
};

// WinAnsi (cp1252) beyond Latin-1: the characters of 0x80-0x9F.
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const isWinAnsi = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return (
    (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(ch) || ch === '\n'
  );
};
const REPLACEMENTS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '≠': '!=',
  '\t': ' ',
  // Letters without a decomposition that names still carry (Polish, Croatian, Turkish).
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  ı: 'i',
};

/** Text the standard fonts can show: closest WinAnsi form of every character. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isWinAnsi(ch)) out += ch;
    else if (REPLACEMENTS[ch]) out += REPLACEMENTS[ch];
    else {
      const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...plain].every(isWinAnsi) && plain ? plain : '?';
    }
  }
  return out;
}

const dateTime = (iso: string) =>
  `${new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'long',
    timeStyle: 'medium',
  }).format(new Date(iso))} (Europe/Amsterdam)`;

const yesNo = (value: boolean) => (value ? 'ja' : 'nee');

class Writer {
  constructor(readonly doc: PDFKit.PDFDocument) {}

  private get bottom() {
    return this.doc.page.height - MARGIN - FOOTER_GAP;
  }

  private ensure(space: number) {
    if (this.doc.y + space > this.bottom) this.doc.addPage();
  }

  title(text: string) {
    this.doc.font('Helvetica-Bold').fontSize(16).text(winAnsi(text));
    this.doc.moveDown(0.3);
  }

  heading(text: string) {
    this.ensure(60);
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(winAnsi(text));
    this.doc.moveDown(0.3);
  }

  subheading(text: string) {
    this.ensure(40);
    this.doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10).text(winAnsi(text));
  }

  paragraph(text: string, options: { muted?: boolean } = {}) {
    this.doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(options.muted ? '#555555' : 'black')
      .text(winAnsi(text), { paragraphGap: 3 });
    this.doc.fillColor('black');
  }

  field(label: string, value: string) {
    this.ensure(20);
    this.doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .text(`${winAnsi(label)}: `, { continued: true });
    this.doc.font('Helvetica').text(winAnsi(value), { paragraphGap: 2 });
  }

  code(text: string) {
    this.doc.font('Courier').fontSize(8).text(winAnsi(text), { paragraphGap: 2 });
  }

  sources(sources: readonly string[]) {
    if (sources.length > 0) this.paragraph(`Bron: ${sources.join('; ')}`, { muted: true });
  }

  bullet(text: string) {
    this.ensure(20);
    this.doc
      .font('Helvetica')
      .fontSize(10)
      .text(`•  ${winAnsi(text)}`, { indent: 0, paragraphGap: 2 });
  }

  warning(text: string) {
    this.doc.font('Helvetica-Bold').fontSize(11).fillColor('#a40000').text(winAnsi(text));
    this.doc.fillColor('black').moveDown(0.3);
  }
}

/** The statutes and rulings of the deciding rule: a legal basis names nothing else. */
function legalBasis(assessment: AssessmentDetail): string[] {
  const decisive = assessment.trace.find((t) => t.ruleId === assessment.decisiveRuleId);
  const citations = decisive?.citations ?? decisive?.sources.map(readableCitation) ?? [];
  const out: string[] = [];
  for (const c of citations)
    for (const part of [c.statute, c.ecli]) if (part !== undefined && !out.includes(part)) out.push(part);
  return out;
}

/**
 * The registered consent the weighing used: what was consented, by whom, until when, whether it
 * fitted this request and why not, and its proof in the chain.
 */
function writeConsent(
  w: Writer,
  section: NonNullable<Dossier['consent']>,
  use: NonNullable<AssessmentDetail['consent']>,
): void {
  const c = section.consent;
  w.heading('Toestemming uit het toestemmingsregister');
  w.paragraph(
    'De antwoorden over toestemming bij deze weging komen uit het toestemmingsregister van de organisatie, ' +
      'zoals dat gold op de dag van de weging.',
    { muted: true },
  );
  w.field('Kenmerk toestemming', c.id);
  w.field('Geregistreerd op', dateTime(c.recordedAt));
  w.field('Gegeven door', byWhom(c.grantor));
  w.field(
    'Cliënt bij het geven',
    `${label(AGE_GROUPS, c.client.ageGroup)}, ${label(CAPACITIES, c.client.decisionCapacity)}`,
  );
  w.field(
    'Aan wie',
    `${section.labels.recipientType}${c.recipient.organisation ? ` — ${c.recipient.organisation}` : ''}`,
  );
  w.field('Voor welk doel', c.purposes.map((p) => section.labels.purposes[p] ?? p).join(', '));
  w.field('Welke informatie', c.categories.map((x) => section.labels.categories[x] ?? x).join(', '));
  w.field(
    'Vorm',
    c.form === 'written'
      ? 'schriftelijk'
      : `mondeling, ${c.recorded ? 'vastgelegd in het cliëntdossier' : 'NIET vastgelegd in het cliëntdossier'}`,
  );
  w.field('Geldig', `van ${c.validFrom} tot en met ${c.validUntil}`);
  w.field('Geïnformeerd gegeven', yesNo(c.informed));
  w.field('Vrij gegeven', yesNo(c.freelyGiven));
  if (c.evidenceRef) w.field('Bewijs in het casussysteem', c.evidenceRef);
  if (c.motivation) w.field('Toelichting', c.motivation);
  w.field('Status bij export', label(CONSENT_STATUSES, c.status));
  if (c.withdrawal) {
    w.field(
      'Ingetrokken',
      `op ${dateTime(c.withdrawal.withdrawnAt)} door ${byWhom(c.withdrawal.withdrawnBy)}, geregistreerd ` +
        dateTime(c.withdrawal.recordedAt),
    );
    if (c.withdrawal.text) w.paragraph(c.withdrawal.text, { muted: true });
  }
  w.subheading(`Bij deze weging: ${label(MATCHES, use.match)}`);
  for (const reason of use.reasons) {
    w.bullet(reason.explanation);
    w.sources(reason.sources);
  }
  w.subheading('Bewijs');
  w.paragraph(section.proof, { muted: true });
  for (const entry of section.chainEntries) {
    w.code(`volgnummer ${entry.sequence} (${entry.entryType})\nhash          ${entry.hash}`);
  }
}

export function renderDossierPdf(dossier: Dossier): Promise<Buffer> {
  const { labels } = dossier;
  // What a person reads names documents, never internal source keys (records of 2026.11.1 hold those).
  const a = withReadableCitations(dossier.assessment);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: winAnsi(`Dossier weging beroepsgeheim ${a.id}`),
      Author: winAnsi(dossier.organisation.name),
      Subject: 'Weging van een verzoek om informatie te delen onder beroepsgeheim',
      Creator: `beroepsgeheim-service ${a.serviceVersion}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  const category = (c: string) => labels.categories[c] ?? c;

  w.title('Dossier van een weging onder beroepsgeheim');
  w.paragraph(
    `${dossier.organisation.name} — geëxporteerd op ${dateTime(dossier.exportedAt)}. Dit document geeft de weging ` +
      'weer zoals die is vastgelegd in de onveranderbare audit trail van de organisatie.',
    { muted: true },
  );
  if (!dossier.verification.intact) {
    w.warning(
      `Let op: de integriteitscontrole van de audit trail is bij deze export mislukt (eerste afwijking bij ` +
        `volgnummer ${dossier.verification.firstBrokenLink?.sequence ?? '?'}). Er is geen transparantiebewijs ` +
        'afgegeven; de inhoud van dit dossier is niet bevestigd.',
    );
  }

  w.heading('1. Gegevens van de weging');
  w.field('Organisatie', `${dossier.organisation.name} (${dossier.organisation.id})`);
  w.field('Datum en tijd', dateTime(a.recordedAt));
  w.field('Kenmerk weging', a.id);
  w.field('Zaakreferentie', a.caseRef);
  const { client, professional } = a.request;
  w.field(
    'Professional',
    `${professional.ref} (${label(PROFESSIONS, professional.profession)}` +
      `${professional.employedByMunicipality ? ', in dienst van de gemeente' : ''})`,
  );
  w.field(
    'Cliënt',
    `pseudoniem ${client.refPseudonym.slice(0, 16)}…, ${label(AGE_GROUPS, client.ageGroup)}, ` +
      `${label(CAPACITIES, client.decisionCapacity)}, overleden: ${yesNo(client.deceased)}`,
  );
  w.field(
    'Ontvanger',
    `${labels.recipientType}${a.request.recipient.name ? ` — ${a.request.recipient.name}` : ''}`,
  );
  w.field(
    'Doel',
    `${labels.purposeType}${a.request.purpose.description ? ` — ${a.request.purpose.description}` : ''}`,
  );
  w.field('Gevraagde informatie', a.request.requestedInformation.map(category).join(', '));

  if (dossier.consent && a.consent) writeConsent(w, dossier.consent, a.consent);

  w.heading('2. Vragen en antwoorden');
  for (const q of dossier.questions) {
    w.subheading(q.text);
    const from = q.answeredBy === 'consent_registry' ? ', uit het toestemmingsregister' : '';
    w.paragraph(`Antwoord: ${q.answerText ?? 'niet beantwoord'}  (${q.id}${from})`);
    w.sources(q.sources);
  }

  w.heading('3. Besluit');
  w.field('Besluit', labels.decision);
  w.field('Grond', labels.ground);
  const basis = legalBasis(a);
  w.field(
    'Wettelijke grondslag',
    basis.length > 0
      ? basis.join('; ')
      : a.decisiveRuleId
        ? `geen wet of uitspraak; de grond is ${labels.ground}`
        : 'geen (er is geen grond voor delen)',
  );
  if (a.acuteDanger) w.warning('Acuut gevaar: bel eerst 112.');
  w.paragraph(a.explanation);

  w.heading('4. Wat wordt gedeeld en wat niet');
  w.subheading('Delen');
  if (a.information.share.length === 0) w.paragraph('Niets.');
  for (const item of a.information.share) {
    w.bullet(`${category(item.category)}: ${item.reason}`);
    w.sources(item.sources);
  }
  w.subheading('Niet delen');
  if (a.information.withhold.length === 0) w.paragraph('Niets.');
  for (const item of a.information.withhold) {
    w.bullet(`${category(item.category)}: ${item.reason}`);
    w.sources(item.sources);
  }

  w.heading('5. Verplichtingen');
  if (a.obligations.length === 0) w.paragraph('Geen.');
  for (const obligation of a.obligations) {
    w.bullet(obligation.text);
    w.sources(obligation.sources);
  }

  w.heading('6. Verloop');
  w.bullet(`${dateTime(a.recordedAt)} — Weging vastgelegd: ${labels.decision} (${labels.ground})`);
  for (const event of a.events) {
    const when = event.occurredAt
      ? `${dateTime(event.occurredAt)}, vastgelegd ${dateTime(event.recordedAt)}`
      : dateTime(event.recordedAt);
    const parts = [`${when} — ${EVENT_LABELS[event.type] ?? event.type} door ${event.professionalRef}`];
    if (event.categories?.length) parts.push(`categorieën: ${event.categories.map(category).join(', ')}`);
    w.bullet(parts.join('; '));
    if (event.text) w.paragraph(event.text, { muted: true });
  }

  w.heading('7. Notitie voor het dossier');
  w.paragraph(a.dossierNote);

  w.heading('8. Regelset');
  w.field('Versie', a.rulesetVersion);
  w.field('Hash (SHA-256)', a.rulesetHash);
  w.field('Engine', a.engineVersion);
  w.field('Service', a.serviceVersion);
  w.field('Peildatum', a.referenceDate);
  w.field('Taal van de vastlegging', a.language);

  w.heading('9. Integriteitsbewijs');
  w.paragraph(
    'Elke vastlegging is een blad in de Merkle-boom (RFC 9162) van het transparantielogboek van de organisatie, ' +
      'en een schakel in haar hashketen. Het dossier bevat een ondertekend checkpoint van die boom (C2SP ' +
      'tlog-checkpoint), medeondertekend door getuigen (witnesses), met per schakel een inclusiebewijs, en waar ' +
      'ingesteld een RFC 3161-tijdstempel. Het JSON-bestand van dit dossier bevat de volledige inhoud van elke ' +
      'schakel; iedereen kan het zonder de service controleren met scripts/verify-export.mjs en de gepubliceerde ' +
      'sleutels (zie docs/verifying-a-dossier.md).',
    { muted: true },
  );
  for (const entry of dossier.chainEntries) {
    w.subheading(`Volgnummer ${entry.sequence} (${entry.entryType})`);
    w.code(`hash          ${entry.hash}\nvorige hash   ${entry.previousHash}`);
  }
  const v = dossier.verification;
  w.subheading('Controle bij export');
  w.field(
    'Resultaat',
    v.intact ? 'schakels in de ondertekende boom' : `NIET bevestigd: ${v.firstBrokenLink?.reason ?? ''}`,
  );
  w.field(
    'Gecontroleerd',
    `${v.entriesChecked} schakels in de boom van ${v.treeSize} bladen, ${dateTime(v.verifiedAt)}`,
  );
  const t = dossier.transparency;
  if (t) {
    w.subheading('Ondertekend checkpoint');
    w.field('Logboek (origin)', t.origin);
    w.code(t.checkpoint);
    if (t.timestamp) w.field('Tijdstempel (RFC 3161)', dateTime(t.timestamp.genTime));
  } else {
    w.warning(
      'Geen ondertekend checkpoint: de schakels stonden bij export niet zo in het ondertekende logboek.',
    );
  }

  w.heading('Bijlage: getoetste regels');
  const applicable = a.trace.filter((t) => t.outcome !== 'not_applicable');
  w.paragraph(
    `De ${applicable.length} regels die op deze ontvanger, dit doel en deze cliënt van toepassing waren, met hun ` +
      `uitkomst. ${a.trace.length - applicable.length} andere regels waren niet van toepassing; het JSON-bestand ` +
      'bevat ze alle.',
    { muted: true },
  );
  for (const t of applicable) {
    w.bullet(`${t.ruleId} — ${label(OUTCOME_LABELS, t.outcome)}: ${t.explanation}`);
    w.sources(t.sources);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift it while the footer is written.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555555')
      .text(
        winAnsi(`Dossier ${a.id} — Pagina ${i - range.start + 1} van ${range.count}`),
        MARGIN,
        doc.page.height - MARGIN,
        { width: doc.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
      );
  }
  doc.end();
  return done;
}

/**
 * The tuchtrecht dossier as a PDF: A4, in the dossier's language, a file that lasts and can be
 * checked on its own. It renders the same dossier object the JSON export returns
 * (services/dossier.ts), so both always say the same, and it carries that JSON inside:
 *
 * - PDF/A-3b (ISO 19005-3): every font embedded (DejaVu Sans and Sans Mono, subset), XMP metadata
 *   naming the conformance level, an sRGB output intent (pdfkit's `subset: 'PDF/A-3b'`);
 * - the signed JSON dossier embedded as an associated file (AFRelationship Source, application/json),
 *   so the one file a professional keeps can be verified offline (scripts/verify-export.mjs takes
 *   the PDF and extracts it);
 * - tagged (logical structure: headings, paragraphs, lists; page numbers as artifacts) for
 *   assistive technology, with the document language set;
 * - deterministic: the same dossier gives the same bytes (the document's dates are its export
 *   time), so docs/sample-dossier.pdf can be checked against the code.
 *
 * Every word for a code comes from the dossier's `labels` (signed); the fixed headings and
 * sentences below are the renderer's own, in Dutch and English.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { REGISTRY_RULE_ID } from '../consent/use.js';
import { type Citation, readableCitation } from '../engine/index.js';
import type { Language } from '../engine/vocabulary.js';
import type { AssessmentDetail, RecordedEvent } from '../services/assessments.js';
import type { Dossier, DossierConsent, DossierQuestion } from '../services/dossier.js';

const require = createRequire(import.meta.url);
const FONT = {
  sans: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  mono: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf'),
};

const MARGIN = 56;
const FOOTER_GAP = 28;
const BODY = 9.5;
const MUTED = '#4d4d4d';
const ALERT = '#a40000';

type Words = typeof NL;

const NL = {
  title: 'Dossier van een weging onder beroepsgeheim',
  subject: 'Weging van een verzoek om informatie te delen onder beroepsgeheim',
  intro: (org: string, when: string) =>
    `${org} — geëxporteerd op ${when}. Dit document geeft de weging weer zoals die is vastgelegd in de ` +
    'onveranderbare keten van vastleggingen van de organisatie. Het volledige dossier zit als JSON-bestand in dit PDF-bestand ' +
    'ingesloten, zodat iedereen het zonder de dienst kan controleren (zie 10).',
  broken: (sequence: string) =>
    `Let op: de integriteitscontrole is bij deze export mislukt (eerste afwijking bij volgnummer ${sequence}). ` +
    'Er is geen transparantiebewijs afgegeven; de inhoud van dit dossier is niet bevestigd.',
  page: (id: string, n: number, of: number) => `Dossier ${id} — Pagina ${n} van ${of}`,
  language: { nl: 'Nederlands', en: 'Engels' } as Record<Language, string>,
  yes: 'ja',
  no: 'nee',
  s1: '1. Gegevens van de weging',
  organisation: 'Organisatie',
  recordedAt: 'Datum en tijd',
  weighingId: 'Kenmerk weging',
  caseRef: 'Zaakreferentie',
  professional: 'Professional',
  municipalEmployee: 'in dienst van de gemeente',
  registration: 'Registratie',
  professionalRef: 'kenmerk in het casussysteem',
  client: 'Cliënt',
  pseudonym: 'pseudoniem',
  deceased: 'overleden',
  recipient: 'Ontvanger',
  purpose: 'Doel',
  requested: 'Gevraagde informatie',
  recordLanguage: 'Taal van de vastlegging',
  consentTitle: 'Toestemming uit het toestemmingsregister',
  consentIntro:
    'De antwoorden over toestemming bij deze weging komen uit het toestemmingsregister van de organisatie, zoals ' +
    'dat gold op de dag van de weging.',
  consentId: 'Kenmerk toestemming',
  consentRecorded: 'Geregistreerd op',
  consentBy: 'Gegeven door',
  consentClient: 'Cliënt bij het geven',
  consentTo: 'Aan wie',
  consentPurposes: 'Voor welk doel',
  consentCategories: 'Welke informatie',
  consentForm: 'Vorm',
  consentWritten: 'schriftelijk',
  consentOral: (recorded: boolean) =>
    `mondeling, ${recorded ? 'vastgelegd in het cliëntdossier' : 'NIET vastgelegd in het cliëntdossier'}`,
  consentValid: 'Geldig',
  consentValidRange: (from: string, until: string) => `van ${from} tot en met ${until}`,
  consentInformed: 'Geïnformeerd gegeven',
  consentFree: 'Vrij gegeven',
  consentEvidence: 'Bewijs in het casussysteem',
  consentNote: 'Toelichting',
  consentStatus: 'Status bij export',
  consentWithdrawn: 'Ingetrokken',
  consentWithdrawnText: (at: string, by: string, recorded: string) =>
    `op ${at} door ${by}, geregistreerd ${recorded}`,
  consentUse: 'Bij deze weging',
  consentProof: 'Bewijs',
  consentSelf: 'de cliënt zelf',
  consentRepresentative: (role: string) => `vertegenwoordiger (${role})`,
  consentRoles: {
    parent: 'ouder met gezag',
    guardian: 'voogd',
    mentor: 'mentor',
    curator: 'curator',
    statutory_representative: 'wettelijk vertegenwoordiger',
  } as Record<string, string>,
  consentStatuses: {
    active: 'geldig',
    not_yet_valid: 'nog niet geldig',
    expired: 'verlopen',
    withdrawn: 'ingetrokken',
  } as Record<string, string>,
  consentMatches: {
    matched: 'de toestemming gold voor deze verstrekking',
    not_matched: 'de toestemming gold NIET voor deze verstrekking',
    undetermined: 'of de toestemming gold, hing nog af van een open vraag',
  } as Record<string, string>,
  fromRegistry: 'uit het toestemmingsregister',
  registryRule: 'Toestemming uit het register',
  s2: '2. De afweging van de professional',
  motivationIntro: 'In eigen woorden vastgelegd door de professional, bij de weging:',
  noMotivation:
    'De professional heeft bij deze weging geen eigen motivering vastgelegd. De afweging van de dienst staat hieronder.',
  eventMotivations: 'Motivering bij vervolgstappen: zie 7.',
  s3: '3. Besluit',
  decision: 'Besluit',
  ground: 'Grond',
  legalBasis: 'Wettelijke grondslag',
  noBasisNone: 'geen: er is geen grond om te delen',
  noBasisOpen: 'nog geen: de weging is niet afgerond',
  noBasisStatute: (ground: string) => `geen wet of uitspraak genoemd; de grond is: ${ground}`,
  acute: 'Acuut gevaar: bel eerst 112.',
  notReproduced: (language: string) =>
    `De teksten van deze vastlegging konden niet opnieuw uit de regelset worden afgeleid; ze staan hier in de taal ` +
    `waarin ze zijn vastgelegd (${language}).`,
  translated: (language: string) =>
    `De weging is vastgelegd in het ${language}. De teksten hieronder zijn uit dezelfde regelset in het Nederlands ` +
    'afgeleid; de feiten (besluit, grond, regels, categorieën) zijn gelijk.',
  s4: '4. Wat wordt gedeeld en wat niet',
  share: 'Delen',
  withhold: 'Niet delen',
  nothing: 'Niets.',
  s5: '5. Verplichtingen',
  none: 'Geen.',
  s6: '6. Vragen en antwoorden',
  answersIntro: 'De vragen die de professional beantwoordde, met het antwoord en de bron.',
  answer: 'Antwoord',
  source: 'Bron',
  openQuestions: 'Nog te beantwoorden',
  openIntro: 'Deze vragen waren nodig voor een besluit en zijn nog niet beantwoord:',
  stillOpen: 'Nog open: kan de uitkomst nog veranderen',
  stillOpenIntro:
    'Het besluit hierboven geldt met de antwoorden die er zijn. Het antwoord op deze vragen kan het nog ' +
    'veranderen (delen verplicht maken, of bepalen wat gedeeld mag worden); ze waren bij de weging nog niet ' +
    'beantwoord.',
  notNeeded: 'Niet nodig voor dit besluit',
  notNeededIntro:
    'Deze vragen konden voor deze ontvanger en dit doel van belang zijn, maar het besluit hing er niet van af; ' +
    'ze zijn daarom niet gesteld.',
  noneAnswered: 'Er zijn geen vragen beantwoord.',
  s7: '7. Verloop',
  recorded: (decision: string, ground: string) => `Weging vastgelegd: ${decision} (${ground})`,
  occurred: (at: string, recorded: string) => `${at}, vastgelegd ${recorded}`,
  by: 'door',
  categories: 'categorieën',
  againstAdvice: 'Gedeeld tegen het advies van de weging in',
  outsideAdvice: (c: string) => `Let op: gedeeld buiten het advies van de weging (${c})`,
  motivation: 'Motivering',
  noEvents: 'Er zijn na de weging geen vervolgstappen vastgelegd.',
  s8: '8. Notitie voor het dossier',
  s9: '9. Regelset',
  version: 'Versie',
  hash: 'Hash (SHA-256)',
  engine: 'Versie van de rekenkern',
  service: 'Dienst',
  referenceDate: 'Peildatum',
  s10: '10. Integriteit',
  scope: (n: number, list: string, org: string) =>
    `Dit dossier bevat de vastlegging van de weging en ${n === 1 ? 'geen vervolgstappen' : `${n - 1} vervolgstap${n === 2 ? '' : 'pen'}`}, ` +
    `zoals ze in de keten van vastleggingen van ${org} staan (volgnummers ${list}). Het bewijst dat deze vastleggingen niet ` +
    'zijn gewijzigd sinds ze werden gemaakt. Het zegt niets over andere vastleggingen van de organisatie.',
  consentScope: (list: string) =>
    `De controles hieronder gelden ook voor de vastlegging${list.includes(',') ? 'en' : ''} van de toestemming uit het register ` +
    `(volgnummer${list.includes(',') ? 's' : ''} ${list}), waarop de weging steunt.`,
  checksIntro: 'Bij de export heeft de dienst het volgende gecontroleerd:',
  checkHashes: 'Hash van elke vastlegging opnieuw berekend',
  hashesOk: (n: number) => `in orde voor alle ${n} vastleggingen`,
  hashesBroken: (s: number) => `NIET in orde vanaf volgnummer ${s}`,
  checkInclusion: (size: number) =>
    `Inclusiebewijs van elke vastlegging in de ondertekende boom van ${size} vastleggingen (RFC 9162)`,
  inclusionOk: (n: number) => `in orde voor alle ${n} vastleggingen`,
  inclusionBroken: (reason: string) => `NIET in orde: ${reason}`,
  checkSigned: 'Ondertekening van het controlepunt van het logboek',
  signed: (keys: string, at: string) =>
    `ondertekend met sleutel ${keys} van het logboek van de organisatie, op ${at} (tijdstip volgens de dienst)`,
  checkCosigned: 'Medeondertekening door onafhankelijke getuigen',
  cosigned: (n: number, t: number, list: string) => `${n} (vereist: ${t}): ${list}`,
  cosignedAt: (w: string, at: string) => `${w} op ${at}`,
  noWitnesses: (t: number) => `geen medeondertekening (vereist: ${t}); er zijn geen getuigen ingesteld`,
  checkTimestamp: 'Tijdstempel van een tijdstempeldienst (RFC 3161)',
  timestamp: (at: string, tsa: string | null, ok: boolean) =>
    `${at}${tsa ? `, door ${tsa}` : ''}${ok ? '; bij export opnieuw gecontroleerd' : '; bij export NIET bevestigd'}`,
  noTimestamp: 'geen: er is geen tijdstempeldienst ingesteld',
  checkFull: 'Volledige controle van de hele keten van de organisatie',
  fullIntact: (at: string, head: number) =>
    `laatst uitgevoerd op ${at}: volgnummers 1 tot en met ${head}, alles in orde`,
  fullBroken: (at: string, s: number) => `laatst uitgevoerd op ${at}: GEBROKEN bij volgnummer ${s}`,
  fullNever: 'nog niet uitgevoerd; vraag de beheerder van de dienst de hele keten te controleren',
  fullNote:
    'Deze controle is een verklaring van de dienst zelf en is niet ondertekend. De controle van dit dossier hangt ' +
    'er niet van af: die rust op het ondertekende controlepunt en de inclusiebewijzen.',
  checkpointAt: 'Controlepunt',
  checkpointText: (size: number) =>
    `boom van ${size} vastleggingen van het logboek van de organisatie; de exacte tekst staat in bijlage B`,
  entries: 'Vastleggingen',
  entryLine: (s: number, kind: string) => `Volgnummer ${s} (${kind})`,
  kindRecord: 'de weging',
  kindEvent: 'vervolgstap',
  previous: 'vorige hash',
  coveredTitle: 'Wat de handtekeningen dekken',
  coveredLog:
    'Gedekt door het logboek (controlepunt en inclusiebewijzen): de vastlegging met verzoek en antwoorden, het ' +
    'besluit met alle regelteksten en bronnen, de motivering en de gegevens van de professional, en elke vervolgstap.',
  coveredPresentation:
    'Gedekt door de ondertekende verklaring van de dienst: de naam van de organisatie, de woorden bij de codes, de ' +
    'vraagteksten en hun status, de vertaling, de wettelijke grondslag, de bronnenlijst en het exporttijdstip.',
  notCovered:
    'Niet gedekt: de controle bij export en de laatste volledige controle (verklaringen van de dienst) en de ' +
    'opmaak van dit PDF-bestand; wat telt is het ingesloten JSON-bestand.',
  selfCheck:
    'Zelf controleren: het controleprogramma dat bij de dienst hoort neemt dit PDF-bestand of het JSON-bestand en de ' +
    'gepubliceerde sleutels van de organisatie, en controleert alles zonder de dienst of haar database.',
  noEvidence:
    'Geen ondertekend controlepunt: de vastleggingen stonden bij export niet zo in het ondertekende logboek. Niets ' +
    'in dit dossier is door de dienst ondertekend.',
  s11: '11. Bronnen',
  bibliographyIntro:
    'De documenten waarnaar dit dossier verwijst. Wetsartikelen en uitspraken worden in de tekst zelf genoemd.',
  appendixA: 'Bijlage A. Getoetste regels',
  rulesIntro: (n: number, skipped: number) =>
    `De ${n} regels die voor deze ontvanger, dit doel en deze cliënt konden gelden. ${skipped} andere regels ` +
    'golden hier niet en zijn weggelaten; het ingesloten JSON-bestand bevat ze alle.',
  rulesMet: 'Van toepassing',
  rulesNotMet: 'Niet van toepassing',
  rulesNotNeeded: 'Niet beoordeeld: niet nodig voor dit besluit',
  rulesOpen: 'Nog niet te beoordelen: er ontbreken antwoorden',
  rule: 'Regel',
  obligationsIdle: 'Verplichtingen die hier niet van toepassing waren',
  appendixB: 'Bijlage B. Ondertekende teksten',
  appendixBIntro:
    'De exacte tekst van het ondertekende controlepunt (met de medeondertekeningen) en van de ondertekende ' +
    'verklaring over de leesbare delen, regel voor regel zoals ze zijn ondertekend.',
  checkpointNote: 'Controlepunt van het logboek',
  presentationNote: 'Verklaring van de dienst over de leesbare delen',
  embedded: 'Het volledige, ondertekende dossier (JSON), om offline te controleren',
};

const EN: Words = {
  title: 'Record of a weighing under professional secrecy',
  subject: 'Weighing of a request to share information under professional secrecy',
  intro: (org, when) =>
    `${org} — exported on ${when}. This document shows the weighing as recorded in the organisation's ` +
    'append-only audit trail. The complete dossier is embedded in this PDF as a JSON file, so anyone can check it ' +
    'without the service (see 10).',
  broken: (sequence) =>
    `Warning: the integrity check failed at this export (first deviation at sequence ${sequence}). No ` +
    'transparency evidence was issued; the content of this dossier is not confirmed.',
  page: (id, n, of) => `Dossier ${id} — Page ${n} of ${of}`,
  language: { nl: 'Dutch', en: 'English' },
  yes: 'yes',
  no: 'no',
  s1: '1. The weighing',
  organisation: 'Organisation',
  recordedAt: 'Date and time',
  weighingId: 'Weighing id',
  caseRef: 'Case reference',
  professional: 'Professional',
  municipalEmployee: 'employed by the municipality',
  registration: 'Registration',
  professionalRef: 'reference in the case system',
  client: 'Client',
  pseudonym: 'pseudonym',
  deceased: 'deceased',
  recipient: 'Recipient',
  purpose: 'Purpose',
  requested: 'Information requested',
  recordLanguage: 'Language of the record',
  consentTitle: 'Consent from the consent registry',
  consentIntro:
    "The answers about consent in this weighing come from the organisation's consent registry, as it stood on the " +
    'day of the weighing.',
  consentId: 'Consent id',
  consentRecorded: 'Registered on',
  consentBy: 'Given by',
  consentClient: 'Client when giving it',
  consentTo: 'To whom',
  consentPurposes: 'For which purpose',
  consentCategories: 'Which information',
  consentForm: 'Form',
  consentWritten: 'written',
  consentOral: (recorded) =>
    `oral, ${recorded ? 'recorded in the client record' : 'NOT recorded in the client record'}`,
  consentValid: 'Valid',
  consentValidRange: (from, until) => `from ${from} to ${until} inclusive`,
  consentInformed: 'Given informed',
  consentFree: 'Given freely',
  consentEvidence: 'Evidence in the case system',
  consentNote: 'Explanation',
  consentStatus: 'Status at export',
  consentWithdrawn: 'Withdrawn',
  consentWithdrawnText: (at, by, recorded) => `on ${at} by ${by}, registered ${recorded}`,
  consentUse: 'In this weighing',
  consentProof: 'Proof',
  consentSelf: 'the client',
  consentRepresentative: (role) => `representative (${role})`,
  consentRoles: {
    parent: 'parent with authority',
    guardian: 'guardian',
    mentor: 'mentor',
    curator: 'curator',
    statutory_representative: 'statutory representative',
  },
  consentStatuses: {
    active: 'valid',
    not_yet_valid: 'not yet valid',
    expired: 'expired',
    withdrawn: 'withdrawn',
  },
  consentMatches: {
    matched: 'the consent covered this disclosure',
    not_matched: 'the consent did NOT cover this disclosure',
    undetermined: 'whether the consent covered it still depended on an open question',
  },
  fromRegistry: 'from the consent registry',
  registryRule: 'Consent from the registry',
  s2: "2. The professional's weighing",
  motivationIntro: 'Recorded by the professional in their own words, with the weighing:',
  noMotivation:
    "The professional recorded no motivation of their own with this weighing. The service's weighing follows.",
  eventMotivations: 'Motivations given with follow-ups: see 7.',
  s3: '3. Decision',
  decision: 'Decision',
  ground: 'Ground',
  legalBasis: 'Legal basis',
  noBasisNone: 'none: there is no ground to share',
  noBasisOpen: 'none yet: the weighing is not complete',
  noBasisStatute: (ground) => `no statute or ruling named; the ground is: ${ground}`,
  acute: 'Acute danger: call 112 first.',
  notReproduced: (language) =>
    `The texts of this record could not be derived again from the ruleset; they are shown in the language they ` +
    `were recorded in (${language}).`,
  translated: (language) =>
    `The weighing was recorded in ${language}. The texts below are derived in English from the same ruleset; the ` +
    'facts (decision, ground, rules, categories) are the same.',
  s4: '4. What is shared and what is not',
  share: 'Share',
  withhold: 'Do not share',
  nothing: 'Nothing.',
  s5: '5. Obligations',
  none: 'None.',
  s6: '6. Questions and answers',
  answersIntro: 'The questions the professional answered, with the answer and the source.',
  answer: 'Answer',
  source: 'Source',
  openQuestions: 'Still to be answered',
  openIntro: 'These questions were needed for a decision and have not been answered yet:',
  stillOpen: 'Still open: could change the outcome',
  stillOpenIntro:
    'The decision above stands on the answers given. The answer to these questions can still change it ' +
    '(make sharing compulsory, or decide what may be shared); they had not been answered at the weighing.',
  notNeeded: 'Not needed for this decision',
  notNeededIntro:
    'These questions could matter for this recipient and purpose, but the decision did not depend on them; ' +
    'so they were not asked.',
  noneAnswered: 'No questions were answered.',
  s7: '7. Course of events',
  recorded: (decision, ground) => `Weighing recorded: ${decision} (${ground})`,
  occurred: (at, recorded) => `${at}, recorded ${recorded}`,
  by: 'by',
  categories: 'categories',
  againstAdvice: 'Shared against the advice of the weighing',
  outsideAdvice: (c) => `Note: shared outside the advice of the weighing (${c})`,
  motivation: 'Motivation',
  noEvents: 'No follow-ups were recorded after the weighing.',
  s8: '8. Note for the client record',
  s9: '9. Ruleset',
  version: 'Version',
  hash: 'Hash (SHA-256)',
  engine: 'Engine',
  service: 'Service',
  referenceDate: 'Reference date',
  s10: '10. Integrity',
  scope: (n, list, org) =>
    `This dossier holds the record of the weighing and ${n === 1 ? 'no follow-ups' : `${n - 1} follow-up${n === 2 ? '' : 's'}`}, ` +
    `as they are in the audit trail of ${org} (sequence numbers ${list}). It proves that these records have not ` +
    "changed since they were made. It says nothing about the organisation's other records.",
  consentScope: (list) =>
    `The checks below also cover the record${list.includes(',') ? 's' : ''} of the consent from the registry ` +
    `(sequence number${list.includes(',') ? 's' : ''} ${list}) the weighing relies on.`,
  checksIntro: 'At export the service checked:',
  checkHashes: 'Hash of every record recomputed',
  hashesOk: (n) => `correct for all ${n} records`,
  hashesBroken: (s) => `NOT correct from sequence ${s}`,
  checkInclusion: (size) =>
    `Inclusion proof of every record in the signed tree of ${size} records (RFC 9162)`,
  inclusionOk: (n) => `correct for all ${n} records`,
  inclusionBroken: (reason) => `NOT correct: ${reason}`,
  checkSigned: "Signature on the log's checkpoint",
  signed: (keys, at) =>
    `signed with key ${keys} of the organisation's log, at ${at} (time according to the service)`,
  checkCosigned: 'Cosignature by independent witnesses',
  cosigned: (n, t, list) => `${n} (required: ${t}): ${list}`,
  cosignedAt: (w, at) => `${w} at ${at}`,
  noWitnesses: (t) => `no cosignature (required: ${t}); no witnesses are configured`,
  checkTimestamp: 'Timestamp by a time-stamping authority (RFC 3161)',
  timestamp: (at, tsa, ok) =>
    `${at}${tsa ? `, by ${tsa}` : ''}${ok ? '; checked again at export' : '; NOT confirmed at export'}`,
  noTimestamp: 'none: no time-stamping authority is configured',
  checkFull: "Full verification of the organisation's whole chain",
  fullIntact: (at, head) => `last run at ${at}: sequence numbers 1 to ${head}, all correct`,
  fullBroken: (at, s) => `last run at ${at}: BROKEN at sequence ${s}`,
  fullNever: "not run yet; ask the service's operator to verify the whole chain",
  fullNote:
    "This verification is the service's own statement and is not signed. Checking this dossier does not depend on " +
    'it: that rests on the signed checkpoint and the inclusion proofs.',
  checkpointAt: 'Checkpoint',
  checkpointText: (size) =>
    `tree of ${size} records of the organisation's log; its exact text is in appendix B`,
  entries: 'Records',
  entryLine: (s, kind) => `Sequence ${s} (${kind})`,
  kindRecord: 'the weighing',
  kindEvent: 'follow-up',
  previous: 'previous hash',
  coveredTitle: 'What the signatures cover',
  coveredLog:
    'Covered by the log (checkpoint and inclusion proofs): the record with request and answers, the decision with ' +
    "every rule text and source, the professional's motivation and identity, and every follow-up.",
  coveredPresentation:
    "Covered by the service's signed statement: the organisation's name, the words for the codes, the question " +
    'texts and their status, the translation, the legal basis, the bibliography and the export time.',
  notCovered:
    "Not covered: the check at export and the last full verification (the service's statements) and the layout " +
    'of this PDF; what counts is the embedded JSON file.',
  selfCheck:
    "Checking it yourself: the service's verification program takes this PDF or the JSON file and the " +
    "organisation's published keys, and checks everything without the service or its database.",
  noEvidence:
    'No signed checkpoint: the records were not in the signed log as stored at export. Nothing in this dossier is ' +
    'signed by the service.',
  s11: '11. Sources',
  bibliographyIntro:
    'The documents this dossier refers to. Statutes and rulings are named in the text itself.',
  appendixA: 'Appendix A. Rules tested',
  rulesIntro: (n, skipped) =>
    `The ${n} rules that could apply to this recipient, purpose and client. ${skipped} other rules did not apply ` +
    'here and are left out; the embedded JSON file holds them all.',
  rulesMet: 'Applied',
  rulesNotMet: 'Did not apply',
  rulesNotNeeded: 'Not assessed: not needed for this decision',
  rulesOpen: 'Cannot be assessed yet: answers are missing',
  rule: 'Rule',
  obligationsIdle: 'Obligations that did not apply here',
  appendixB: 'Appendix B. Signed texts',
  appendixBIntro:
    'The exact text of the signed checkpoint (with the cosignatures) and of the signed statement about the readable ' +
    'parts, line by line as they were signed.',
  checkpointNote: "The log's checkpoint",
  presentationNote: "The service's statement about the readable parts",
  embedded: 'The complete, signed dossier (JSON), to check offline',
};

const WORDS: Record<Language, Words> = { nl: NL, en: EN };

function dateTime(iso: string, language: Language): string {
  const formatted = new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'long',
    timeStyle: 'medium',
  }).format(new Date(iso));
  return `${formatted} (${language === 'nl' ? 'Nederlandse tijd' : 'Dutch time'})`;
}

/** Metadata (Info and XMP) carry the same strings; XMP is XML, so keep its special characters out. */
const metadataText = (text: string) => text.replace(/[&<>]/g, ' ').replace(/\s+/g, ' ').trim();

/** Citations as a reader sees them: structured where the ruleset gives them, else read from the source key. */
function citationTexts(item: { sources: readonly string[]; citations?: readonly Citation[] }): string[] {
  return item.citations
    ? item.citations.map((c) => c.text)
    : item.sources.map((s) => readableCitation(s).text);
}

class Writer {
  private readonly root: PDFKit.PDFStructureElement;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom - FOOTER_GAP;
  }

  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** Starts a new page when less than `space` is left (never inside a tagged element). */
  ensure(space: number) {
    if (this.doc.y + space > this.bottom) this.doc.addPage();
  }

  private tag(type: string, draw: () => void) {
    // Every block starts at the left margin, whatever the block before left behind.
    this.doc.x = this.doc.page.margins.left;
    this.root.add(this.doc.struct(type, {}, draw));
    this.doc.x = this.doc.page.margins.left;
  }

  title(text: string) {
    this.tag('H1', () => this.doc.font('bold').fontSize(16).fillColor('black').text(text));
    this.doc.moveDown(0.3);
  }

  heading(text: string) {
    this.ensure(70);
    this.doc.moveDown(0.8);
    this.tag('H2', () => this.doc.font('bold').fontSize(12.5).fillColor('black').text(text));
    this.doc.moveDown(0.3);
  }

  subheading(text: string) {
    this.ensure(45);
    this.doc.moveDown(0.3);
    this.tag('H3', () =>
      this.doc
        .font('bold')
        .fontSize(BODY + 0.5)
        .fillColor('black')
        .text(text),
    );
  }

  paragraph(text: string, options: { muted?: boolean; color?: string; size?: number; indent?: number } = {}) {
    this.ensure(24);
    this.tag('P', () => {
      this.doc
        .font('sans')
        .fontSize(options.size ?? BODY)
        .fillColor(options.color ?? (options.muted ? MUTED : 'black'))
        .text(text, this.doc.page.margins.left + (options.indent ?? 0), this.doc.y, {
          width: this.width - (options.indent ?? 0),
          paragraphGap: 3,
        });
    });
    this.doc.fillColor('black');
  }

  field(label: string, value: string) {
    this.ensure(24);
    this.tag('P', () => {
      this.doc.font('bold').fontSize(BODY).fillColor('black').text(`${label}: `, { continued: true });
      this.doc.font('sans').text(value, { paragraphGap: 2 });
    });
  }

  sources(sources: readonly string[], words: Words) {
    if (sources.length > 0)
      this.paragraph(`${words.source}: ${sources.join('; ')}`, { muted: true, size: 8.5 });
  }

  /** A list of items; each item may carry muted lines under it (its sources). */
  list(items: Array<{ text: string; details?: string[]; color?: string }>) {
    if (items.length === 0) return;
    this.ensure(30);
    const list = this.doc.struct('L');
    this.root.add(list);
    for (const item of items) {
      this.ensure(28);
      list.add(
        this.doc.struct('LI', {}, () => {
          this.doc
            .font('sans')
            .fontSize(BODY)
            .fillColor(item.color ?? 'black')
            .text(`•  ${item.text}`, this.doc.page.margins.left, this.doc.y, {
              width: this.width,
              indent: 0,
              paragraphGap: 1.5,
            });
          for (const detail of item.details ?? []) {
            this.doc
              .fontSize(8.5)
              .fillColor(MUTED)
              .text(detail, this.doc.page.margins.left + 12, this.doc.y, {
                width: this.width - 12,
                paragraphGap: 1.5,
              });
          }
          this.doc.fillColor('black');
          this.doc.x = this.doc.page.margins.left;
        }),
      );
    }
    list.end();
    this.doc.moveDown(0.2);
  }

  warning(text: string) {
    this.ensure(30);
    this.tag('P', () =>
      this.doc
        .font('bold')
        .fontSize(BODY + 1)
        .fillColor(ALERT)
        .text(text),
    );
    this.doc.fillColor('black').moveDown(0.3);
  }

  /** The professional's own words, set off in a shaded box when the box fits a page. */
  quote(text: string) {
    const padding = 8;
    const width = this.width - 2 * padding;
    this.doc.font('sans').fontSize(BODY + 1);
    const height = this.doc.heightOfString(text, { width }) + 2 * padding;
    const pageRoom =
      this.doc.page.height - this.doc.page.margins.top - this.doc.page.margins.bottom - FOOTER_GAP;
    if (height <= pageRoom) {
      this.ensure(height + 4);
      const top = this.doc.y;
      this.doc.markContent('Artifact', { type: 'Layout' });
      this.doc
        .save()
        .rect(this.doc.page.margins.left, top, this.width, height)
        .fill('#eef2f7')
        .rect(this.doc.page.margins.left, top, 3, height)
        .fill('#2f5d8a')
        .restore();
      this.doc.endMarkedContent();
      this.doc.y = top + padding;
      this.tag('P', () =>
        this.doc
          .font('sans')
          .fontSize(BODY + 1)
          .fillColor('black')
          .text(text, this.doc.page.margins.left + padding, top + padding, { width }),
      );
      this.doc.x = this.doc.page.margins.left;
      this.doc.y = top + height + 4;
    } else {
      this.paragraph(text, { size: BODY + 1, indent: padding });
    }
  }

  /** Lines of code (hashes, signed notes), each kept on one line: the size shrinks to fit the widest. */
  code(lines: readonly string[], options: { maxSize?: number; minSize?: number } = {}) {
    const max = options.maxSize ?? 8;
    this.doc.font('mono').fontSize(max);
    const widest = Math.max(...lines.map((l) => this.doc.widthOfString(l)));
    const size = Math.max(options.minSize ?? 5, Math.min(max, (max * this.width) / Math.max(widest, 1)));
    this.doc.fontSize(size);
    const height = lines.length * this.doc.currentLineHeight(true) + 4;
    this.ensure(Math.min(height, this.bottom - this.doc.page.margins.top));
    this.tag('Code', () => {
      for (const line of lines) {
        this.doc.font('mono').fontSize(size).fillColor('black');
        // A blank line is part of a signed note (it ends the text): keep its height.
        if (line === '') this.doc.y += this.doc.currentLineHeight(true);
        else
          this.doc.text(line, this.doc.page.margins.left, this.doc.y, {
            width: this.width,
            lineBreak: false,
          });
        this.doc.x = this.doc.page.margins.left;
      }
    });
    this.doc.moveDown(0.4);
  }
}

export function renderDossierPdf(dossier: Dossier): Promise<Buffer> {
  const language = dossier.language;
  const w_ = WORDS[language];
  const { assessment: a, labels } = dossier;
  // The texts to show: the record's own, or the same facts in the dossier's language.
  const r = dossier.translation?.result ?? a;
  const exportedAt = new Date(dossier.exportedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    tagged: true,
    lang: language === 'nl' ? 'nl-NL' : 'en-GB',
    displayTitle: true,
    font: FONT.sans,
    info: {
      Title: metadataText(`${w_.title} ${a.id}`),
      Author: metadataText(dossier.organisation.name),
      Subject: w_.subject,
      Creator: `beroepsgeheim-service ${a.serviceVersion}`,
      // The document's dates are the export's, so the same dossier gives the same bytes.
      CreationDate: exportedAt,
    },
  });
  doc.registerFont('sans', FONT.sans);
  doc.registerFont('bold', FONT.bold);
  doc.registerFont('mono', FONT.mono);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  const category = (c: string) => labels.categories[c] ?? c;
  const when = (iso: string) => dateTime(iso, language);

  w.title(w_.title);
  w.paragraph(w_.intro(dossier.organisation.name, when(dossier.exportedAt)), { muted: true });
  if (!dossier.verification.intact) {
    w.warning(w_.broken(String(dossier.verification.firstBrokenLink?.sequence ?? '?')));
  }

  // 1. The weighing.
  w.heading(w_.s1);
  const { client, professional } = a.request;
  w.field(w_.organisation, dossier.organisation.name);
  w.field(w_.recordedAt, when(a.recordedAt));
  w.field(w_.weighingId, a.id);
  w.field(w_.caseRef, a.caseRef);
  const role = `${labels.profession}${professional.employedByMunicipality ? `, ${w_.municipalEmployee}` : ''}`;
  w.field(
    w_.professional,
    professional.displayName
      ? `${professional.displayName} (${role}; ${w_.professionalRef} ${professional.ref})`
      : `${professional.ref} (${role})`,
  );
  if (professional.registration) {
    w.field(w_.registration, `${labels.register ?? ''} ${professional.registration.number}`.trim());
  }
  w.field(
    w_.client,
    `${w_.pseudonym} ${client.refPseudonym.slice(0, 16)}…, ${labels.ageGroup}, ${labels.decisionCapacity}` +
      (client.deceased ? `, ${w_.deceased}` : ''),
  );
  w.field(
    w_.recipient,
    `${labels.recipientType}${a.request.recipient.name ? ` — ${a.request.recipient.name}` : ''}`,
  );
  w.field(
    w_.purpose,
    `${labels.purposeType}${a.request.purpose.description ? ` — ${a.request.purpose.description}` : ''}`,
  );
  w.field(w_.requested, a.request.requestedInformation.map(category).join(', '));
  w.field(w_.recordLanguage, w_.language[a.language]);
  if (dossier.consent && a.consent) writeConsent(w, w_, dossier.consent, a.consent, when);

  // 2. The professional's own weighing: the heart of the record.
  w.heading(w_.s2);
  if (a.request.motivation) {
    w.paragraph(w_.motivationIntro, { muted: true });
    w.quote(a.request.motivation);
  } else {
    w.paragraph(w_.noMotivation, { muted: true });
  }
  if (a.events.some((e) => e.motivation)) w.paragraph(w_.eventMotivations, { muted: true });

  // 3. Decision.
  w.heading(w_.s3);
  if (!dossier.translation && a.language !== language)
    w.paragraph(w_.notReproduced(w_.language[a.language]), { muted: true });
  if (dossier.translation) w.paragraph(w_.translated(w_.language[a.language]), { muted: true });
  w.field(w_.decision, labels.decision);
  w.field(w_.ground, labels.ground);
  w.field(
    w_.legalBasis,
    dossier.legalBasis.length > 0
      ? dossier.legalBasis.join('; ')
      : a.decisiveRuleId
        ? w_.noBasisStatute(labels.ground)
        : a.decision === 'needs_more_information'
          ? w_.noBasisOpen
          : w_.noBasisNone,
  );
  if (a.acuteDanger) w.warning(w_.acute);
  w.paragraph(r.explanation);

  // 4. What is shared.
  w.heading(w_.s4);
  const items = (list: typeof r.information.share) =>
    list.map((item) => ({
      text: item.reason ? `${category(item.category)}: ${item.reason}` : category(item.category),
      details: citationTexts(item).length > 0 ? [`${w_.source}: ${citationTexts(item).join('; ')}`] : [],
    }));
  w.subheading(w_.share);
  if (r.information.share.length === 0) w.paragraph(w_.nothing);
  w.list(items(r.information.share));
  w.subheading(w_.withhold);
  if (r.information.withhold.length === 0) w.paragraph(w_.nothing);
  w.list(items(r.information.withhold));

  // 5. Obligations.
  w.heading(w_.s5);
  if (r.obligations.length === 0) w.paragraph(w_.none);
  w.list(
    r.obligations.map((o) => ({
      text: o.text,
      details: citationTexts(o).length > 0 ? [`${w_.source}: ${citationTexts(o).join('; ')}`] : [],
    })),
  );

  // 6. Questions.
  writeQuestions(w, w_, dossier.questions, a.decision !== 'needs_more_information');

  // 7. Course of events.
  writeEvents(w, w_, dossier, when);

  // 8. Note for the client record.
  w.heading(w_.s8);
  w.paragraph(r.dossierNote);

  // 9. Ruleset.
  w.heading(w_.s9);
  w.field(w_.version, a.rulesetVersion);
  w.field(w_.hash, a.rulesetHash);
  w.field(w_.engine, a.engineVersion);
  w.field(w_.service, a.serviceVersion);
  w.field(w_.referenceDate, a.referenceDate);

  // 10. Integrity.
  writeIntegrity(w, w_, dossier, when);

  // 11. Sources.
  w.heading(w_.s11);
  w.paragraph(w_.bibliographyIntro, { muted: true });
  w.list(dossier.bibliography.map((b) => ({ text: `${b.short}: ${b.title}` })));

  // Appendix A: the rules.
  writeRules(w, w_, dossier, r);

  // Appendix B: the signed texts, each line whole, each text on one page (landscape: the lines are long).
  const t = dossier.transparency;
  if (t) {
    doc.addPage({
      size: 'A4',
      layout: 'landscape',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    });
    w.heading(w_.appendixB);
    w.paragraph(w_.appendixBIntro, { muted: true });
    w.subheading(w_.checkpointNote);
    w.code(t.checkpoint.replace(/\n$/, '').split('\n'), { maxSize: 8, minSize: 5.5 });
    w.subheading(w_.presentationNote);
    w.code(t.presentation.replace(/\n$/, '').split('\n'), { maxSize: 8, minSize: 5.5 });
  }

  // Page numbers, as artifacts (not part of the document's logical content).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would start a new page: lift it while the footer is written.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('sans')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(w_.page(a.id, i - range.start + 1, range.count), MARGIN, doc.page.height - bottomMargin, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottomMargin;
  }

  // The signed JSON dossier itself, as an associated file of the document (PDF/A-3).
  // AFRelationship Source: the JSON is what this document was rendered from (ISO 19005-3, 6.8).
  const attachment = {
    name: `dossier-${a.id}.json`,
    type: 'application/json',
    relationship: 'Source',
    description: w_.embedded,
    creationDate: exportedAt,
    modifiedDate: exportedAt,
  };
  doc.file(Buffer.from(JSON.stringify(dossier), 'utf8'), attachment);
  doc.end();
  return done;
}

/** `decided`: the weighing reached a decision, so its open questions could change it, not make it. */
function writeQuestions(w: Writer, w_: Words, questions: readonly DossierQuestion[], decided: boolean) {
  w.heading(w_.s6);
  const answered = questions.filter((q) => q.status === 'answered');
  const open = questions.filter((q) => q.status === 'open');
  const notNeeded = questions.filter((q) => q.status === 'not_needed');
  if (answered.length === 0) w.paragraph(w_.noneAnswered);
  else w.paragraph(w_.answersIntro, { muted: true });
  for (const q of answered) {
    w.subheading(q.text);
    w.paragraph(
      `${w_.answer}: ${q.answerText ?? ''}${q.answeredBy === 'consent_registry' ? ` (${w_.fromRegistry})` : ''}`,
    );
    w.sources(q.sources, w_);
  }
  if (open.length > 0) {
    w.subheading(decided ? w_.stillOpen : w_.openQuestions);
    w.paragraph(decided ? w_.stillOpenIntro : w_.openIntro, { muted: true });
    w.list(
      open.map((q) => ({
        text: q.text,
        details: q.sources.length ? [`${w_.source}: ${q.sources.join('; ')}`] : [],
      })),
    );
  }
  if (notNeeded.length > 0) {
    w.subheading(w_.notNeeded);
    w.paragraph(w_.notNeededIntro, { muted: true });
    w.list(notNeeded.map((q) => ({ text: q.text })));
  }
}

function writeEvents(w: Writer, w_: Words, dossier: Dossier, when: (iso: string) => string) {
  const { assessment: a, labels } = dossier;
  const category = (c: string) => labels.categories[c] ?? c;
  const advised = new Set(a.information.share.map((i) => i.category));
  const sharingAllowed = a.decision === 'allowed' || a.decision === 'required';
  const actor = (event: RecordedEvent) =>
    event.professionalRef === a.request.professional.ref && a.request.professional.displayName
      ? a.request.professional.displayName
      : event.professionalRef;
  w.heading(w_.s7);
  w.list([{ text: `${when(a.recordedAt)} — ${w_.recorded(labels.decision, labels.ground)}` }]);
  if (a.events.length === 0) w.paragraph(w_.noEvents, { muted: true });
  for (const event of a.events) {
    const at = event.occurredAt
      ? w_.occurred(when(event.occurredAt), when(event.recordedAt))
      : when(event.recordedAt);
    const parts = [`${at} — ${labels.eventTypes[event.type] ?? ''} ${w_.by} ${actor(event)}`];
    if (event.categories?.length)
      parts.push(`${w_.categories}: ${event.categories.map(category).join(', ')}`);
    const outside =
      event.type === 'information_shared'
        ? (event.categories ?? []).filter((c) => !sharingAllowed || !advised.has(c))
        : [];
    const against = event.type === 'shared_despite_advice';
    const details: string[] = [];
    if (event.motivation) details.push(`${w_.motivation}: ${event.motivation}`);
    if (event.text) details.push(event.text);
    w.list([{ text: parts.join('; '), details }]);
    if (against) w.warning(w_.againstAdvice);
    if (outside.length > 0 || (event.type === 'information_shared' && !sharingAllowed))
      w.warning(w_.outsideAdvice(outside.map(category).join(', ') || labels.decision));
  }
}

function writeIntegrity(w: Writer, w_: Words, dossier: Dossier, when: (iso: string) => string) {
  const v = dossier.verification;
  const t = dossier.transparency;
  w.heading(w_.s10);
  const sequences = dossier.chainEntries.map((e) => e.sequence);
  w.paragraph(w_.scope(sequences.length, sequences.join(', '), dossier.organisation.name));
  // The consent's entries are checked with the weighing's (hash recomputed, inclusion proof): the
  // counts below are of all of them, so say which they are.
  const consentSequences = dossier.consent?.chainEntries.map((e) => e.sequence) ?? [];
  if (consentSequences.length > 0) w.paragraph(w_.consentScope(consentSequences.join(', ')));
  const checked = sequences.length + consentSequences.length;
  w.paragraph(w_.checksIntro, { muted: true });
  const checks: Array<{ text: string; color?: string }> = [];
  const broken = v.firstBrokenLink;
  checks.push({
    text: `${w_.checkHashes}: ${v.intact || !broken ? w_.hashesOk(checked) : w_.hashesBroken(broken.sequence)}`,
    ...(v.intact ? {} : { color: ALERT }),
  });
  checks.push({
    text: `${w_.checkInclusion(v.treeSize)}: ${v.intact ? w_.inclusionOk(v.entriesChecked) : w_.inclusionBroken(broken?.reason ?? '')}`,
    ...(v.intact ? {} : { color: ALERT }),
  });
  const c = v.checkpoint;
  if (c && t) {
    checks.push({
      text: `${w_.checkSigned}: ${w_.signed(c.signedBy.map((s) => s.keyId).join(', '), when(c.signedAt))}`,
    });
    checks.push({
      text: `${w_.checkCosigned}: ${
        c.cosignatures.length > 0
          ? w_.cosigned(
              c.cosignatures.length,
              c.cosignatureThreshold,
              c.cosignatures.map((x) => w_.cosignedAt(x.witness, when(x.cosignedAt))).join('; '),
            )
          : w_.noWitnesses(c.cosignatureThreshold)
      }`,
    });
    checks.push({
      text: `${w_.checkTimestamp}: ${
        c.timestamp
          ? w_.timestamp(when(c.timestamp.genTime), c.timestamp.tsa, c.timestamp.verified)
          : w_.noTimestamp
      }`,
      ...(c.timestamp && !c.timestamp.verified ? { color: ALERT } : {}),
    });
  }
  const full = v.lastFullVerification;
  checks.push({
    text: `${w_.checkFull}: ${
      !full
        ? w_.fullNever
        : full.intact
          ? w_.fullIntact(when(full.verifiedAt), full.headSequence)
          : w_.fullBroken(when(full.verifiedAt), full.firstBrokenSequence ?? full.headSequence + 1)
    }`,
    ...(full && !full.intact ? { color: ALERT } : {}),
  });
  w.list(checks);
  w.paragraph(w_.fullNote, { muted: true, size: 8.5 });
  if (c && t) w.field(w_.checkpointAt, w_.checkpointText(c.treeSize));
  else w.warning(w_.noEvidence);

  w.subheading(w_.entries);
  for (const entry of dossier.chainEntries) {
    const kind = entry.entryType === 'assessment.recorded' ? w_.kindRecord : w_.kindEvent;
    w.paragraph(w_.entryLine(entry.sequence, kind), { size: 8.5 });
    w.code([`hash        ${entry.hash}`, `${w_.previous.padEnd(11)} ${entry.previousHash}`], {
      maxSize: 7.5,
    });
  }
  w.subheading(w_.coveredTitle);
  w.paragraph(w_.coveredLog, { size: 8.5 });
  w.paragraph(w_.coveredPresentation, { size: 8.5 });
  w.paragraph(w_.notCovered, { size: 8.5 });
  w.paragraph(w_.selfCheck, { size: 8.5 });
}

function writeRules(w: Writer, w_: Words, dossier: Dossier, r: Pick<AssessmentDetail, 'trace'>) {
  const { labels } = dossier;
  const final = dossier.assessment.decision !== 'needs_more_information';
  const relevant = r.trace.filter((t) => t.outcome !== 'not_applicable');
  const isObligation = (t: { ruleId: string }) => t.ruleId.startsWith('obligation.');
  const rules = relevant.filter((t) => !isObligation(t));
  w.doc.addPage();
  w.heading(w_.appendixA);
  w.paragraph(w_.rulesIntro(rules.length, r.trace.length - relevant.length), { muted: true });
  const groups: Array<[string, typeof rules, boolean]> = [
    [w_.rulesMet, rules.filter((t) => t.outcome === 'met'), true],
    [w_.rulesNotMet, rules.filter((t) => t.outcome === 'not_met'), true],
    [
      final ? w_.rulesNotNeeded : w_.rulesOpen,
      rules.filter((t) => t.outcome === 'unanswered'),
      // With a final decision, a rule left open did not matter: its "answers are missing" text would read as a gap.
      !final,
    ],
  ];
  for (const [title, group, explain] of groups) {
    if (group.length === 0) continue;
    w.subheading(`${title} (${group.length})`);
    w.list(
      group.map((t) => {
        const name = labels.rules[t.ruleId] ?? (t.ruleId === REGISTRY_RULE_ID ? w_.registryRule : w_.rule);
        const sources = citationTexts(t);
        return {
          text: explain && t.explanation ? `${name}: ${t.explanation}` : name,
          details: explain && sources.length > 0 ? [`${w_.source}: ${sources.join('; ')}`] : [],
        };
      }),
    );
  }
  // Obligations that held are listed in section 5; the others did not apply here. They are not
  // failures of the professional, so they are named by what they would ask, without verdict.
  const idle = relevant.filter((t) => isObligation(t) && t.outcome !== 'met' && labels.rules[t.ruleId]);
  if (idle.length > 0) {
    w.subheading(`${w_.obligationsIdle} (${idle.length})`);
    w.list(idle.map((t) => ({ text: labels.rules[t.ruleId]! })));
  }
}

/**
 * The registered consent the weighing used: what was consented, by whom, until when, whether it
 * fitted this request and why not, and its proof in the chain.
 */
function writeConsent(
  w: Writer,
  w_: Words,
  section: DossierConsent,
  use: NonNullable<AssessmentDetail['consent']>,
  when: (iso: string) => string,
) {
  const c = section.consent;
  const byWhom = (person: { type: string; role?: string | undefined }) =>
    person.type === 'client'
      ? w_.consentSelf
      : w_.consentRepresentative(w_.consentRoles[person.role ?? ''] ?? person.role ?? '');
  const yes = (value: boolean) => (value ? w_.yes : w_.no);
  w.subheading(w_.consentTitle);
  w.paragraph(w_.consentIntro, { muted: true });
  w.field(w_.consentId, c.id);
  w.field(w_.consentRecorded, when(c.recordedAt));
  w.field(w_.consentBy, byWhom(c.grantor));
  w.field(
    w_.consentTo,
    `${section.labels.recipientType}${c.recipient.organisation ? ` — ${c.recipient.organisation}` : ''}`,
  );
  w.field(w_.consentPurposes, c.purposes.map((p) => section.labels.purposes[p] ?? p).join(', '));
  w.field(w_.consentCategories, c.categories.map((x) => section.labels.categories[x] ?? x).join(', '));
  w.field(w_.consentForm, c.form === 'written' ? w_.consentWritten : w_.consentOral(Boolean(c.recorded)));
  w.field(w_.consentValid, w_.consentValidRange(c.validFrom, c.validUntil));
  w.field(w_.consentInformed, yes(c.informed));
  w.field(w_.consentFree, yes(c.freelyGiven));
  if (c.evidenceRef) w.field(w_.consentEvidence, c.evidenceRef);
  if (c.motivation) w.field(w_.consentNote, c.motivation);
  w.field(w_.consentStatus, w_.consentStatuses[c.status] ?? c.status);
  if (c.withdrawal) {
    w.field(
      w_.consentWithdrawn,
      w_.consentWithdrawnText(
        when(c.withdrawal.withdrawnAt),
        byWhom(c.withdrawal.withdrawnBy),
        when(c.withdrawal.recordedAt),
      ),
    );
    if (c.withdrawal.text) w.paragraph(c.withdrawal.text, { muted: true });
  }
  w.subheading(`${w_.consentUse}: ${w_.consentMatches[use.match] ?? use.match}`);
  w.list(
    use.reasons.map((reason) => ({
      text: reason.explanation,
      details:
        reason.sources.length > 0
          ? [`${w_.source}: ${reason.sources.map((x) => readableCitation(x).text).join('; ')}`]
          : [],
    })),
  );
  w.subheading(w_.consentProof);
  w.paragraph(section.proof, { muted: true, size: 8.5 });
}

/**
 * What the reasons of a consent match say to a reader, in Dutch and English, each with the passage
 * it rests on. Written in our own words; the sources are cited, not copied.
 */
import type { Language } from '../engine/vocabulary.js';
import type { GrantorProblem, MatchReason, ReasonCode } from './match.js';
import { SOURCES } from './sources.js';

/** The words for vocabulary codes, in one language (from the ruleset the weighing uses). */
export interface Labels {
  recipient(code: string): string;
  purpose(code: string): string;
  category(code: string): string;
}

type Text = { nl: string; en: string };
const t = (nl: string, en: string): Text => ({ nl, en });

/** The passages each reason rests on. */
export const REASON_SOURCES: Readonly<Record<ReasonCode, readonly string[]>> = {
  not_yet_valid: [SOURCES.instructionConsent],
  expired: [SOURCES.instructionConsent],
  withdrawn: [SOURCES.avgWithdrawal, SOURCES.vgnObjection],
  other_recipient: [SOURCES.wegwijzerConsent, SOURCES.instructionConsent],
  recipient_not_named: [SOURCES.wegwijzerConsent, SOURCES.instructionConsent],
  purpose_out_of_scope: [SOURCES.wegwijzerConsent, SOURCES.instructionConsent],
  category_out_of_scope: [SOURCES.instructionConsent, SOURCES.rvsNoFreePass],
  blanket_scope: [SOURCES.rvsNoFreePass, SOURCES.instructionConsent],
  wrong_grantor: [SOURCES.vgnWhoDecides, SOURCES.vgnExceptions],
  capacity_unknown: [SOURCES.vgnWhoDecides],
  oral_not_recorded: [SOURCES.instructionConsent],
  written_required: [SOURCES.vgnSuccessor],
  not_informed: [SOURCES.instructionConsent, SOURCES.wegwijzerConsent],
  not_freely_given: [SOURCES.rvsNoFreePass, SOURCES.instructionConsent, SOURCES.wegwijzerConsent],
};

const GRANTOR_TEXTS: Record<GrantorProblem, Text> = {
  child_under_12: t(
    'Een kind jonger dan 12 geeft zelf geen toestemming; daarover beslist de ouder of voogd.',
    'A child under 12 does not give consent itself; the parent or guardian decides.',
  ),
  client_incapable: t(
    'De cliënt is nu wilsonbekwaam ter zake; dan beslist de vertegenwoordiger, niet de cliënt zelf.',
    'The client is now incapable on this matter; the representative then decides, not the client.',
  ),
  turned_12: t(
    'De vertegenwoordiger gaf de toestemming toen het kind jonger dan 12 was. Het kind is inmiddels 12 of ouder en kan hierover zelf beslissen: nu is de toestemming van het kind zelf nodig.',
    'The representative consented when the child was under 12. The child is now 12 or older and can decide this itself: the child’s own consent is now needed.',
  ),
  turned_16: t(
    'De vertegenwoordiger gaf de toestemming toen de cliënt 12 tot 16 jaar was. De cliënt is inmiddels 16 of ouder en wilsbekwaam ter zake: nu beslist de cliënt zelf.',
    'The representative consented when the client was 12 to 15. The client is now 16 or older and capable on this matter: the client now decides.',
  ),
  regained_capacity: t(
    'De vertegenwoordiger gaf de toestemming toen de cliënt wilsonbekwaam was. De cliënt is nu wilsbekwaam ter zake en moet zelf toestemmen.',
    'The representative consented when the client was incapable. The client is now capable on this matter and must consent personally.',
  ),
  client_capable: t(
    'De cliënt is wilsbekwaam ter zake: de toestemming van de vertegenwoordiger volstaat dan niet, de cliënt moet zelf toestemmen.',
    'The client is capable on this matter: the representative’s consent then does not suffice, the client must consent personally.',
  ),
  deceased: t(
    'De cliënt is overleden; na het overlijden treedt geen vertegenwoordiger meer op en het beroepsgeheim blijft gelden.',
    'The client has died; after death no representative acts, and professional secrecy continues.',
  ),
};

const list = (items: readonly string[]) => items.join(', ');

/** The sentence that explains one reason, in the given language. */
export function reasonText(reason: MatchReason, language: Language, labels: Labels): string {
  const text = ((): Text => {
    switch (reason.code) {
      case 'not_yet_valid':
        return t(
          `De toestemming geldt pas vanaf ${reason.validFrom}.`,
          `The consent only applies from ${reason.validFrom}.`,
        );
      case 'expired':
        return t(
          `De toestemming gold tot en met ${reason.validUntil} en is verlopen; verlopen toestemming is geen toestemming.`,
          `The consent applied up to and including ${reason.validUntil} and has expired; expired consent is no consent.`,
        );
      case 'withdrawn':
        return t(
          `De toestemming is ingetrokken (${reason.withdrawnAt}); vanaf dat moment telt ze niet meer.`,
          `The consent was withdrawn (${reason.withdrawnAt}); from then on it no longer counts.`,
        );
      case 'other_recipient':
        return reason.organisation
          ? t(
              `De toestemming geldt voor ${reason.organisation}; deze verstrekking gaat naar een andere organisatie.`,
              `The consent is for ${reason.organisation}; this disclosure goes to another organisation.`,
            )
          : t(
              `De toestemming is gegeven voor ${labels.recipient(reason.consented)}, niet voor ${labels.recipient(reason.requested)}.`,
              `The consent was given for ${labels.recipient(reason.consented)}, not for ${labels.recipient(reason.requested)}.`,
            );
      case 'recipient_not_named':
        return t(
          `De toestemming geldt alleen voor ${reason.organisation}; het verzoek noemt de ontvanger niet bij naam.`,
          `The consent applies only to ${reason.organisation}; the request does not name its recipient.`,
        );
      case 'purpose_out_of_scope':
        return t(
          `Het doel ${labels.purpose(reason.purpose)} valt buiten de toestemming (die geldt voor: ${list(reason.consented.map(labels.purpose))}).`,
          `The purpose ${labels.purpose(reason.purpose)} is outside the consent (which covers: ${list(reason.consented.map(labels.purpose))}).`,
        );
      case 'category_out_of_scope':
        return t(
          `De toestemming omvat niet: ${list(reason.categories.map(labels.category))}. Deel alleen waarvoor toestemming is gegeven, of vraag opnieuw toestemming.`,
          `The consent does not cover: ${list(reason.categories.map(labels.category))}. Share only what was consented to, or ask for consent again.`,
        );
      case 'blanket_scope':
        return reason.kind === 'every_category'
          ? t(
              'De toestemming omvat alle soorten informatie: een algemene toestemming “voor alles” is niet specifiek en geen vrijbrief.',
              'The consent covers every kind of information: a general consent “for everything” is not specific and no free pass.',
            )
          : reason.kind === 'full_record'
            ? t(
                'De toestemming omvat het hele dossier voor een ontvanger die de zorg niet overneemt: dat is niet specifiek en geen vrijbrief.',
                'The consent covers the whole record for a recipient who does not take over the care: that is not specific and no free pass.',
              )
            : t(
                'De toestemming noemt geen bepaalde ontvanger: toestemming aan wie dan ook is niet specifiek en geen vrijbrief.',
                'The consent names no particular recipient: consent to anyone is not specific and no free pass.',
              );
      case 'wrong_grantor':
        return GRANTOR_TEXTS[reason.problem];
      case 'capacity_unknown':
        return reason.grantor === 'client'
          ? t(
              'Of de toestemming van de cliënt zelf telt, hangt af van de vraag of de cliënt wilsbekwaam is ter zake; dat staat voor deze weging nog niet vast.',
              'Whether the client’s own consent counts depends on whether the client is capable on this matter, which this weighing does not yet settle.',
            )
          : t(
              'Of de toestemming van de vertegenwoordiger telt, hangt af van de vraag of de cliënt wilsbekwaam is ter zake; dat staat voor deze weging nog niet vast.',
              'Whether the representative’s consent counts depends on whether the client is capable on this matter, which this weighing does not yet settle.',
            );
      case 'oral_not_recorded':
        return t(
          'De toestemming is mondeling gegeven en niet vastgelegd in het cliëntdossier; mondelinge toestemming telt pas als ze is vastgelegd.',
          'The consent was given orally and is not recorded in the client record; oral consent counts only once it is recorded.',
        );
      case 'written_required':
        return t(
          'Een opvolger bij een andere instelling krijgt het dossier alleen met schriftelijke toestemming; deze toestemming is mondeling gegeven.',
          'A successor at another institution receives the record only with written consent; this consent was given orally.',
        );
      case 'not_informed':
        return t(
          'Bij het geven van de toestemming kon de cliënt niet overzien welke informatie met wie en waarom wordt gedeeld.',
          'When consenting, the client could not oversee which information is shared, with whom and why.',
        );
      case 'not_freely_given':
        return t(
          'De toestemming is niet vrij gegeven (onder druk of uit afhankelijkheid).',
          'The consent was not freely given (under pressure or out of dependency).',
        );
    }
  })();
  return text[language];
}

/** The parts of the registry's trace entry and dossier-note line, per language. */
export const PHRASES = {
  registry: t('toestemmingsregister', 'consent registry'),
  consent: (id: string, sequence: number, hash: string) =>
    t(
      `Toestemming ${id} uit het toestemmingsregister (ketenpositie ${sequence}, hash ${hash})`,
      `Consent ${id} from the consent registry (chain position ${sequence}, hash ${hash})`,
    ),
  matched: (day: string) =>
    t(
      `geldt voor deze verstrekking op ${day}; de antwoorden over toestemming komen uit het register.`,
      `applies to this disclosure on ${day}; the answers about consent come from the registry.`,
    ),
  notMatched: (day: string) =>
    t(`geldt niet voor deze verstrekking op ${day}:`, `does not apply to this disclosure on ${day}:`),
  undetermined: (day: string) =>
    t(
      `geldt voor deze verstrekking op ${day} alleen als nog één ding vaststaat:`,
      `applies to this disclosure on ${day} only once one more thing is settled:`,
    ),
  noteHeading: t('Toestemming uit het register', 'Consent from the registry'),
  noteMatched: t('geldt voor deze verstrekking', 'applies to this disclosure'),
  noteNotMatched: t('geldt niet voor deze verstrekking', 'does not apply to this disclosure'),
  noteUndetermined: t('geldt nog niet zeker', 'does not yet certainly apply'),
};

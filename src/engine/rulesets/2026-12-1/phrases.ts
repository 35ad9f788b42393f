/** Every other text of a result, so that replaying this ruleset reproduces its texts. */
import type { RulesetDataV2Input } from '../../schema.js';
import { t } from './common.js';

export const phrases: RulesetDataV2Input['phrases'] = {
  yes: t('ja', 'yes'),
  no: t('nee', 'no'),
  none: t('geen', 'none'),
  notApplicable: t(
    '{title}: niet van toepassing op deze ontvanger, dit doel of deze cliënt.',
    '{title}: does not apply to this recipient, purpose or client.',
  ),
  unanswered: t(
    '{title}: nog niet te beoordelen, want er ontbreken antwoorden.',
    '{title}: cannot be judged yet because answers are missing.',
  ),
  notNeeded: t(
    '{title}: niet beoordeeld, omdat geen toepasselijke regel het nodig had.',
    '{title}: not assessed, because no applicable rule needed it.',
  ),
  obligationNotTriggered: t(
    'Verplichting {id}: hier niet aan de orde.',
    'Obligation {id}: not called for here.',
  ),
  notInForce: t(
    '{title}: was op de datum van deze afweging geen geldend recht.',
    '{title}: was not the law on the date of this weighing.',
  ),
  pendingCategory: t(
    'Voorlopig niet delen: dit hangt af van een vraag die nog open staat. {reason}',
    'Withhold for now: this depends on a question that is still open. {reason}',
  ),
  explanation: {
    stillOpen: t(
      '{count} vraag of vragen kunnen deze uitkomst nog veranderen; beantwoord ze voordat je meer deelt dan hier als te delen staat.',
      '{count} question(s) can still change this outcome; answer them before sharing more than is listed as shared here.',
    ),
    required: t(
      'Je bent verplicht te delen op grond van {ground} ({title}). {met} Toestemming is niet nodig; deel alleen wat nodig en relevant is. Of en wanneer je de cliënt informeert, staat bij de verplichtingen.',
      'You are obliged to share on the ground of {ground} ({title}). {met} Consent is not needed; share only what is necessary and relevant. Whether and when to inform the client is listed under the obligations.',
    ),
    allowed: t(
      'Delen mag op grond van {ground} ({title}). {met} Je bent niet verplicht: weeg zelf of delen in het belang van de cliënt en van goede zorg is, en deel alleen wat voor het doel nodig is.',
      'Sharing is allowed on the ground of {ground} ({title}). {met} You are not obliged to: weigh whether sharing serves the client and good care, and share only what the purpose needs.',
    ),
    needsMoreInformation: t(
      'Nog geen besluit mogelijk: {count} vraag of vragen kunnen de uitkomst nog bepalen (mogelijke grond: {grounds}). Deel niets zolang ze open staan.',
      'No decision yet: {count} question(s) can still decide the outcome (possible ground: {grounds}). Share nothing while they are open.',
    ),
    notAllowed: t(
      'Niet delen: met de gegeven antwoorden is er geen enkele grond om het beroepsgeheim te doorbreken. Wie toch deelt, schendt het beroepsgeheim en loopt tuchtrechtelijk, civiel- en strafrechtelijk risico.',
      'Do not share: on the answers given there is no ground at all to break professional secrecy. Sharing anyway breaches secrecy and risks disciplinary, civil and criminal liability.',
    ),
  },
  note: {
    heading: t('Afweging beroepsgeheim', 'Professional secrecy weighing'),
    date: t('Datum van de afweging', 'Date of the weighing'),
    recipient: t('Ontvanger', 'Recipient'),
    purpose: t('Doel', 'Purpose'),
    requested: t('Gevraagde informatie', 'Information requested'),
    decision: t('Besluit', 'Decision'),
    ground: t('Grond', 'Ground'),
    legalBasis: t('Wettelijke basis (wet en rechtspraak)', 'Legal basis (statutes and rulings)'),
    acuteDanger: t(
      'Acuut gevaar: 112 of de politie is direct ingeschakeld of moet direct worden ingeschakeld.',
      'Acute danger: 112 or the police has been or must be called at once.',
    ),
    answers: t('Antwoorden die de afweging bepaalden', 'Answers that decided the weighing'),
    share: t('Wordt gedeeld', 'Shared'),
    withhold: t('Wordt niet gedeeld', 'Withheld'),
    missing: t('Nog te beantwoorden', 'Still to be answered'),
    obligations: t('Verplichtingen', 'Obligations'),
    ruleset: t('Regelset', 'Ruleset'),
  },
};

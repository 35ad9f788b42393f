/**
 * Information about people other than the client: withheld unless strictly necessary for the
 * purpose (VGN-FAQ 2021; art. 5 lid 1 sub c AVG). Asked when it decides whether that category is
 * shared.
 */
import { type Area, t } from './common.js';
import { S } from './sources.js';

export const information: Area = {
  questions: [
    {
      id: 'info.thirdPartyStrictlyNeeded',
      type: 'boolean',
      text: t(
        'Is informatie over anderen dan de cliënt strikt nodig voor het doel?',
        'Is information about people other than the client strictly necessary for the purpose?',
      ),
      help: t(
        'Informatie die de privacy van een ander schaadt, houd je achter tenzij het doel zonder die informatie niet te bereiken is (bijvoorbeeld wie bedreigd wordt).',
        'Withhold information that harms someone else’s privacy unless the purpose cannot be reached without it (for example who is being threatened).',
      ),
      sources: [S.qVoogdij, S.qAdvocaat, S.qAvg],
    },
  ],
  rules: [],
};

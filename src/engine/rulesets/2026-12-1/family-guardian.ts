/**
 * The family guardian (gezinsvoogd) of a minor under a supervision order: on request, the
 * information the supervision needs must be given (art. 7.3.11 lid 4 Jeugdwet, from 1 January 2015
 * according to the KNMG-Wegwijzer 2014).
 */
import { type Area, MINORS, t, yes } from './common.js';
import { S } from './sources.js';

export const familyGuardian: Area = {
  questions: [
    {
      id: 'legal.supervisionOrder',
      type: 'boolean',
      text: t(
        'Staat de minderjarige cliënt onder toezicht (ondertoezichtstelling)?',
        'Is the minor client under a supervision order (ondertoezichtstelling)?',
      ),
      help: t(
        'Dan moet je de gezinsvoogd op diens verzoek informeren over wat nodig is voor het toezicht.',
        'You must then inform the family guardian, on request, of what the supervision needs.',
      ),
      sources: [S.iWettelijkJw, S.wWettelijk],
    },
    {
      id: 'request.byRecipient',
      type: 'boolean',
      text: t(
        'Heeft de ontvanger zelf om deze informatie gevraagd?',
        'Did the recipient itself ask for this information?',
      ),
      help: t(
        'De informatieplicht tegenover de gezinsvoogd geldt op verzoek; op eigen initiatief delen vraagt een andere grond. Deel je op eigen initiatief, dan hoef je niemand om een schriftelijke grondslag te vragen.',
        'The duty towards the family guardian applies on request; sharing on your own initiative needs another ground. If you share on your own initiative there is nobody to ask for a legal basis in writing.',
      ),
      sources: [S.iWettelijkJw, S.wDilemmasFn4],
    },
  ],
  rules: [
    {
      id: 'legal.family_guardian',
      kind: 'route',
      ground: 'legal_obligation',
      validFrom: '2015-01-01',
      applies: {
        all: [
          { recipient: ['family_guardian'] },
          { ageGroup: MINORS },
          { purpose: ['supervision_order', 'child_safety'] },
        ],
      },
      when: { seq: [yes('legal.supervisionOrder'), yes('request.byRecipient')] },
      title: t('Informatieplicht tegenover de gezinsvoogd', 'Duty to inform the family guardian'),
      description: t(
        'Staat een minderjarige onder toezicht, dan moet je de gezinsvoogd op verzoek de informatie geven die voor het toezicht nodig is.',
        'When a minor is under a supervision order you must give the family guardian, on request, the information the supervision needs.',
      ),
      met: t(
        'De minderjarige staat onder toezicht en de gezinsvoogd vraagt om informatie: verstrekken is verplicht, beperkt tot wat het toezicht nodig heeft.',
        'The minor is under supervision and the family guardian asks for information: providing it is compulsory, limited to what the supervision needs.',
      ),
      notMet: t(
        'Er is geen ondertoezichtstelling of geen verzoek van de gezinsvoogd; de informatieplicht geldt niet.',
        'There is no supervision order or no request from the family guardian; the duty does not apply.',
      ),
      sources: [S.iWettelijkJw, S.wWettelijk],
    },
  ],
};

/**
 * Good caregiving (goed hulpverlenerschap) outside the treatment: a special case of conflict of
 * duties (KNMG-Wegwijzer 2014 §3, footnotes 8 and 13). The Centraal Tuchtcollege did not blame a GP
 * who informed a GGZ front-door team without first discussing it with her patient: serious harm was
 * at stake and, from what other caregivers told her, she could reasonably assume he would not be
 * open to a conversation. The protective interest then prevails, also in bemoeizorg and domestic
 * violence (footnote 14). Only what gets care started, and the client is informed afterwards.
 */
import { type Area, CARE_RECIPIENTS, t, yes } from './common.js';
import { S } from './sources.js';

export const goodCaregiving: Area = {
  questions: [
    {
      id: 'care.clientWillNotEngage',
      type: 'boolean',
      text: t(
        'Mag je er op grond van signalen van de cliënt of andere hulpverleners redelijkerwijs van uitgaan dat de cliënt niet open zal staan voor een gesprek hierover?',
        'From signals of the client or other caregivers, can you reasonably assume that the client will not be open to a conversation about this?',
      ),
      help: t(
        'Zo oordeelde het Centraal Tuchtcollege over een huisarts die zonder overleg met de patiënt een voordeurteam van de GGZ inschakelde. Leg vast waarop je dat baseert, en informeer de cliënt achteraf.',
        'That is how the Central Disciplinary Board judged a GP who called in a GGZ front-door team without first talking to the patient. Record what you base this on, and inform the client afterwards.',
      ),
      sources: [S.wConflictFn13, S.wRisicoFn8],
    },
  ],
  rules: [
    {
      id: 'care.good_caregiving',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: {
        all: [
          { recipient: CARE_RECIPIENTS },
          { purpose: ['continuity_of_care', 'preventing_serious_harm', 'other'] },
        ],
      },
      // As in the ruling: the recipient could get care started (a GGZ front-door team), and there
      // was no other way, talking to the client being ruled out (review D3).
      when: {
        seq: [
          yes('conflict.seriousHarm'),
          { all: [yes('recipient.canAct'), yes('care.clientWillNotEngage'), yes('conflict.noAlternative')] },
        ],
      },
      title: t('Goed hulpverlenerschap', 'Good caregiving'),
      description: t(
        'Goed hulpverlenerschap is een bijzonder geval van conflict van plichten: bij dreigende ernstige schade mag je een zorgverlener die hulp op gang kan brengen (zoals een voordeurteam van de GGZ) informeren zonder dat eerst met de cliënt te bespreken, als je redelijkerwijs mag aannemen dat de cliënt niet open zal staan voor een gesprek en er geen andere weg is. Deel zo weinig mogelijk en informeer de cliënt achteraf.',
        'Good caregiving is a special case of conflict of duties: when serious harm threatens you may inform a care provider who can get help started (such as a GGZ front-door team) without first discussing it with the client, if you may reasonably assume the client will not be open to a conversation and there is no other way. Share as little as possible and inform the client afterwards.',
      ),
      met: t(
        'Er dreigt ernstige schade en de cliënt staat redelijkerwijs niet open voor een gesprek: als goed hulpverlener mag je deze zorgverlener informeren, zo beperkt mogelijk, en de cliënt achteraf inlichten.',
        'Serious harm threatens and the client will reasonably not be open to a conversation: as a good caregiver you may inform this care provider, as narrowly as possible, and tell the client afterwards.',
      ),
      notMet: t(
        'Er dreigt geen ernstige schade, deze ontvanger kan geen hulp op gang brengen, er is een andere weg, of je kunt het eerst met de cliënt bespreken.',
        'No serious harm threatens, this recipient cannot get help started, there is another way, or you can discuss it with the client first.',
      ),
      sources: [S.wConflict, S.wConflictFn13, S.wConflictFn14, S.wRisicoFn8, S.qCvpHandelen],
    },
  ],
};

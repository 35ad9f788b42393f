/**
 * Notification of compulsory treatment. The KNMG-Wegwijzer 2014 names the notification of
 * compulsory treatment under the Wet Bopz. Since 1 January 2020 the Wvggz and the Wzd replaced that
 * act and keep duties to notify the application of compulsory care: two dated rules, each for the
 * law of its period. The notification goes to the body the law designates (such as the
 * inspectorate), not to the public prosecutor.
 */
import { type Area, t, yes } from './common.js';
import { S } from './sources.js';

const applies = { all: [{ recipient: ['other'] }, { purpose: ['compulsory_care_notification'] }] };

export const compulsoryCare: Area = {
  questions: [
    {
      id: 'legal.compulsoryCare',
      type: 'boolean',
      text: t(
        'Wordt bij de cliënt verplichte zorg toegepast waarvan de wet jou melding voorschrijft aan deze instantie?',
        'Is compulsory care being applied to the client of which the law requires you to notify this body?',
      ),
      help: t(
        'De bron noemt de melding van dwangbehandeling onder de Wet Bopz; sinds 2020 gelden de Wvggz en de Wzd. De melding gaat naar de instantie die de wet aanwijst (bijvoorbeeld de inspectie), niet naar het Openbaar Ministerie.',
        'The source names notification of compulsory treatment under the Bopz Act; since 2020 the Wvggz and the Wzd apply. The notification goes to the body the law designates (for example the inspectorate), not to the public prosecutor.',
      ),
      sources: [S.wWettelijkBopz, S.wvggz, S.wzd],
    },
  ],
  rules: [
    {
      id: 'legal.compulsory_care_bopz',
      kind: 'route',
      ground: 'legal_obligation',
      validUntil: '2019-12-31',
      applies,
      when: yes('legal.compulsoryCare'),
      title: t('Melding dwangbehandeling (Wet Bopz)', 'Notification of compulsory treatment (Bopz Act)'),
      description: t(
        'Tot en met 2019 verplichtte de Wet Bopz tot melding van dwangbehandeling aan de daartoe aangewezen instantie.',
        'Until the end of 2019 the Bopz Act required compulsory treatment to be notified to the designated body.',
      ),
      met: t(
        'Er wordt dwangbehandeling toegepast waarvan de Wet Bopz melding voorschrijft: melden is verplicht.',
        'Compulsory treatment is applied of which the Bopz Act requires notification: notifying is compulsory.',
      ),
      notMet: t(
        'Er is geen meldingsplichtige dwangbehandeling.',
        'There is no compulsory treatment to notify.',
      ),
      sources: [S.wWettelijkBopz],
    },
    {
      id: 'legal.compulsory_care',
      kind: 'route',
      ground: 'legal_obligation',
      validFrom: '2020-01-01',
      applies,
      when: yes('legal.compulsoryCare'),
      title: t('Melding verplichte zorg (Wvggz, Wzd)', 'Notification of compulsory care (Wvggz, Wzd)'),
      description: t(
        'De melding van dwangbehandeling die de bron noemt, valt sinds 2020 onder de Wvggz en de Wzd: meld toepassing van verplichte zorg aan de instantie die de wet aanwijst, met alleen wat die melding vraagt.',
        'The notification of compulsory treatment the source names falls under the Wvggz and the Wzd since 2020: notify the application of compulsory care to the body the law designates, with only what that notification asks.',
      ),
      met: t(
        'Er wordt verplichte zorg toegepast waarvan de wet melding voorschrijft: melden is verplicht.',
        'Compulsory care is applied of which the law requires notification: notifying is compulsory.',
      ),
      notMet: t(
        'Er is geen meldingsplichtige verplichte zorg.',
        'There is no compulsory care to be notified.',
      ),
      sources: [S.wWettelijkBopz, S.wvggz, S.wzd],
    },
  ],
};

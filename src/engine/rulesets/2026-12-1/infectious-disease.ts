/**
 * Notifiable infectious disease (Wet publieke gezondheid): the doctor who diagnoses it must notify
 * the GGD. Other professions have no such duty of their own.
 */
import { type Area, DOCTORS, t, yes } from './common.js';
import { S } from './sources.js';

export const infectiousDisease: Area = {
  questions: [
    {
      id: 'legal.notifiableDisease',
      type: 'boolean',
      text: t(
        'Heb je als arts een meldingsplichtige infectieziekte vastgesteld?',
        'Have you, as a doctor, diagnosed a notifiable infectious disease?',
      ),
      help: t(
        'De Wet publieke gezondheid verplicht de arts die de ziekte vaststelt tot melding aan de GGD.',
        'The Public Health Act obliges the doctor who diagnoses the disease to notify the GGD.',
      ),
      sources: [S.wWettelijkWpg, S.wpg22],
    },
  ],
  rules: [
    {
      id: 'legal.infectious_disease',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: ['public_health_service'] },
          { purpose: ['infectious_disease_notification'] },
          { profession: DOCTORS },
        ],
      },
      when: yes('legal.notifiableDisease'),
      title: t('Melding infectieziekte aan de GGD', 'Notification of an infectious disease to the GGD'),
      description: t(
        'De arts die een meldingsplichtige infectieziekte vaststelt, moet die melden aan de GGD. Andere beroepen hebben die plicht niet zelf; zij delen alleen op een andere grond.',
        'The doctor who diagnoses a notifiable infectious disease must notify the GGD. Other professions do not have that duty themselves; they share only on another ground.',
      ),
      met: t(
        'Je hebt als arts een meldingsplichtige infectieziekte vastgesteld: melden aan de GGD is verplicht.',
        'As a doctor you diagnosed a notifiable infectious disease: notifying the GGD is compulsory.',
      ),
      notMet: t(
        'Er is geen meldingsplichtige infectieziekte vastgesteld; deze meldingsplicht geldt niet.',
        'No notifiable infectious disease has been diagnosed; this duty does not apply.',
      ),
      sources: [S.wWettelijkWpg, S.rRegels, S.wpg22],
    },
  ],
};

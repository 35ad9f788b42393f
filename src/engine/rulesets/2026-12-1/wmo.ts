/**
 * The municipality under the Wmo 2015. Art. 5.2.5 Wmo 2015 (from 1 January 2015): on request a
 * care provider must give the municipality medical information, but only with the client's
 * unambiguous, freely given consent (KNMG-Wegwijzer 2014 §2, footnote 11). The client depends on
 * the municipality, and consent to a body one depends on is often not free (RVS-studie 2017 §3.2,
 * §4.5): so the question is whether the client could refuse without consequences for the support
 * and was told so. Dependency stays a warning in the trace, not an automatic veto.
 * The Wmo file check (dossiercontrole) covers administrative items and proof that day activities
 * were delivered, never the content of the care (VGN-FAQ 2021).
 */
import { type Area, DEPENDENCY_BODIES, t, yes } from './common.js';
import { S } from './sources.js';

export const wmo: Area = {
  questions: [
    {
      id: 'legal.wmoMedicalRequest',
      type: 'boolean',
      text: t(
        'Vraagt de gemeente de medische gegevens op grond van artikel 5.2.5 Wmo 2015?',
        'Does the municipality request the medical information under article 5.2.5 of the Wmo 2015?',
      ),
      help: t(
        'Die plicht geldt alleen als de cliënt ondubbelzinnig en vrij toestemming heeft gegeven. Vraagt de gemeente op een andere grondslag, bijvoorbeeld voor een uitkering, dan is alleen toestemming een route.',
        'That duty applies only when the client has given unambiguous, freely given consent. If the municipality asks on another basis, for example for benefits, consent is the only route.',
      ),
      sources: [S.wWettelijkFn11],
    },
    {
      id: 'legal.wmoFileCheck',
      type: 'boolean',
      text: t(
        'Gaat het om een dossiercontrole door de gemeente naar de financiële rechtmatigheid van Wmo-zorg?',
        'Is this a file check by the municipality of the financial legitimacy of care funded under the Wmo?',
      ),
      help: t(
        'Bij zo’n controle mag de gemeente administratieve onderdelen inzien (legitimatie, tijdige aanmelding, getekende overeenkomst en cliëntplan) en het bewijs dat dagbesteding is geleverd, niet de inhoud van de zorg.',
        'In such a check the municipality may see administrative items (ID, timely registration, signed agreement and client plan) and the proof that day activities were delivered, not the content of the care.',
      ),
      sources: [S.qDossiercontrole],
    },
  ],
  rules: [
    {
      id: 'consent.dependency_warning',
      kind: 'notice',
      applies: { recipient: DEPENDENCY_BODIES },
      when: { answer: 'consent.given', is: true, ifUnanswered: false },
      title: t('Afhankelijkheid van de ontvanger', 'Dependency on the recipient'),
      description: t(
        'Toestemming aan een instantie waarvan de cliënt afhankelijk is voor zorg, ondersteuning, inkomen of werk, is vaak niet vrij. Dat sluit toestemming niet uit, maar ga na of weigeren echt zonder gevolgen kon en of de cliënt dat wist.',
        'Consent to a body the client depends on for care, support, income or work is often not free. That does not rule consent out, but check that refusing really had no consequences and that the client knew it.',
      ),
      met: t(
        'Let op: de cliënt is van deze ontvanger afhankelijk; toestemming is dan vaak niet vrij. Ga na of weigeren zonder gevolgen kon.',
        'Note: the client depends on this recipient; consent is then often not free. Check that refusing was possible without consequences.',
      ),
      notMet: t('Geen toestemming om te beoordelen.', 'No consent to assess.'),
      sources: [S.rFocus, S.rVerantwoordelijkheid],
    },
    {
      id: 'legal.wmo_medical_information',
      kind: 'route',
      ground: 'legal_obligation',
      validFrom: '2015-01-01',
      applies: { all: [{ recipient: ['municipality'] }, { purpose: ['eligibility_assessment'] }] },
      when: { seq: [yes('legal.wmoMedicalRequest'), { rule: 'consent.wmo_valid' }] },
      title: t(
        'Medische gegevens aan de gemeente (Wmo 2015)',
        'Medical information to the municipality (Wmo 2015)',
      ),
      description: t(
        'Onder de Wmo 2015 moet een zorgaanbieder de gemeente op verzoek medische gegevens geven, maar alleen als de cliënt daar ondubbelzinnig en vrij toestemming voor heeft gegeven: de cliënt kon weigeren zonder gevolgen voor de ondersteuning en wist dat.',
        'Under the Wmo 2015 a care provider must give the municipality medical information on request, but only if the client has given unambiguous, freely given consent: the client could refuse without consequences for the support and knew it.',
      ),
      met: t(
        'De gemeente vraagt op grond van de Wmo 2015 en de cliënt heeft geldig en vrij toegestemd: verstrekken is verplicht, beperkt tot wat nodig is.',
        'The municipality asks under the Wmo 2015 and the client has given valid, free consent: providing is compulsory, limited to what is needed.',
      ),
      notMet: t(
        'Geen verzoek op grond van de Wmo 2015 of geen geldige, vrije toestemming: de plicht geldt niet. Medische gegevens gaan niet zonder toestemming naar de gemeente.',
        'No request under the Wmo 2015 or no valid, free consent: the duty does not apply. Medical information does not go to the municipality without consent.',
      ),
      sources: [S.wWettelijkFn11, S.qZorgplan, S.rFocus, S.rVerantwoordelijkheid],
    },
    {
      id: 'legal.wmo_file_check',
      kind: 'route',
      ground: 'legal_obligation',
      applies: { all: [{ recipient: ['municipality'] }, { purpose: ['financial_audit'] }] },
      when: yes('legal.wmoFileCheck'),
      title: t('Dossiercontrole door de gemeente (Wmo)', 'File check by the municipality (Wmo)'),
      description: t(
        'De gemeente mag dossiers controleren op de financiële rechtmatigheid van Wmo-zorg, maar alleen op administratieve onderdelen en het bewijs dat dagbesteding is geleverd.',
        'The municipality may check files for the financial legitimacy of Wmo care, but only on administrative items and the proof that day activities were delivered.',
      ),
      met: t(
        'Het gaat om een Wmo-dossiercontrole: meewerken is verplicht, uitsluitend voor de administratieve onderdelen en het bewijs van geleverde dagbesteding.',
        'This is a Wmo file check: cooperating is compulsory, for the administrative items and the proof of day activities delivered only.',
      ),
      notMet: t('Het is geen Wmo-dossiercontrole.', 'This is not a Wmo file check.'),
      sources: [S.qDossiercontrole],
    },
  ],
};

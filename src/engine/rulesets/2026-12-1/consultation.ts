/**
 * Consultation without consent (Protocol meldrecht, ‘Uitwisselen van informatie’). When the safety
 * of a child or of an adult in a dependent position is at stake, consulting another professional —
 * a school included, which the meldcode also binds — is justified when serious harm can be prevented
 * or limited, there is no other way, everything was done to obtain consent, and the interests served
 * by speaking outweigh those served by silence (the protocol's own weighing). Only what is needed to
 * get help started is discussed. A report to Veilig Thuis is not a consultation: it has rules of
 * its own.
 */
import { type Area, t, yes } from './common.js';
import { S } from './sources.js';

const criterion = (id: string, nl: string, en: string, helpNl: string, helpEn: string) => ({
  id,
  type: 'boolean' as const,
  text: t(nl, en),
  help: t(helpNl, helpEn),
  sources: [S.pUitwisselen],
});

export const consultation: Area = {
  questions: [
    criterion(
      'consultation.safetyAtStake',
      'Staat de veiligheid van een kind of van een volwassene in een afhankelijke positie op het spel?',
      'Is the safety of a child or of an adult in a dependent position at stake?',
      'Alleen dan mag je zonder toestemming met een andere professional overleggen. Een melding bij Veilig Thuis is geen overleg en heeft eigen voorwaarden.',
      'Only then may you consult another professional without consent. A report to Veilig Thuis is not a consultation and has conditions of its own.',
    ),
    criterion(
      'consultation.harmCanBeLimited',
      'Kan met dit overleg ernstige schade worden voorkomen of beperkt?',
      'Can this consultation prevent or limit serious harm?',
      'Het protocol vraagt niet dat dat vrijwel zeker is, wel dat het overleg die schade kan voorkomen of beperken.',
      'The protocol does not ask for near certainty, but that the consultation can prevent or limit that harm.',
    ),
    criterion(
      'consultation.noOtherWay',
      'Is er geen andere weg om hetzelfde doel te bereiken zonder het beroepsgeheim te doorbreken?',
      'Is there no other way to reach the same aim without breaking professional secrecy?',
      'Bijvoorbeeld anoniem overleggen, of de cliënt zelf laten vertellen.',
      'For example consulting anonymously, or letting the client tell it.',
    ),
    criterion(
      'consultation.consentSought',
      'Heb je alles gedaan om toestemming te krijgen, of is vragen niet mogelijk?',
      'Have you done everything to obtain consent, or is asking not possible?',
      'Leg vast waarom toestemming niet te krijgen was.',
      'Record why consent could not be obtained.',
    ),
    criterion(
      'consultation.interestsOutweigh',
      'Wegen de belangen van de cliënt (of de kinderen) die je met spreken dient zwaarder dan de belangen die de cliënt bij je zwijgen heeft?',
      'Do the interests of the client (or the children) that speaking serves outweigh the client’s interests in your silence?',
      'Dit is de eigen afweging van het protocol; leg je overwegingen vast in het dossier.',
      'This is the protocol’s own weighing; record your considerations in the client record.',
    ),
  ],
  rules: [
    {
      id: 'report.safety_consultation',
      kind: 'route',
      ground: 'reporting_right',
      applies: {
        all: [
          {
            recipient: [
              'treating_professional',
              'general_practitioner',
              'other_professional',
              'social_neighbourhood_team',
              'school',
            ],
          },
          { purpose: ['case_consultation', 'child_safety', 'domestic_violence'] },
        ],
      },
      when: {
        seq: [
          yes('consultation.safetyAtStake'),
          {
            all: [
              yes('consultation.harmCanBeLimited'),
              yes('consultation.noOtherWay'),
              yes('consultation.consentSought'),
              yes('consultation.interestsOutweigh'),
            ],
          },
        ],
      },
      title: t('Overleg zonder toestemming over veiligheid', 'Consultation without consent about safety'),
      description: t(
        'Overleg met een andere professional (ook een school) mag zonder toestemming als de veiligheid van een kind of afhankelijke volwassene in het geding is, ernstige schade zo kan worden voorkomen of beperkt, er geen andere weg is, je alles hebt gedaan om toestemming te krijgen en de belangen die je met spreken dient zwaarder wegen. Bespreek alleen wat nodig is om hulp op gang te brengen en leg je overwegingen vast.',
        'Consulting another professional (a school too) is allowed without consent when the safety of a child or dependent adult is at stake, serious harm can be prevented or limited that way, there is no other way, you did everything to obtain consent and the interests speaking serves weigh more. Discuss only what is needed to get help started and record your reasons.',
      ),
      met: t(
        'De veiligheid van een kind of afhankelijke volwassene staat op het spel en aan de voorwaarden is voldaan: overleg zonder toestemming mag.',
        'The safety of a child or dependent adult is at stake and the conditions are met: consultation without consent is allowed.',
      ),
      notMet: t(
        'Niet aan de voorwaarden voor overleg zonder toestemming voldaan.',
        'The conditions for consultation without consent are not met.',
      ),
      sources: [S.pUitwisselen, S.qMeldcodeSteps],
    },
  ],
};

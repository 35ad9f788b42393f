/**
 * Acute danger. With acute danger to the life or safety of a child, or in domestic violence of
 * severe injury or death of an adult, the usual steps give way: 112 or the police at once, or the
 * crisis service or Veilig Thuis (KNMG-Wegwijzer 2014 §3; Protocol meldrecht). Sharing then rests
 * on conflict of duties, only with whoever can act, only what averts the danger.
 */
import { type Area, t, yes } from './common.js';
import { S } from './sources.js';

export const acuteNotice: Area = {
  questions: [
    {
      id: 'danger.acute',
      type: 'boolean',
      text: t(
        'Is er op dit moment acuut gevaar voor iemands leven of veiligheid?',
        'Is there acute danger to someone’s life or safety right now?',
      ),
      help: t(
        'Bijvoorbeeld direct gevaar voor een kind, of bij huiselijk geweld dreigend zwaar letsel of de dood van een volwassene. Dan gaan de vaste stappen niet voor: bel 112 of de politie, of schakel meteen de crisisdienst of Veilig Thuis in.',
        'For example immediate danger to a child, or in domestic violence imminent severe injury or death of an adult. The usual steps then give way: call 112 or the police, or engage the crisis service or Veilig Thuis at once.',
      ),
      sources: [S.wConflict, S.pUitwisselen],
    },
    {
      id: 'recipient.canAct',
      type: 'boolean',
      text: t(
        'Kan deze ontvanger het gevaar nu daadwerkelijk afwenden, omdat het de crisisdienst is of een zorgverlener die de cliënt in deze situatie zorg verleent?',
        'Can this recipient actually avert the danger now, because it is the crisis service or a care provider caring for the client in this situation?',
      ),
      help: t(
        'Deel bij gevaar alleen met wie er iets aan kan doen. Een andere professional die het gevaar niet kan afwenden, krijgt op deze grond niets.',
        'In danger, share only with someone who can do something about it. Another professional who cannot avert the danger receives nothing on this ground.',
      ),
      sources: [S.qCvpHandelen, S.pUitwisselen, S.iConflict],
    },
  ],
  rules: [
    {
      id: 'danger.acute',
      kind: 'notice',
      explain: true,
      when: yes('danger.acute'),
      title: t('Acuut gevaar', 'Acute danger'),
      description: t(
        'Bij acuut gevaar voor de veiligheid of het leven van een kind, of bij huiselijk geweld met dreigend zwaar letsel of de dood van een volwassene, bel je direct 112 of de politie, of schakel je de crisisdienst of Veilig Thuis in; de vaste stappen wijken.',
        'With acute danger to the safety or life of a child, or in domestic violence with imminent severe injury or death of an adult, call 112 or the police at once, or engage the crisis service or Veilig Thuis; the usual steps give way.',
      ),
      met: t(
        'Er is acuut gevaar: schakel direct 112 of de politie in en deel alleen wat nodig is om het gevaar af te wenden.',
        'There is acute danger: call 112 or the police at once and share only what is needed to avert the danger.',
      ),
      notMet: t(
        'Er is geen acuut gevaar: volg de gewone stappen (bij vermoedens van mishandeling of geweld: de meldcode).',
        'There is no acute danger: follow the usual steps (for suspected abuse or violence: the reporting code).',
      ),
      sources: [S.wConflict, S.pUitwisselen],
    },
  ],
};

export const acuteRoute: Area = {
  questions: [],
  rules: [
    {
      id: 'conflict.acute_danger',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: {
        recipient: [
          'police',
          'veilig_thuis',
          'child_protection_board',
          'other_professional',
          'general_practitioner',
        ],
      },
      when: {
        seq: [
          yes('danger.acute'),
          {
            any: [
              { recipient: ['police', 'veilig_thuis'] },
              {
                all: [
                  { recipient: ['child_protection_board'] },
                  { ageGroup: ['under_12', '12_to_15', '16_to_17'] },
                ],
              },
              {
                all: [{ recipient: ['other_professional', 'general_practitioner'] }, yes('recipient.canAct')],
              },
            ],
          },
        ],
      },
      title: t('Acuut gevaar afwenden', 'Averting acute danger'),
      description: t(
        'Acuut gevaar is het duidelijkste geval van conflict van plichten: er is geen tijd voor toestemming of de stappen van de meldcode. Schakel direct de politie of 112 in, Veilig Thuis, de crisisdienst of een zorgverlener die de cliënt nu helpt, of bij een kind de Raad voor de Kinderbescherming. De politie krijgt wie het betreft en wat het gevaar is; een zorgverlener wat nodig is om de cliënt te helpen (ook medicatie en diagnose).',
        'Acute danger is the clearest case of a conflict of duties: there is no time for consent or the reporting-code steps. Engage the police or 112, Veilig Thuis, the crisis service or a care provider now helping the client, or for a child the Child Protection Board at once. The police receive who it concerns and what the danger is; a care provider what it needs to help the client (medication and diagnosis too).',
      ),
      met: t(
        'Er is acuut gevaar en deze ontvanger kan het afwenden: delen mag, alleen wat het gevaar afwendt.',
        'There is acute danger and this recipient can avert it: sharing is allowed, only what averts the danger.',
      ),
      notMet: t(
        'Er is geen acuut gevaar, of deze ontvanger kan het niet afwenden.',
        'There is no acute danger, or this recipient cannot avert it.',
      ),
      sources: [S.wConflict, S.pUitwisselen, S.qVeiligThuis, S.qCvpHandelen, S.iConflict],
    },
  ],
};

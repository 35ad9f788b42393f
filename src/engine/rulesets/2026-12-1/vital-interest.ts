/**
 * Vital interest of the client (VGN-FAQ 2021, sharing with third parties): information may be
 * shared without consent where that is of vital interest to the client, with whoever can act on it
 * (Werkinstructie §C; Protocol meldrecht, fifth self-check question). An emergency doctor treating
 * an unconscious client gets the medication list; the crisis service the mental-health data it
 * needs. Reported as conflict of duties, of which it is a case. The route is for a client who
 * cannot consent in time (the sources' example is an unconscious client): a capable client who
 * refused keeps that refusal, and only the full conflict of duties (consent sought, no other way,
 * conscience distress, serious harm, prevention almost certain) can then justify sharing
 * (KNMG-Wegwijzer 2014 §3; Werkinstructie §C).
 */
import { type Area, CARE_RECIPIENTS, t, yes } from './common.js';
import { S } from './sources.js';

export const vitalInterest: Area = {
  questions: [
    {
      id: 'vital.clientAtRisk',
      type: 'boolean',
      text: t(
        'Is delen nodig om een ernstig gevaar voor het leven of de gezondheid van de cliënt zelf af te wenden (vitaal belang)?',
        'Is sharing needed to avert a serious danger to the client’s own life or health (vital interest)?',
      ),
      help: t(
        'Bijvoorbeeld een bewusteloze cliënt op de spoedeisende hulp die medicatie nodig heeft, of een crisis waarin de crisisdienst de psychische voorgeschiedenis moet kennen.',
        'For example an unconscious client in the emergency department who needs medication, or a crisis in which the crisis service must know the mental-health history.',
      ),
      sources: [S.qDerden, S.iConflict, S.pUitwisselen],
    },
    {
      id: 'vital.clientCannotConsent',
      type: 'boolean',
      text: t(
        'Is de cliënt nu niet in staat toe te stemmen (bijvoorbeeld bewusteloos, of ter zake wilsonbekwaam) en is er ook geen vertegenwoordiger die op tijd kan beslissen?',
        'Is the client unable to consent now (for example unconscious, or incapable on the matter), with no representative who can decide in time?',
      ),
      help: t(
        'Heeft de cliënt zelf kunnen kiezen en geweigerd, antwoord dan nee: een weigering blijft staan, en alleen een conflict van plichten waarin alle voorwaarden gelden kan delen dan rechtvaardigen.',
        'If the client was able to choose and refused, answer no: a refusal stands, and only a conflict of duties in which every condition holds can then justify sharing.',
      ),
      sources: [S.qDerden, S.wConflict, S.iConflict],
    },
  ],
  rules: [
    {
      id: 'vital_interest.client',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: {
        all: [
          { recipient: CARE_RECIPIENTS },
          { purpose: ['continuity_of_care', 'handover', 'preventing_serious_harm', 'other'] },
        ],
      },
      when: {
        seq: [
          yes('vital.clientAtRisk'),
          { all: [yes('recipient.canAct'), yes('vital.clientCannotConsent')] },
        ],
      },
      title: t('Vitaal belang van de cliënt', 'Vital interest of the client'),
      description: t(
        'Is delen van vitaal belang voor de cliënt en kan die (of de vertegenwoordiger) niet tijdig toestemmen, dan mag je een zorgverlener die de cliënt nu helpt geven wat die nodig heeft om het gevaar af te wenden, zoals medicatie, diagnose en psychische voorgeschiedenis. Niet meer dan dat.',
        'When sharing is of vital interest to the client and the client (or representative) cannot consent in time, you may give a care provider now helping the client what they need to avert the danger, such as medication, diagnosis and mental-health history. No more than that.',
      ),
      met: t(
        'Delen is van vitaal belang voor de cliënt en deze zorgverlener kan het gevaar afwenden: delen mag, alleen wat daarvoor nodig is.',
        'Sharing is of vital interest to the client and this care provider can avert the danger: sharing is allowed, only what that needs.',
      ),
      notMet: t(
        'Er is geen vitaal belang, deze ontvanger kan het gevaar niet afwenden, of de cliënt (of vertegenwoordiger) kan zelf beslissen; een weigering blijft dan staan.',
        'There is no vital interest, this recipient cannot avert the danger, or the client (or representative) can decide; a refusal then stands.',
      ),
      sources: [S.qDerden, S.iConflict, S.pUitwisselen, S.qCvpHandelen, S.wConflict],
    },
  ],
};

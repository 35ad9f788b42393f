/**
 * The legal representative (parent with authority, guardian, mentor, curator; for an incapable
 * adult without one, a partner or family member under art. 7:465 lid 3 BW). A child under 12: the
 * parents may see the record; 12 to 16: unless the child objects and can decide this; from 16:
 * only when the client is incapable on the matter. Never after death, and never when giving the
 * information goes against good caregiving (a representative suspected of abusing the child).
 */
import { type Area, no, t, yes, yesOnly } from './common.js';
import { S } from './sources.js';

const notBarred = no('representative.goodCaregiverBars');

export const representative: Area = {
  questions: [
    {
      id: 'client.competentToObject',
      type: 'boolean',
      text: t(
        'Is het kind van 12 tot 16 jaar volgens jouw beoordeling in staat hierover zelf te beslissen?',
        'In your judgement, can the child aged 12 to 15 decide this matter?',
      ),
      help: t(
        'Maakt een kind van 12 tot 16 bezwaar tegen inzage door de ouders, dan beoordeel je of het kind daarover kan beslissen.',
        'When a child aged 12 to 15 objects to the parents seeing the record, you judge whether the child can decide this.',
      ),
      sources: [S.qWelkeInformatie],
    },
    {
      id: 'client.incapableOnThisMatter',
      type: 'boolean',
      text: t(
        'Is de cliënt wilsonbekwaam ter zake van deze gegevensdeling?',
        'Is the client incapable of deciding on this sharing (wilsonbekwaam ter zake)?',
      ),
      help: t(
        'Alleen nodig als de wilsbekwaamheid in de aanvraag als onbekend staat. Bij wilsonbekwaamheid ter zake beslist de vertegenwoordiger; anders beslist de cliënt zelf. Heeft een wilsonbekwame volwassene geen curator, mentor of gemachtigde, dan is de partner of anders een ouder, kind, broer of zus de wettelijk vertegenwoordiger: vul die dan in als vertegenwoordiger, niet als mantelzorger.',
        'Only needed when capacity is given as unknown in the request. If the client is incapable on this matter the representative decides; otherwise the client does. If an incapable adult has no curator, mentor or authorised person, the partner, or else a parent, child, brother or sister is the legal representative: enter them as representative, not as informal carer.',
      ),
      sources: [S.qWelkeInformatie, S.bw465lid3],
    },
    {
      id: 'representative.goodCaregiverBars',
      type: 'boolean',
      text: t(
        'Zou je als goed hulpverlener deze informatie niet aan de vertegenwoordiger geven, bijvoorbeeld omdat die wordt verdacht van mishandeling van het kind of omdat het de cliënt schaadt?',
        'Would you, as a good caregiver, not give this information to the representative, for example because they are suspected of abusing the child or because it would harm the client?',
      ),
      help: t(
        'Een vertegenwoordiger heeft recht op informatie, maar niet als geven in strijd is met de zorg van een goed hulpverlener. Informatie die de privacy van een ander schaadt, houd je hoe dan ook achter.',
        'A representative is entitled to information, but not where giving it conflicts with the care of a good caregiver. Information harming someone else’s privacy is withheld in any case.',
      ),
      sources: [S.qVoogdij, S.qAdvocaat, S.bw465lid4],
    },
  ],
  rules: [
    {
      // Art. 7:465 lid 3 BW: for an incapable adult without curator, mentor or authorised person,
      // the partner, or else a parent, child, brother or sister, acts as representative. A family
      // member entered as informal carer is told so, and where to enter them instead (review D7).
      id: 'representative.family_member_hint',
      kind: 'notice',
      explain: true,
      applies: { all: [{ recipient: ['informal_carer'] }, { ageGroup: ['adult'] }, { deceased: false }] },
      when: {
        any: [
          { decisionCapacity: ['incapable'] },
          { all: [{ decisionCapacity: ['unknown'] }, yesOnly('client.incapableOnThisMatter')] },
        ],
      },
      title: t('Naaste als vertegenwoordiger', 'A family member as representative'),
      description: t(
        'Heeft een wilsonbekwame volwassene geen curator, mentor of schriftelijk gemachtigde, dan vertegenwoordigt de partner hem, en anders een ouder, kind, broer of zus. Zo iemand is dan geen gewone mantelzorger maar de wettelijk vertegenwoordiger.',
        'When an incapable adult has no curator, mentor or authorised person, the partner represents them, or else a parent, child, brother or sister. Such a person is then not an ordinary informal carer but the legal representative.',
      ),
      met: t(
        'Let op: is deze mantelzorger de partner, een ouder, kind, broer of zus van de wilsonbekwame cliënt, en is er geen curator, mentor of gemachtigde, dan is hij of zij waarschijnlijk de wettelijk vertegenwoordiger. Weeg dan opnieuw met als ontvanger de vertegenwoordiger.',
        'Note: if this informal carer is the partner, a parent, child, brother or sister of the incapable client, and there is no curator, mentor or authorised person, they are probably the legal representative. Then weigh again with the representative as recipient.',
      ),
      notMet: t('Niet aan de orde.', 'Not at issue.'),
      sources: [S.bw465lid3, S.qWelkeInformatie, S.rInformeel],
    },
    {
      id: 'capacity.incapable',
      kind: 'helper',
      when: {
        any: [
          { decisionCapacity: ['incapable'] },
          { all: [{ decisionCapacity: ['unknown'] }, yes('client.incapableOnThisMatter')] },
        ],
      },
      title: t('Wilsonbekwaam ter zake', 'Incapable on this matter'),
      description: t(
        'Is de cliënt wilsonbekwaam ter zake, dan beslist de vertegenwoordiger in zijn plaats.',
        'When the client is incapable on the matter, the representative decides instead.',
      ),
      met: t('De cliënt is wilsonbekwaam ter zake.', 'The client is incapable on this matter.'),
      notMet: t('De cliënt is wilsbekwaam ter zake.', 'The client is capable on this matter.'),
      sources: [S.qWelkeInformatie],
    },
    {
      id: 'representative.child_under_12',
      kind: 'route',
      ground: 'representative',
      applies: { all: [{ recipient: ['representative'] }, { ageGroup: ['under_12'] }, { deceased: false }] },
      when: notBarred,
      title: t('Ouders van een kind jonger dan 12', 'Parents of a child under 12'),
      description: t(
        'Ouders of vertegenwoordigers van een kind jonger dan 12 hebben recht op de informatie over hun kind, behalve wat de privacy van anderen schaadt of wat een goed hulpverlener niet zou geven (bijvoorbeeld aan een ouder die wordt verdacht van mishandeling).',
        'Parents or representatives of a child under 12 are entitled to the information about their child, except what harms others’ privacy or what a good caregiver would not give (for example to a parent suspected of abuse).',
      ),
      met: t(
        'Het kind is jonger dan 12: de vertegenwoordiger mag de informatie krijgen, na je beoordeling wat je over anderen achterhoudt.',
        'The child is under 12: the representative may receive the information, after you assess what to withhold about others.',
      ),
      notMet: t(
        'Goed hulpverlenerschap verzet zich ertegen deze informatie aan de vertegenwoordiger te geven.',
        'Good caregiving stands against giving this information to the representative.',
      ),
      sources: [S.qWelkeInformatie, S.qVoogdij, S.qAdvocaat, S.bw465lid4],
    },
    {
      id: 'representative.child_12_to_15',
      kind: 'route',
      ground: 'representative',
      applies: { all: [{ recipient: ['representative'] }, { ageGroup: ['12_to_15'] }, { deceased: false }] },
      when: {
        seq: [
          {
            any: [
              { rule: 'capacity.incapable' },
              { not: { seq: [yes('client.objects'), yes('client.competentToObject')] } },
            ],
          },
          notBarred,
        ],
      },
      title: t('Ouders van een kind van 12 tot 16', 'Parents of a child aged 12 to 15'),
      description: t(
        'Een kind van 12 tot 16 kan bezwaar maken tegen inzage door de ouders; jij beoordeelt of het kind daarover kan beslissen. Een bekwaam bezwaar volg je, en ook hier geef je niet wat een goed hulpverlener niet zou geven.',
        'A child aged 12 to 15 can object to the parents seeing the record; you judge whether the child can decide that. A competent objection is followed, and here too you do not give what a good caregiver would not give.',
      ),
      met: t(
        'Het kind maakt geen (bekwaam) bezwaar: de vertegenwoordiger mag de informatie krijgen.',
        'The child makes no (competent) objection: the representative may receive the information.',
      ),
      notMet: t(
        'Het kind van 12 tot 16 maakt bezwaar en kan daarover zelf beslissen, of goed hulpverlenerschap verzet zich ertegen: niet delen met de ouders zonder toestemming van het kind.',
        'The child aged 12 to 15 objects and can decide this, or good caregiving stands against it: do not share with the parents without the child’s consent.',
      ),
      sources: [S.qWelkeInformatie, S.qVoogdij, S.bw465lid4],
    },
    {
      id: 'representative.incapable_client',
      kind: 'route',
      ground: 'representative',
      applies: {
        all: [{ recipient: ['representative'] }, { ageGroup: ['16_to_17', 'adult'] }, { deceased: false }],
      },
      when: { seq: [{ rule: 'capacity.incapable' }, notBarred] },
      title: t('Vertegenwoordiger van een wilsonbekwame cliënt', 'Representative of an incapable client'),
      description: t(
        'Vanaf 16 jaar krijgt de vertegenwoordiger zonder toestemming van de cliënt alleen informatie als de cliënt wilsonbekwaam ter zake is; een wilsbekwame cliënt moet zelf toestemmen. Bij een wilsonbekwame volwassene zonder curator, mentor of gemachtigde is de partner of een naast familielid de vertegenwoordiger.',
        'From 16 the representative receives information without the client’s consent only when the client is incapable on the matter; a capable client must consent. For an incapable adult without curator, mentor or authorised person, the partner or a close family member is the representative.',
      ),
      met: t(
        'De cliënt is wilsonbekwaam ter zake: de vertegenwoordiger mag de informatie krijgen.',
        'The client is incapable on the matter: the representative may receive the information.',
      ),
      notMet: t(
        'De cliënt is wilsbekwaam, of goed hulpverlenerschap verzet zich ertegen: de vertegenwoordiger krijgt alleen informatie met toestemming van de cliënt.',
        'The client is capable, or good caregiving stands against it: the representative receives information only with the client’s consent.',
      ),
      sources: [S.qWelkeInformatie, S.bw465lid3, S.bw465lid4],
    },
  ],
};

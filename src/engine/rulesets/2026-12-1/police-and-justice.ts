/**
 * Police and justice. No duty to cooperate: whoever has a verschoningsrecht invokes it explicitly,
 * per question. Doctors and probation officers have one of their own (RVS-studie 2017 §2.1);
 * others, nurses included, may derive one from a doctor they work with (VGN-FAQ 2021). Where nobody
 * with a verschoningsrecht is involved, art. 160 Sv obliges reporting the gravest committed crimes
 * (against life, rape, kidnapping, state security, certain crimes against royal dignity). A weapon
 * is handed in without its origin. A cannabis plantation is pointed out to the client.
 */
import { type Area, JUSTICE, no, PRIVILEGED, t } from './common.js';
import { S } from './sources.js';

export const crimeQuestions: Area = {
  questions: [
    {
      id: 'crime.kind',
      type: 'enum',
      options: [
        { value: 'weapon', text: t('een wapen', 'a weapon') },
        {
          value: 'cannabis_plantation',
          text: t('een wietplantage of softdrugs', 'a cannabis plantation or soft drugs'),
        },
        {
          value: 'minor_offence',
          text: t(
            'een licht (vermogens)delict zoals diefstal, heling of belastingontduiking',
            'a minor (property) offence such as theft, handling stolen goods or tax evasion',
          ),
        },
        {
          value: 'serious_crime',
          text: t('een ernstig misdrijf of gevaar voor anderen', 'a serious crime or danger to others'),
        },
        {
          value: 'grave_crime',
          text: t(
            'een gepleegd misdrijf tegen het leven (zoals moord of doodslag), verkrachting, ontvoering, een misdrijf tegen de veiligheid van de staat of een bepaald misdrijf tegen de koninklijke waardigheid',
            'a committed crime against life (such as murder or manslaughter), rape, kidnapping, a crime against state security or certain crimes against royal dignity',
          ),
        },
        {
          value: 'none',
          text: t(
            'geen strafbaar feit: het gaat alleen om gevaar (bijvoorbeeld voor de cliënt zelf)',
            'no offence: the request is about danger only (for example to the client)',
          ),
        },
      ],
      text: t(
        'Om wat voor strafbaar feit gaat het in dit verzoek van politie of justitie?',
        'What kind of offence is this police or justice request about?',
      ),
      help: t(
        'Een wietplantage of licht delict rechtvaardigt op zich geen doorbreking; alleen gevaar voor iemands veiligheid kan dat (conflict van plichten). Een wapen mag je afgeven zonder de herkomst te noemen.',
        'A cannabis plantation or minor offence does not in itself justify breaking secrecy; only danger to someone’s safety can (conflict of duties). A weapon may be handed in without naming its origin.',
      ),
      sources: [S.qWiet, S.qWapen, S.qAmbulant, S.qAangifte],
    },
    {
      id: 'crime.privilegedPersonInvolved',
      type: 'boolean',
      text: t(
        'Werkt er in je instelling of aan deze zaak iemand met een eigen verschoningsrecht (een arts) van wie jij een afgeleid verschoningsrecht hebt?',
        'Does someone with a verschoningsrecht of their own (a doctor) work in your institution or on this case, from whom you derive a verschoningsrecht?',
      ),
      help: t(
        'Artsen en reclasseringswerkers hebben een eigen verschoningsrecht; verpleegkundigen, begeleiders en anderen kunnen het afleiden van een arts met wie zij nauw samenwerken. Zonder verschoningsgerechtigde geldt aangifteplicht bij de zwaarste misdrijven.',
        'Doctors and probation officers have a verschoningsrecht of their own; nurses, carers and others can derive it from a doctor they work closely with. Without anyone holding it there is a duty to report the gravest crimes.',
      ),
      sources: [S.qAangifte, S.qAfgeleid, S.rRegels, S.sv160],
    },
  ],
  rules: [
    {
      id: 'police.no_duty_to_report',
      kind: 'notice',
      applies: {
        all: [{ recipient: JUSTICE }, { purpose: ['crime_investigation'] }, { profession: PRIVILEGED }],
      },
      when: { answer: 'crime.kind', in: ['serious_crime', 'grave_crime'] },
      title: t('Geen aangifteplicht met verschoningsrecht', 'No duty to report with a verschoningsrecht'),
      description: t(
        'Wie een verschoningsrecht heeft, hoeft geen aangifte te doen van een strafbaar feit van een cliënt, maar mag dat wel als aan de voorwaarden van conflict van plichten is voldaan.',
        'Whoever has a verschoningsrecht need not report a client’s offence, but may do so when the conditions of a conflict of duties are met.',
      ),
      met: t(
        'Je hebt een verschoningsrecht: er is geen aangifteplicht; melden mag alleen bij conflict van plichten.',
        'You have a verschoningsrecht: there is no duty to report; reporting is allowed only under a conflict of duties.',
      ),
      notMet: t('Niet aan de orde.', 'Not at issue.'),
      sources: [S.qAangifte, S.qStrafbaar, S.sv160],
    },
    {
      id: 'police.offence_alone',
      kind: 'notice',
      applies: { all: [{ recipient: JUSTICE }, { purpose: ['crime_investigation'] }] },
      when: { answer: 'crime.kind', in: ['cannabis_plantation', 'minor_offence'] },
      title: t(
        'Het feit alleen rechtvaardigt geen doorbreking',
        'The offence alone does not justify breaking secrecy',
      ),
      description: t(
        'Een wietplantage of licht vermogensdelict (diefstal, heling, belastingontduiking) is op zich geen reden om de politie in te lichten; wijs de cliënt erop dat hij een strafbaar feit pleegt. Is er gevaar voor de veiligheid van de cliënt of anderen en gelden alle voorwaarden van conflict van plichten, dan mag het wel.',
        'A cannabis plantation or minor property offence (theft, handling stolen goods, tax evasion) is no reason in itself to inform the police; point out to the client that it is an offence. If the safety of the client or others is in danger and all conditions of a conflict of duties hold, it is allowed.',
      ),
      met: t(
        'Het gaat om een wietplantage of licht delict: dat alleen rechtvaardigt geen doorbreking; alleen gevaar voor iemands veiligheid met alle voorwaarden van conflict van plichten kan dat.',
        'This is a cannabis plantation or minor offence: that alone does not justify breaking secrecy; only danger to someone’s safety with all conditions of a conflict of duties can.',
      ),
      notMet: t(
        'Het gaat niet om een wietplantage of licht delict.',
        'This is not a cannabis plantation or minor offence.',
      ),
      sources: [S.qWiet, S.qAmbulant],
    },
    {
      id: 'police.wijkagent_case_discussion',
      kind: 'notice',
      explain: true,
      applies: { all: [{ recipient: ['police'] }, { purpose: ['case_consultation'] }] },
      title: t('Wijkagent in casusoverleg', 'Community officer in a case meeting'),
      description: t(
        'Zit de wijkagent aan tafel bij het wijkteam of een casusoverleg, dan bespreek je de casus zo dat niemand kan afleiden om welke cliënt het gaat; herkenbare gegevens blijven buiten dat overleg.',
        'When the community officer sits in on the neighbourhood team or a case meeting, discuss the case so that no one can tell which client it concerns; identifying details stay out of that meeting.',
      ),
      met: t(
        'Met een (wijk)agent bespreek je een casus alleen geanonimiseerd.',
        'With a (community) police officer you discuss a case only anonymised.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.rVerantwoordelijkheid, S.wMogelijkheden],
    },
  ],
};

export const art160: Area = {
  questions: [],
  rules: [
    {
      id: 'legal.art160_sv',
      kind: 'route',
      ground: 'legal_obligation',
      applies: {
        all: [
          { recipient: JUSTICE },
          { purpose: ['crime_investigation'] },
          { not: { profession: PRIVILEGED } },
        ],
      },
      when: { seq: [{ answer: 'crime.kind', is: 'grave_crime' }, no('crime.privilegedPersonInvolved')] },
      title: t('Aangifteplicht bij de zwaarste misdrijven', 'Duty to report the gravest crimes'),
      description: t(
        'Wie geen (afgeleid) verschoningsrecht heeft, moet aangifte doen van de zwaarste gepleegde misdrijven: tegen het leven, verkrachting, ontvoering, tegen de staatsveiligheid en bepaalde misdrijven tegen de koninklijke waardigheid. Ook een verpleegkundige vraagt zich af of er iemand met een verschoningsrecht bij betrokken is; is dat zo, dan geldt de plicht niet.',
        'Whoever has no (derived) verschoningsrecht must report the gravest committed crimes: against life, rape, kidnapping, against state security and certain crimes against royal dignity. A nurse too asks whether someone with a verschoningsrecht is involved; if so, the duty does not apply.',
      ),
      met: t(
        'Het gaat om een van de zwaarste gepleegde misdrijven en niemand met een verschoningsrecht is betrokken: aangifte is verplicht.',
        'This is one of the gravest committed crimes and nobody with a verschoningsrecht is involved: reporting is compulsory.',
      ),
      notMet: t(
        'Geen van de zwaarste gepleegde misdrijven, of er is een (afgeleid) verschoningsrecht: geen aangifteplicht.',
        'Not one of the gravest committed crimes, or there is a (derived) verschoningsrecht: no duty to report.',
      ),
      sources: [S.qAangifte, S.qAfgeleid, S.rRegelsFn11, S.sv160],
    },
  ],
};

export const weapon: Area = {
  questions: [],
  rules: [
    {
      id: 'police.weapon',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: { all: [{ recipient: ['police'] }, { purpose: ['crime_investigation'] }] },
      when: { answer: 'crime.kind', is: 'weapon' },
      title: t('Wapen afgeven aan de politie', 'Handing a weapon to the police'),
      description: t(
        'Heeft een cliënt een wapen, dan is melding bij de politie de aangewezen weg. Een gevonden wapen geef je af zonder de herkomst te noemen; aangifte met de identiteit van de cliënt vraagt de volledige afweging van conflict van plichten.',
        'When a client has a weapon, notifying the police is the way to go. A weapon found is handed in without naming its origin; reporting with the client’s identity needs the full conflict-of-duties weighing.',
      ),
      met: t(
        'Het gaat om een wapen: geef het af aan de politie zonder de identiteit van de cliënt prijs te geven.',
        'This concerns a weapon: hand it to the police without revealing the client’s identity.',
      ),
      notMet: t('Het gaat niet om een wapen.', 'This does not concern a weapon.'),
      sources: [S.qWapen, S.qAmbulant],
    },
  ],
};

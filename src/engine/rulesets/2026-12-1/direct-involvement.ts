/**
 * Directly involved in the treatment (art. 7:457 lid 2 BW): those who carry out the same treatment
 * or care agreement as a functional unit, and the professional's substitute, may receive what their
 * task needs without consent (presumed consent), unless the client objects and good caregiving does
 * not require sharing. Information unrelated to the treatment needs consent.
 */
import { type Area, CARE_PURPOSES, no, t, yes } from './common.js';
import { S } from './sources.js';

export const directInvolvement: Area = {
  questions: [
    {
      id: 'recipient.directlyInvolved',
      type: 'boolean',
      text: t(
        'Werkt de ontvanger rechtstreeks mee aan het uitvoeren van dezelfde behandel- of zorgovereenkomst?',
        'Does the recipient take part directly in carrying out the same treatment or care agreement?',
      ),
      help: t(
        'Alleen wie als functionele eenheid aan hetzelfde behandeldoel werkt, telt mee. Politie, wijkagent, leerplichtambtenaar, woningcorporatie, leerkracht, gemeenteambtenaren, mantelzorgers en andere afdelingen van dezelfde organisatie horen er niet bij.',
        'Only those working as one functional unit towards the same treatment aim count. Police, community officer, attendance officer, housing corporation, teacher, municipal officials, informal carers and other units of the same organisation do not.',
      ),
      sources: [S.wMogelijkheden457, S.rRegels],
    },
    {
      id: 'client.objects',
      type: 'boolean',
      text: t(
        'Maakt de cliënt (of een kind van 12 tot 16 jaar) bezwaar tegen deze gegevensdeling?',
        'Does the client (or a child aged 12 to 15) object to this sharing?',
      ),
      help: t(
        'Een bezwaar van de cliënt volg je in beginsel, ook binnen de behandeling.',
        'As a rule you follow the client’s objection, also within the treatment.',
      ),
      sources: [S.qBezwaar, S.qWelkeInformatie],
    },
    {
      id: 'care.goodCaregiverRequiresSharing',
      type: 'boolean',
      text: t(
        'Zou je, als je niet deelt, niet meer handelen als een goed hulpverlener?',
        'Would not sharing mean that you no longer act as a good caregiver?',
      ),
      help: t(
        'Alleen dan mag je binnen de behandeling tegen het bezwaar van de cliënt in delen. Leg uit waarom in het dossier.',
        'Only then may you share within the treatment despite the client’s objection. Record why in the client record.',
      ),
      sources: [S.qBezwaar],
    },
  ],
  rules: [
    {
      id: 'involvement.no_blocking_objection',
      kind: 'helper',
      when: {
        any: [
          no('client.objects'),
          { seq: [yes('client.objects'), yes('care.goodCaregiverRequiresSharing')] },
        ],
      },
      title: t('Bezwaar van de cliënt', 'Client objection'),
      description: t(
        'Ook binnen de behandeling volg je een bezwaar van de cliënt, tenzij je door niet te delen geen goed hulpverlener meer bent.',
        'Within the treatment too you follow the client’s objection, unless not sharing would mean you are no longer a good caregiver.',
      ),
      met: t(
        'Er is geen bezwaar, of goed hulpverlenerschap vraagt om delen ondanks het bezwaar.',
        'There is no objection, or good caregiving requires sharing despite it.',
      ),
      notMet: t(
        'De cliënt maakt bezwaar en goed hulpverlenerschap vraagt niet om delen: respecteer het bezwaar.',
        'The client objects and good caregiving does not require sharing: respect the objection.',
      ),
      sources: [S.qBezwaar],
    },
    {
      id: 'involvement.treating_team',
      kind: 'route',
      ground: 'direct_involvement',
      applies: { all: [{ recipient: ['treating_professional'] }, { purpose: CARE_PURPOSES }] },
      when: { seq: [yes('recipient.directlyInvolved'), { rule: 'involvement.no_blocking_objection' }] },
      title: t('Rechtstreeks betrokken behandelaar', 'Directly involved practitioner'),
      description: t(
        'Met wie rechtstreeks betrokken is bij het uitvoeren van dezelfde behandelovereenkomst mag je zonder toestemming delen (veronderstelde toestemming), maar alleen wat die voor zijn taak nodig heeft; informatie die niets met de behandeling te maken heeft, vraagt toestemming. Laat de cliënt weten dat je deelt.',
        'You may share without consent (presumed consent) with those directly involved in carrying out the same treatment agreement, but only what they need for their task; information unrelated to the treatment needs consent. Let the client know that you share.',
      ),
      met: t(
        'De ontvanger werkt rechtstreeks mee aan dezelfde behandeling: delen mag zonder toestemming, beperkt tot wat voor zijn taak nodig is.',
        'The recipient takes part directly in the same treatment: sharing is allowed without consent, limited to what their task needs.',
      ),
      notMet: t(
        'De ontvanger is niet rechtstreeks betrokken, of de cliënt maakt terecht bezwaar: deze route geldt niet.',
        'The recipient is not directly involved, or the client objects: this route does not apply.',
      ),
      sources: [S.wMogelijkheden457, S.qWelkeInformatie, S.qBezwaar, S.rRegels, S.iWettelijk457],
    },
    {
      id: 'involvement.substitute',
      kind: 'route',
      ground: 'direct_involvement',
      applies: { all: [{ recipient: ['substitute'] }, { purpose: CARE_PURPOSES }] },
      when: { rule: 'involvement.no_blocking_objection' },
      title: t('Waarnemer of vervanger', 'Substitute'),
      description: t(
        'Je waarnemer of vervanger mag zonder toestemming de informatie krijgen die nodig is om de zorg over te nemen.',
        'Your substitute may receive without consent the information needed to take over the care.',
      ),
      met: t(
        'De ontvanger neemt je zorg waar: delen mag zonder toestemming, beperkt tot wat nodig is.',
        'The recipient stands in for you: sharing is allowed without consent, limited to what is needed.',
      ),
      notMet: t('De cliënt maakt terecht bezwaar: niet delen.', 'The client objects: do not share.'),
      sources: [S.qWelkeInformatie, S.qBezwaar, S.iWettelijk457],
    },
    {
      id: 'involvement.successor_same_institution',
      kind: 'route',
      ground: 'direct_involvement',
      applies: {
        all: [{ recipient: ['successor_same_institution'] }, { purpose: ['handover', 'continuity_of_care'] }],
      },
      when: { rule: 'involvement.no_blocking_objection' },
      title: t('Opvolger binnen dezelfde instelling', 'Successor within the same institution'),
      description: t(
        'Komt binnen dezelfde instelling een nieuwe behandelaar, dan loopt de zorgovereenkomst door en mag het dossier zonder toestemming worden overgedragen.',
        'When a new practitioner takes over within the same institution, the care agreement continues and the record may be handed over without consent.',
      ),
      met: t(
        'De opvolger werkt binnen dezelfde instelling en zorgovereenkomst: overdracht mag zonder toestemming.',
        'The successor works within the same institution and agreement: handover is allowed without consent.',
      ),
      notMet: t('De cliënt maakt terecht bezwaar: niet delen.', 'The client objects: do not share.'),
      sources: [S.qOpvolger, S.qBezwaar],
    },
  ],
};

/**
 * Reporting rights (meldrechten): a right, not a duty. Veilig Thuis (art. 5.2.6 Wmo 2015): after
 * the meldcode steps, for a child when there is a real risk of harm that voluntary help cannot
 * avert, for a competent adult only to avert serious danger (or with the child criterion when the
 * refusal stems from dependency on the perpetrator); inform beforehand where possible. Meldcode
 * steps not yet taken mean "not yet": consult Veilig Thuis anonymously first. Answering a request of
 * Veilig Thuis or the Child Protection Board in an investigation. A signal in the risk youth index
 * (art. 7.1.4.1 Jeugdwet), for young people up to 23.
 */
import { type Area, MINORS, no, t, yes } from './common.js';
import { S } from './sources.js';

/** Reasons that justify reporting without informing beforehand. */
const VALID_REASONS = ['safety', 'losing_contact', 'own_safety', 'unreachable'];

export const reporting: Area = {
  questions: [
    {
      id: 'report.suspicion',
      type: 'enum',
      options: [
        { value: 'child_abuse', text: t('kindermishandeling', 'child abuse') },
        { value: 'domestic_violence', text: t('huiselijk geweld', 'domestic violence') },
        { value: 'none', text: t('geen van beide', 'neither') },
      ],
      text: t(
        'Welk vermoeden wil je melden of bespreken?',
        'Which suspicion do you want to report or discuss?',
      ),
      help: t(
        'Zekerheid is niet nodig: een melding is bedoeld om een vermoeden te laten onderzoeken.',
        'Certainty is not needed: a report exists to have a suspicion investigated.',
      ),
      sources: [S.pMeldrecht, S.wMeldrechten],
    },
    {
      id: 'report.requestedByRecipient',
      type: 'boolean',
      text: t(
        'Heeft Veilig Thuis of de Raad voor de Kinderbescherming in een onderzoek zelf om deze informatie gevraagd?',
        'Did Veilig Thuis or the Child Protection Board ask for this information in an investigation?',
      ),
      help: t(
        'Het meldrecht dekt ook het beantwoorden van zo’n verzoek. Weeg wel welke informatie relevant is.',
        'The reporting right also covers answering such a request. Do weigh which information is relevant.',
      ),
      sources: [S.pMeldrecht, S.qVeiligThuis],
    },
    {
      id: 'report.youngerThan23',
      type: 'boolean',
      text: t('Is de jongere jonger dan 23 jaar?', 'Is the young person under 23?'),
      help: t(
        'De Verwijsindex risicojongeren is er voor jongeren tot 23 jaar; voor oudere cliënten kun je geen signaal afgeven.',
        'The risk youth index covers young people up to 23; for older clients no signal can be given.',
      ),
      sources: [S.wVirFn15, S.jeugdwet],
    },
    {
      id: 'report.youthAtRisk',
      type: 'boolean',
      text: t(
        'Heb je een redelijk vermoeden dat de jongere wordt bedreigd in een gezonde en veilige ontwikkeling?',
        'Do you reasonably suspect that the young person’s healthy and safe development is threatened?',
      ),
      help: t(
        'Dat is het criterium voor een signaal in de Verwijsindex risicojongeren. Het signaal bevat geen inhoud, alleen wie betrokken is.',
        'That is the criterion for a signal in the risk youth index. The signal holds no content, only who is involved.',
      ),
      sources: [S.wVirFn15],
    },
    {
      id: 'report.meldcodeFollowed',
      type: 'boolean',
      text: t(
        'Heb je de stappen van de meldcode gezet, waaronder (geanonimiseerd) overleg met een collega of met Veilig Thuis?',
        'Have you taken the steps of the reporting code, including (anonymised) consultation with a colleague or Veilig Thuis?',
      ),
      help: t(
        'Stappen: signalen in kaart brengen, collega en/of Veilig Thuis anoniem raadplegen, met de cliënt praten, wegen, beslissen. Nog niet gedaan? Dan is de volgende stap: Veilig Thuis anoniem om advies vragen.',
        'Steps: map the signals, consult a colleague and/or Veilig Thuis anonymously, talk with the client, weigh, decide. Not done yet? Then the next step is asking Veilig Thuis anonymously for advice.',
      ),
      sources: [S.wMeldrechten, S.qMeldcode],
    },
    {
      id: 'report.realRiskOfHarm',
      type: 'boolean',
      text: t(
        'Is er een reële kans op schade die je met vrijwillige hulp niet meer kunt afwenden?',
        'Is there a real risk of harm that voluntary help can no longer avert?',
      ),
      help: t(
        'Dit is het criterium bij kinderen, en bij een volwassene van wie de weigering vooral voortkomt uit afhankelijkheid van de pleger.',
        'This is the criterion for children, and for an adult whose refusal stems mainly from dependency on the perpetrator.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.seriousDangerToAdult',
      type: 'boolean',
      text: t(
        'Is melden nodig om ernstig gevaar voor zwaar lichamelijk of psychisch letsel of de dood van de volwassene af te wenden?',
        'Is reporting needed to avert serious danger of severe physical or psychological harm or death of the adult?',
      ),
      help: t(
        'Bij een wilsbekwame volwassene geldt dit strengere criterium voor melden zonder toestemming.',
        'For a competent adult this stricter criterion applies to reporting without consent.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.dependencyOnPerpetrator',
      type: 'boolean',
      text: t(
        'Komt de weigering van het volwassen slachtoffer vooral voort uit afhankelijkheid van de pleger?',
        'Does the adult victim’s refusal stem mainly from dependency on the perpetrator?',
      ),
      help: t(
        'Dan mag je het ruimere criterium gebruiken dat ook bij kinderen geldt.',
        'You may then use the broader criterion that applies to children.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.clientInformed',
      type: 'boolean',
      text: t(
        'Heb je de cliënt (of bij een kind: het kind en/of de ouders) vooraf over de melding geïnformeerd?',
        'Did you inform the client (for a child: the child and/or parents) about the report beforehand?',
      ),
      help: t('Informeer vooraf waar dat kan.', 'Inform beforehand where possible.'),
      sources: [S.wMeldrechten, S.wInformerenFn17],
    },
    {
      id: 'report.notInformedReason',
      type: 'enum',
      options: [
        {
          value: 'safety',
          text: t(
            'informeren brengt de veiligheid van het kind of anderen in gevaar',
            'informing would endanger the child or others',
          ),
        },
        {
          value: 'losing_contact',
          text: t(
            'ik verlies het kind of gezin dan waarschijnlijk uit het oog',
            'I would probably lose sight of the child or family',
          ),
        },
        { value: 'own_safety', text: t('ik vrees voor mijn eigen veiligheid', 'I fear for my own safety') },
        {
          value: 'unreachable',
          text: t(
            'de cliënt of ouders zijn niet tijdig bereikbaar',
            'the client or parents cannot be reached in time',
          ),
        },
        { value: 'none', text: t('geen van deze redenen', 'none of these reasons') },
      ],
      text: t('Waarom heb je niet vooraf geïnformeerd?', 'Why did you not inform beforehand?'),
      help: t(
        'Alleen als informeren vooraf niet mogelijk is (niet bereikbaar) of de veiligheid van kind, anderen of jezelf in gevaar brengt of je het gezin uit het oog verliest, meld je zonder vooraf te informeren. Past geen van deze redenen, informeer dan eerst.',
        'Only when informing beforehand is not possible (unreachable), or would endanger the child, others or yourself, or lose sight of the family, do you report without informing first. If none of these applies, inform first.',
      ),
      sources: [S.wMeldrechten, S.wInformerenFn17],
    },
  ],
  rules: [
    {
      id: 'report.informed_or_exception',
      kind: 'helper',
      when: {
        any: [
          // A deceased adult client can no longer be informed (for a deceased child the parents
          // still can): informing beforehand is then not possible (KNMG-Wegwijzer 2014 §4).
          { all: [{ deceased: true }, { ageGroup: ['adult'] }] },
          yes('report.clientInformed'),
          { seq: [no('report.clientInformed'), { answer: 'report.notInformedReason', in: VALID_REASONS }] },
        ],
      },
      title: t('Vooraf informeren', 'Informing beforehand'),
      description: t(
        'Informeer de cliënt of het kind en de ouders vooraf over de melding, tenzij dat niet mogelijk is (ook: de volwassen cliënt is overleden), de veiligheid van het kind of anderen bedreigt, je het kind of gezin dan uit het oog verliest, of je voor je eigen veiligheid vreest.',
        'Inform the client, or the child and parents, about the report beforehand, unless that is not possible (also: the adult client has died), threatens the safety of the child or others, you would lose sight of the child or family, or you fear for your own safety.',
      ),
      met: t(
        'De cliënt is vooraf geïnformeerd, of er is een erkende reden om dat niet te doen.',
        'The client was informed beforehand, or there is a recognised reason not to.',
      ),
      notMet: t(
        'De cliënt is niet geïnformeerd en er is geen erkende reden: informeer eerst.',
        'The client was not informed and there is no recognised reason: inform first.',
      ),
      sources: [S.wMeldrechten, S.wInformerenFn17],
    },
    {
      id: 'report.child_criterion_case',
      kind: 'helper',
      when: {
        any: [
          { answer: 'report.suspicion', is: 'child_abuse' },
          {
            seq: [
              { answer: 'report.suspicion', is: 'domestic_violence' },
              { any: [{ ageGroup: MINORS }, { rule: 'capacity.incapable' }] },
            ],
          },
        ],
      },
      title: t(
        'Ruim meldcriterium (kind of wilsonbekwame)',
        'Broad reporting criterion (child or incapable)',
      ),
      description: t(
        'Bij kindermishandeling, en bij huiselijk geweld rond een minderjarige of wilsonbekwame cliënt, geldt het ruimere criterium: een reële kans op schade die vrijwillige hulp niet afwendt.',
        'For child abuse, and for domestic violence concerning a minor or incapable client, the broader criterion applies: a real risk of harm that voluntary help cannot avert.',
      ),
      met: t('Het ruime meldcriterium is van toepassing.', 'The broad reporting criterion applies.'),
      notMet: t(
        'Het ruime meldcriterium is niet van toepassing.',
        'The broad reporting criterion does not apply.',
      ),
      sources: [S.wMeldrechten],
    },
    {
      id: 'report.meldcode_first',
      kind: 'notice',
      explain: true,
      applies: { recipient: ['veilig_thuis'] },
      when: {
        all: [
          { answer: 'report.meldcodeFollowed', is: false, ifUnanswered: false },
          { answer: 'danger.acute', is: false, ifUnanswered: true },
          { not: { answer: 'report.requestedByRecipient', is: true, ifUnanswered: false } },
        ],
      },
      title: t('Nog niet melden: eerst de meldcode', 'Not yet: the reporting code first'),
      description: t(
        'Zonder acuut gevaar meld je pas na de stappen van de meldcode. Wie die nog niet heeft gezet, vraagt eerst anoniem advies aan Veilig Thuis (en een collega) en weegt daarna opnieuw.',
        'Without acute danger you report only after the steps of the reporting code. Who has not taken them yet first asks Veilig Thuis (and a colleague) anonymously for advice and then weighs again.',
      ),
      met: t(
        'Nog niet: raadpleeg eerst Veilig Thuis anoniem en zet de andere stappen van de meldcode; weeg daarna opnieuw of je meldt.',
        'Not yet: first consult Veilig Thuis anonymously and take the other steps of the reporting code; then weigh again whether to report.',
      ),
      notMet: t('Niet aan de orde.', 'Not at issue.'),
      sources: [S.wMeldrechten, S.qMeldcode],
    },
    {
      id: 'report.inform_first',
      kind: 'notice',
      explain: true,
      applies: { recipient: ['veilig_thuis'] },
      when: {
        all: [
          { answer: 'report.clientInformed', is: false, ifUnanswered: false },
          { answer: 'report.notInformedReason', is: 'none', ifUnanswered: false },
          { not: { all: [{ deceased: true }, { ageGroup: ['adult'] }] } },
        ],
      },
      title: t('Nog niet melden: eerst informeren', 'Not yet: inform first'),
      description: t(
        'Zonder erkende reden om het niet te doen, informeer je de cliënt of de ouders vóór de melding.',
        'Without a recognised reason not to, you inform the client or the parents before reporting.',
      ),
      met: t(
        'Nog niet: informeer eerst de cliënt (of het kind en de ouders) over de melding; weeg daarna opnieuw.',
        'Not yet: first inform the client (or the child and parents) about the report; then weigh again.',
      ),
      notMet: t('Niet aan de orde.', 'Not at issue.'),
      sources: [S.wMeldrechten, S.wInformerenFn17],
    },
    {
      id: 'report.veilig_thuis_request',
      kind: 'route',
      ground: 'reporting_right',
      // Before the report routes: a professional whom Veilig Thuis questions is not making a
      // report, and the meldcode steps are not a condition of answering (Protocol meldrecht,
      // 'Beroepsgeheim'). Routes are asked in this order.
      applies: { recipient: ['veilig_thuis'] },
      when: {
        seq: [
          { answer: 'report.suspicion', in: ['child_abuse', 'domestic_violence'] },
          yes('report.requestedByRecipient'),
        ],
      },
      title: t('Verzoek van Veilig Thuis beantwoorden', 'Answering a request from Veilig Thuis'),
      description: t(
        'Onderzoekt Veilig Thuis een vermoeden van kindermishandeling of huiselijk geweld en vraagt het jou daarvoor gegevens, dan dekt het meldrecht ook je antwoord, zonder toestemming en zonder eerst de stappen van de meldcode. Geef alleen wat voor dat onderzoek relevant is.',
        'When Veilig Thuis investigates a suspicion of child abuse or domestic violence and asks you for information for it, the reporting right covers your answer too, without consent and without taking the meldcode steps first. Give only what is relevant to that investigation.',
      ),
      met: t(
        'Veilig Thuis vraagt in een onderzoek om informatie: je mag antwoorden, beperkt tot wat relevant is.',
        'Veilig Thuis asks for information in an investigation: you may answer, limited to what is relevant.',
      ),
      notMet: t(
        'Er is geen verzoek van Veilig Thuis in een onderzoek.',
        'There is no request from Veilig Thuis in an investigation.',
      ),
      sources: [S.pMeldrecht],
    },
    {
      id: 'report.veilig_thuis_child',
      kind: 'route',
      ground: 'reporting_right',
      applies: { recipient: ['veilig_thuis'] },
      when: {
        seq: [
          { rule: 'report.child_criterion_case' },
          {
            all: [
              yes('report.meldcodeFollowed'),
              yes('report.realRiskOfHarm'),
              { rule: 'report.informed_or_exception' },
            ],
          },
        ],
      },
      title: t('Melden bij Veilig Thuis (kind)', 'Reporting to Veilig Thuis (child)'),
      description: t(
        'Iedereen met een beroepsgeheim mag een vermoeden van kindermishandeling of huiselijk geweld zonder toestemming melden bij Veilig Thuis; zekerheid is niet nodig. Doe dat na de stappen van de meldcode, bij een reële kans op schade die vrijwillige hulp niet afwendt.',
        'Anyone bound by secrecy may report a suspicion of child abuse or domestic violence to Veilig Thuis without consent; certainty is not needed. Do so after the steps of the reporting code, when there is a real risk of harm that voluntary help cannot avert.',
      ),
      met: t(
        'Meldcode gevolgd, reële kans op schade en vooraf geïnformeerd (of een erkende uitzondering): je mag melden bij Veilig Thuis.',
        'Reporting code followed, real risk of harm and informed beforehand (or a recognised exception): you may report to Veilig Thuis.',
      ),
      notMet: t(
        'Niet (of nog niet) aan de voorwaarden voor een melding over een kind voldaan.',
        'The conditions for a report about a child are not (or not yet) met.',
      ),
      sources: [S.pMeldrecht, S.wMeldrechten, S.wMeldFn16, S.qVeiligThuis, S.qMeldcodeSteps],
    },
    {
      id: 'report.veilig_thuis_adult',
      kind: 'route',
      ground: 'reporting_right',
      applies: { all: [{ recipient: ['veilig_thuis'] }, { ageGroup: ['adult'] }] },
      when: {
        seq: [
          { answer: 'report.suspicion', is: 'domestic_violence' },
          { not: { rule: 'capacity.incapable' } },
          {
            all: [
              yes('report.meldcodeFollowed'),
              {
                any: [
                  yes('report.seriousDangerToAdult'),
                  { seq: [yes('report.dependencyOnPerpetrator'), yes('report.realRiskOfHarm')] },
                ],
              },
              { rule: 'report.informed_or_exception' },
            ],
          },
        ],
      },
      title: t(
        'Melden bij Veilig Thuis (wilsbekwame volwassene)',
        'Reporting to Veilig Thuis (competent adult)',
      ),
      description: t(
        'Bij een wilsbekwame volwassene meld je zonder toestemming alleen om ernstig gevaar voor zwaar lichamelijk of psychisch letsel of de dood af te wenden. Komt de weigering vooral voort uit afhankelijkheid van de pleger, dan geldt het ruimere criterium van kinderen.',
        'For a competent adult you report without consent only to avert serious danger of severe physical or psychological harm or death. If the refusal stems mainly from dependency on the perpetrator, the broader criterion for children applies.',
      ),
      met: t(
        'Meldcode gevolgd en het criterium voor een volwassene is vervuld: je mag melden bij Veilig Thuis.',
        'Reporting code followed and the criterion for an adult is met: you may report to Veilig Thuis.',
      ),
      notMet: t(
        'Niet (of nog niet) aan de voorwaarden voor een melding over een wilsbekwame volwassene voldaan.',
        'The conditions for a report about a competent adult are not (or not yet) met.',
      ),
      sources: [S.wMeldrechten, S.pMeldrecht, S.wMeldFn16],
    },
    {
      id: 'report.child_protection_board_request',
      kind: 'route',
      ground: 'reporting_right',
      applies: { recipient: ['child_protection_board'] },
      when: yes('report.requestedByRecipient'),
      title: t('Verzoek van de Raad voor de Kinderbescherming', 'Request from the Child Protection Board'),
      description: t(
        'Vraagt de Raad voor de Kinderbescherming in een onderzoek om informatie, dan mag je die zo nodig zonder toestemming van de cliënt of ouders geven. In een crisis kan de Raad direct worden ingeschakeld.',
        'When the Child Protection Board asks for information in an investigation you may give it, if need be without consent of the client or parents. In a crisis the Board can be engaged directly.',
      ),
      met: t(
        'De Raad vraagt in een onderzoek om informatie: je mag die geven, beperkt tot wat nodig is.',
        'The Board asks for information in an investigation: you may give it, limited to what is needed.',
      ),
      notMet: t(
        'Er is geen verzoek van de Raad in een onderzoek.',
        'There is no request from the Board in an investigation.',
      ),
      sources: [S.qVeiligThuis],
    },
    {
      id: 'report.risk_youth_index',
      kind: 'route',
      ground: 'reporting_right',
      applies: { all: [{ recipient: ['risk_youth_index'] }, { purpose: ['risk_youth_signal'] }] },
      when: {
        seq: [{ any: [{ ageGroup: MINORS }, yes('report.youngerThan23')] }, yes('report.youthAtRisk')],
      },
      title: t('Signaal in de Verwijsindex risicojongeren', 'Signal in the risk youth index'),
      description: t(
        'Voor een signaal in de Verwijsindex risicojongeren geldt een meldrecht, geen meldplicht, voor jongeren tot 23 jaar.',
        'A signal in the risk youth index is a reporting right, not a duty, for young people up to 23.',
      ),
      met: t(
        'Er is een redelijk vermoeden van bedreigde ontwikkeling bij een jongere onder de 23: je mag een signaal afgeven (alleen identiteit en betrokkenheid).',
        'There is a reasonable suspicion of threatened development of a young person under 23: you may give a signal (identity and involvement only).',
      ),
      notMet: t(
        'De cliënt is 23 of ouder, of het criterium voor een signaal is niet vervuld.',
        'The client is 23 or older, or the criterion for a signal is not met.',
      ),
      sources: [S.wVirFn15, S.jeugdwet],
    },
  ],
};

/**
 * What the professional must still do, in output order. Each obligation applies when its condition
 * holds on the outcome of the weighing. A condition that can be open (an answer tested without
 * `ifUnanswered`) makes the engine ask that question once the decision and what is shared stand;
 * every other answer an obligation tests is read with a default.
 */
import {
  DEPENDENCY_BODIES,
  JUSTICE,
  type ObligationRule,
  PRIVILEGED,
  REQUESTERS,
  t,
  yesOnly,
} from './common.js';
import { S } from './sources.js';

export const obligations: ObligationRule[] = [
  {
    id: 'call_emergency_services',
    // Only on a "yes": an obligation whose condition is open asks its question once the decision
    // stands, and whether there is acute danger is asked by the routes that it can decide.
    when: yesOnly('danger.acute'),
    text: t(
      'Bel direct 112 of de politie (of schakel de crisisdienst of Veilig Thuis in); de vaste stappen wachten tot het gevaar geweken is.',
      'Call 112 or the police at once (or the crisis service or Veilig Thuis); the usual steps wait until the danger has passed.',
    ),
    sources: [S.wConflict, S.pUitwisselen],
  },
  {
    id: 'record_in_dossier',
    when: { always: true },
    text: t(
      'Leg de afweging vast in het cliëntdossier: wie vroeg wat en waarvoor, de grond en de beantwoorde voorwaarden, wat je wel en niet deelde en waarom, of de cliënt is geïnformeerd en of je een collega raadpleegde.',
      'Record the weighing in the client record: who asked what and why, the ground and the conditions as answered, what you shared and withheld and why, whether the client was informed and whether you consulted a colleague.',
    ),
    sources: [S.qCvpHandelen, S.pUitwisselen, S.wAdvies],
  },
  {
    id: 'inform_client',
    when: {
      all: [
        { decision: ['required', 'allowed'] },
        { deceased: false },
        {
          any: [
            { ground: ['legal_obligation', 'conflict_of_duties', 'direct_involvement'] },
            {
              all: [
                { ground: ['reporting_right'] },
                { not: yesOnly('report.clientInformed') },
                { not: { answered: 'report.notInformedReason' } },
              ],
            },
          ],
        },
      ],
    },
    text: t(
      'Laat de cliënt (of bij een kind: de ouders) weten dat en welke informatie je deelt: bij een wettelijke plicht en binnen de behandeling altijd, anders zo mogelijk vooraf en zo niet achteraf, tenzij dat iemands veiligheid in gevaar brengt.',
      'Let the client (for a child: the parents) know that and which information you share: always under a legal obligation and within the treatment, otherwise beforehand where possible and afterwards if not, unless that endangers someone’s safety.',
    ),
    sources: [S.iWettelijk457, S.iConflict, S.wMeldrechten, S.wConflictFn13],
  },
  {
    id: 'inform_client_when_safe',
    when: {
      all: [
        { ground: ['reporting_right'] },
        { answered: 'report.notInformedReason' },
        { not: yesOnly('report.clientInformed') },
        // A deceased adult client cannot be informed later either.
        { not: { all: [{ deceased: true }, { ageGroup: ['adult'] }] } },
      ],
    },
    text: t(
      'Je informeert de cliënt of ouders niet vooraf om de opgegeven reden (veiligheid, contact verliezen, je eigen veiligheid of onbereikbaarheid). Leg die reden vast en informeer hen zodra dat veilig en mogelijk is.',
      'You do not inform the client or parents beforehand for the reason given (safety, losing contact, your own safety or being unreachable). Record that reason and inform them as soon as it is safe and possible.',
    ),
    sources: [S.wInformerenFn17],
  },
  {
    id: 'consult_colleague',
    when: {
      any: [
        { all: [{ ground: ['conflict_of_duties'] }, { not: yesOnly('conflict.colleagueConsulted') }] },
        { all: [{ decision: ['needs_more_information'] }, { unresolved: 'conflict.criteria' }] },
      ],
    },
    text: t(
      'Overleg (geanonimiseerd) met een collega, leidinggevende of de geneesheer-directeur of er echt een conflict van plichten is en welke stappen passen.',
      'Consult (anonymously) a colleague, manager or the medical director on whether there really is a conflict of duties and which steps fit.',
    ),
    sources: [S.qCvpHandelen, S.iConflict],
  },
  {
    id: 'disclose_minimum',
    when: { ground: ['conflict_of_duties'] },
    text: t(
      'Doorbreek zo weinig mogelijk: geef alleen direct relevante gegevens aan iemand die het gevaar kan afwenden (proportionaliteit, de zesde voorwaarde).',
      'Break secrecy as little as possible: give only directly relevant information to someone who can avert the danger (proportionality, the sixth condition).',
    ),
    sources: [S.qCvpGronden, S.qCvpHandelen, S.iConflict],
  },
  {
    id: 'follow_meldcode',
    when: {
      all: [
        { not: yesOnly('danger.acute') },
        { not: yesOnly('report.meldcodeFollowed') },
        {
          any: [
            { recipient: ['veilig_thuis'] },
            { purpose: ['child_safety', 'domestic_violence'] },
            { answer: 'report.suspicion', in: ['child_abuse', 'domestic_violence'], ifUnanswered: false },
          ],
        },
        { not: { route: ['report.veilig_thuis_request', 'report.child_protection_board_request'] } },
      ],
    },
    text: t(
      'Volg de stappen van de meldcode: signalen in kaart brengen, (geanonimiseerd) advies vragen aan een collega en/of Veilig Thuis, in gesprek gaan met de cliënt, het risico wegen en dan beslissen.',
      'Follow the steps of the reporting code: map the signals, ask (anonymised) advice from a colleague and/or Veilig Thuis, talk with the client, weigh the risk and then decide.',
    ),
    sources: [S.wMeldrechten, S.qMeldcode],
  },
  {
    id: 'consult_veilig_thuis_anonymously',
    when: {
      all: [{ rule: 'report.meldcode_first' }, { decision: ['not_allowed', 'needs_more_information'] }],
    },
    text: t(
      'Volgende stap: vraag Veilig Thuis nu anoniem om advies over je vermoeden, zonder de cliënt te noemen, en weeg daarna opnieuw of je meldt.',
      'Next step: ask Veilig Thuis for advice on your suspicion now, anonymously and without naming the client, then weigh again whether to report.',
    ),
    sources: [S.wMeldrechten, S.qMeldcode],
  },
  {
    id: 'inform_before_reporting',
    when: {
      all: [{ rule: 'report.inform_first' }, { decision: ['not_allowed', 'needs_more_information'] }],
    },
    text: t(
      'Volgende stap: informeer de cliënt (of het kind en de ouders) over de voorgenomen melding en weeg daarna opnieuw.',
      'Next step: inform the client (or the child and parents) about the intended report, then weigh again.',
    ),
    sources: [S.wMeldrechten, S.wInformerenFn17],
  },
  {
    id: 'invoke_verschoningsrecht',
    when: { all: [{ recipient: JUSTICE }, { profession: PRIVILEGED }, { not: { decision: ['required'] } }] },
    text: t(
      'Je hoeft politie en justitie niet te antwoorden. Zeg bij elke vraag die je niet beantwoordt uitdrukkelijk dat je je beroept op je verschoningsrecht.',
      'You need not answer the police or justice. For each question you do not answer, say explicitly that you invoke your verschoningsrecht.',
    ),
    sources: [S.qPolitie, S.qBeroepOp, S.qPerVraag],
  },
  {
    id: 'check_derived_verschoningsrecht',
    when: {
      all: [{ recipient: JUSTICE }, { not: { profession: PRIVILEGED } }, { not: { decision: ['required'] } }],
    },
    text: t(
      'Ga na of je een afgeleid verschoningsrecht hebt omdat je nauw samenwerkt met iemand die het wel heeft (een arts). Zo ja, beroep je er per vraag uitdrukkelijk op; zo niet, vraag de rechter je te verschonen.',
      'Check whether you have a derived verschoningsrecht because you work closely with someone who has one (a doctor). If so, invoke it explicitly per question; if not, ask the court to excuse you.',
    ),
    sources: [S.qAfgeleid, S.rRegels, S.qBeroepOp],
  },
  {
    id: 'ask_legal_basis_in_writing',
    when: {
      any: [
        yesOnly('request.basedOnCovenant'),
        {
          all: [
            { recipient: REQUESTERS },
            // Only when the requester asks and presses, not when you consider sharing yourself: to
            // avert harm or protect a child the professional usually acts on their own initiative,
            // so there the requester must be known to have asked (review D8). Elsewhere a request
            // is presumed (the service is called when a professional is asked; a case meeting is
            // where a requester presses most), and the text says "if the requester insists".
            {
              any: [
                yesOnly('request.byRecipient'),
                {
                  all: [
                    { not: { purpose: ['preventing_serious_harm', 'child_safety', 'domestic_violence'] } },
                    { not: { answer: 'request.byRecipient', is: false, ifUnanswered: false } },
                  ],
                },
              ],
            },
            { not: yesOnly('request.legalBasisStated') },
            { decision: ['not_allowed', 'needs_more_information'] },
          ],
        },
      ],
    },
    text: t(
      'Dringt de vragende partij aan, vraag haar dan schriftelijk aan te geven op welke wettelijke grondslag je de informatie zou moeten verstrekken, en leg het antwoord vast.',
      'If the requester insists, ask it to state in writing on which legal basis you would have to provide the information, and record the answer.',
    ),
    sources: [S.wDilemmasFn4, S.iHoe],
  },
  {
    id: 'weigh_even_with_consent',
    when: { ground: ['consent'] },
    text: t(
      'Toestemming is geen vrijbrief: deel alleen wat voor het doel nodig is, en je mag weigeren als delen niet in het belang van de cliënt is, in strijd is met goed hulpverlenerschap, of het belang raakt dat iedereen zich vrij tot een hulpverlener moet kunnen wenden.',
      'Consent is not a free pass: share only what the purpose needs, and you may refuse if sharing is not in the client’s interest, conflicts with good caregiving, or touches the public interest that anyone can turn to a caregiver freely.',
    ),
    sources: [S.wToestemming, S.wToestemmingFn10, S.iToestemming],
  },
  {
    id: 'check_consent_freedom',
    when: {
      all: [
        { any: [{ ground: ['consent'] }, { route: ['legal.wmo_medical_information'] }] },
        { recipient: DEPENDENCY_BODIES },
      ],
    },
    text: t(
      'Controleer dat de cliënt de toestemming kon weigeren zonder gevolgen voor zijn ondersteuning, inkomen of werk, en dat hij dat wist; toestemming onder druk van de instantie waarvan hij afhankelijk is, is niet vrij.',
      'Check that the client could refuse consent without consequences for their support, income or work, and knew it; consent under pressure from the body they depend on is not free.',
    ),
    sources: [S.rFocus, S.rVerantwoordelijkheid],
  },
  {
    id: 'record_oral_consent_first',
    when: { all: [{ rule: 'consent.record_oral_first' }, { not: { decision: ['required', 'allowed'] } }] },
    text: t(
      'Leg de mondelinge toestemming eerst duidelijk vast in het dossier; daarna kun je op grond van die toestemming delen.',
      'First record the oral consent clearly in the client record; then you can share on that consent.',
    ),
    sources: [S.iToestemming],
  },
  {
    id: 'share_only_for_task',
    when: { ground: ['direct_involvement'] },
    text: t(
      'Geef alleen wat de ontvanger voor zijn deel van de behandeling nodig heeft (een fysiotherapeut heeft bijvoorbeeld maar een deel van het dossier nodig); wat niets met de behandeling te maken heeft, deel je alleen met toestemming.',
      'Give only what the recipient needs for their part of the treatment (a physiotherapist, for example, needs only part of the record); what is unrelated to the treatment you share only with consent.',
    ),
    sources: [S.qWelkeInformatie, S.wMogelijkheden457],
  },
  {
    id: 'assess_before_access',
    when: {
      any: [{ ground: ['representative'] }, { all: [{ ground: ['consent'] }, { recipient: ['lawyer'] }] }],
    },
    text: t(
      'Beoordeel vóór inzage of afschrift wat je achterhoudt: informatie die de privacy of het belang van een ander schaadt, en wat een goed hulpverlener niet zou geven.',
      'Before giving access or a copy, assess what to withhold: information that harms another person’s privacy or interest, and what a good caregiver would not give.',
    ),
    sources: [S.qVoogdij, S.qAdvocaat],
  },
  {
    id: 'obtain_written_consent',
    when: { all: [{ recipient: ['successor_other_institution'] }, { not: { decision: ['allowed'] } }] },
    text: t(
      'Vraag de cliënt om schriftelijke toestemming voordat je het dossier aan de nieuwe instelling overdraagt.',
      'Ask the client for written consent before handing the record to the new institution.',
    ),
    sources: [S.qOpvolger],
  },
  {
    id: 'point_out_offence_to_client',
    // Asked, not presumed absent, when danger to someone's safety justifies telling the police or
    // justice (a weighed conflict of duties, not acute danger): the VGN-FAQ's fire danger from a
    // plantation is such a case, and the offence must still be pointed out (review finding D9).
    when: {
      all: [
        { recipient: JUSTICE },
        {
          any: [
            {
              all: [
                { purpose: ['crime_investigation', 'preventing_serious_harm'] },
                { ground: ['conflict_of_duties'] },
                { not: yesOnly('danger.acute') },
                { answer: 'crime.kind', is: 'cannabis_plantation' },
              ],
            },
            { answer: 'crime.kind', is: 'cannabis_plantation', ifUnanswered: false },
          ],
        },
      ],
    },
    text: t(
      'Wijs de cliënt erop dat hij met de wietplantage een strafbaar feit pleegt. Meld het niet bij de politie, tenzij er gevaar voor iemands veiligheid is en alle voorwaarden van conflict van plichten gelden.',
      'Point out to the client that the cannabis plantation is an offence. Do not report it to the police, unless someone’s safety is in danger and all conditions of a conflict of duties hold.',
    ),
    sources: [S.qWiet],
  },
  {
    id: 'hand_in_weapon_anonymously',
    // Not under acute danger, when the police are given who the client is.
    when: {
      all: [
        { recipient: ['police'] },
        { answer: 'crime.kind', is: 'weapon', ifUnanswered: false },
        { not: yesOnly('danger.acute') },
      ],
    },
    text: t(
      'Geef een gevonden wapen af aan de politie zonder de herkomst (de identiteit van de cliënt) te noemen.',
      'Hand a weapon found to the police without naming its origin (the client’s identity).',
    ),
    sources: [S.qWapen],
  },
  {
    id: 'anonymise_case_discussion',
    when: {
      any: [
        { all: [{ recipient: ['police'] }, { purpose: ['case_consultation'] }] },
        {
          all: [
            { recipient: ['safety_house', 'social_neighbourhood_team'] },
            { decision: ['not_allowed', 'needs_more_information'] },
          ],
        },
      ],
    },
    text: t(
      'Bespreek de casus alleen geanonimiseerd, zodat de cliënt niet herkenbaar is.',
      'Discuss the case only anonymised, so that the client cannot be identified.',
    ),
    sources: [S.rVerantwoordelijkheid, S.wMeldrechten],
  },
  {
    id: 'instruct_without_disclosing',
    when: {
      all: [
        { recipient: ['informal_carer'] },
        { deceased: false },
        { decision: ['not_allowed', 'needs_more_information'] },
      ],
    },
    text: t(
      'Je mag de mantelzorger zonder het beroepsgeheim te doorbreken wel instructies geven over de aanpak van de zorg.',
      'Without breaking secrecy you may still instruct the informal carer on how to approach the care.',
    ),
    sources: [S.rInformeel],
  },
];

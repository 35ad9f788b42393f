/**
 * What is not a ground for sharing, whatever the requester says: a covenant, sitting together in a
 * collaboration, "the lawyers say it may", being employed by the municipality, the client's death,
 * or the recipient's being involved in the client's life in some other way.
 */
import { type Area, NOT_DIRECTLY_INVOLVED, t, yesOnly } from './common.js';
import { S } from './sources.js';

export const notAGround: Area = {
  questions: [
    {
      id: 'request.legalBasisStated',
      type: 'boolean',
      text: t(
        'Heeft de vragende partij schriftelijk aangegeven op welke wettelijke grondslag je moet verstrekken?',
        'Has the requester stated in writing on which legal basis you would have to provide the information?',
      ),
      help: t(
        '“De juristen zeggen dat het mag” is geen grond. Vraag om de grondslag op schrift en leg die vast. Een verzekeraar of financier die een wettelijke grondslag noemt: beantwoord ook welke.',
        '“The lawyers say it is allowed” is not a ground. Ask for the legal basis in writing and record it. An insurer or funder that names a statutory basis: also answer which one.',
      ),
      sources: [S.wDilemmasFn4],
    },
    {
      id: 'request.basedOnCovenant',
      type: 'boolean',
      text: t(
        'Beroept de vragende partij zich op een convenant of samenwerkingsafspraak?',
        'Does the requester rely on a covenant or collaboration agreement?',
      ),
      help: t(
        'Een convenant in de samenwerkingsketen is geen geldige reden om het beroepsgeheim te doorbreken.',
        'A covenant within a collaboration chain is not a valid reason to break professional secrecy.',
      ),
      sources: [S.iHoe],
    },
  ],
  rules: [
    {
      id: 'not_a_ground.covenant',
      kind: 'notice',
      explain: true,
      when: yesOnly('request.basedOnCovenant'),
      title: t('Convenant is geen grond', 'A covenant is not a ground'),
      description: t(
        'Een convenant of overeenkomst binnen een samenwerkingsketen geeft geen bevoegdheid om het beroepsgeheim te doorbreken.',
        'A covenant or agreement within a collaboration chain gives no power to break professional secrecy.',
      ),
      met: t(
        'De vragende partij beroept zich op een convenant; dat is geen grond om te delen.',
        'The requester relies on a covenant; that is no ground for sharing.',
      ),
      notMet: t('Er wordt geen beroep gedaan op een convenant.', 'No covenant is relied on.'),
      sources: [S.iHoe],
    },
    {
      id: 'not_a_ground.collaboration',
      kind: 'notice',
      explain: true,
      applies: { recipient: ['safety_house', 'social_neighbourhood_team'] },
      title: t('Samen aan tafel is geen grond', 'Sitting at the same table is not a ground'),
      description: t(
        'Deelnemen aan een wijkteam, Veiligheidshuis of casusoverleg maakt de andere deelnemers niet tot rechtstreeks betrokkenen en geeft geen grond om te delen.',
        'Taking part in a neighbourhood team, Safety House or case meeting does not make the other participants directly involved and gives no ground for sharing.',
      ),
      met: t(
        'Het overleg in een wijkteam of Veiligheidshuis is op zichzelf geen grond om te delen; ook hier is toestemming of een andere grond nodig.',
        'A neighbourhood team or Safety House meeting is not in itself a ground for sharing; consent or another ground is still needed.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.wSamenwerking, S.wAdvies, S.rVerantwoordelijkheid],
    },
    {
      id: 'not_a_ground.legal_basis_claim',
      kind: 'notice',
      when: yesOnly('request.legalBasisStated'),
      title: t('Schriftelijk opgegeven grondslag', 'Legal basis stated in writing'),
      description: t(
        'Een vragende partij die aandringt omdat het “mag volgens juristen”, vraag je schriftelijk de wettelijke grondslag te noemen. Een genoemde grondslag verplicht pas als een wettelijke plicht hieronder echt van toepassing is.',
        'A requester who insists because “lawyers say it is allowed” is asked to name the legal basis in writing. A stated basis obliges you only if a legal obligation below actually applies.',
      ),
      met: t(
        'De vragende partij heeft een wettelijke grondslag op schrift gegeven; leg die vast. Of die grondslag je echt verplicht, volgt uit de regels over wettelijke plichten.',
        'The requester stated a legal basis in writing; record it. Whether it really obliges you follows from the legal-obligation rules.',
      ),
      notMet: t(
        'Er is geen wettelijke grondslag op schrift gegeven. “Het mag van de juristen” is geen grond; vraag de grondslag schriftelijk als de vragende partij aandringt.',
        'No legal basis was stated in writing. “The lawyers say it is allowed” is no ground; ask for the basis in writing if the requester insists.',
      ),
      sources: [S.wDilemmasFn4],
    },
    {
      id: 'secrecy.municipal_employee',
      kind: 'notice',
      explain: true,
      applies: { employedByMunicipality: true },
      title: t('Professional in dienst van de gemeente', 'Professional employed by the municipality'),
      description: t(
        'Een hulpverlener in gemeentedienst (bijvoorbeeld in een wijkteam) houdt zijn beroepsgeheim; de meldplicht van ambtenaren gaat daar niet boven.',
        'A professional employed by the municipality (for example in a neighbourhood team) keeps professional secrecy; the reporting duty of civil servants does not override it.',
      ),
      met: t(
        'Je bent in dienst van de gemeente, maar je beroepsgeheim blijft volledig gelden; de ambtelijke meldplicht doorbreekt het niet.',
        'You are employed by the municipality, but your professional secrecy applies in full; the civil servant’s reporting duty does not break it.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.rOntwikkelingen],
    },
    {
      id: 'secrecy.after_death',
      kind: 'notice',
      explain: true,
      applies: { deceased: true },
      title: t('Geheim na overlijden', 'Secrecy after death'),
      description: t(
        'Het beroepsgeheim loopt door na het einde van de behandeling en na de dood van de cliënt. Overlijden is zelf geen grond om te delen; een vertegenwoordiger treedt na het overlijden niet meer op. Alleen de arts die de lijkschouw verricht, heeft de meldingen van de Wet op de lijkbezorging.',
        'Secrecy continues after the treatment ends and after the client’s death. Death is not itself a ground for sharing; a representative no longer acts after death. Only the doctor who examines the body has the notifications of the Burial and Cremation Act.',
      ),
      met: t(
        'De cliënt is overleden; het beroepsgeheim blijft gelden en dezelfde gronden zijn nodig om te delen.',
        'The client has died; secrecy still applies and the same grounds are needed to share.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.iWat],
    },
    {
      id: 'involvement.not_directly_involved',
      kind: 'notice',
      applies: { recipient: NOT_DIRECTLY_INVOLVED },
      title: t('Ontvanger niet rechtstreeks betrokken', 'Recipient not directly involved'),
      description: t(
        'Politie, wijkagent, leerplichtambtenaar, woningcorporatie, leerkracht, gemeenteambtenaren, mantelzorgers en vrijwilligers, andere professionals buiten de behandeling en de huisarts na verwijzing zijn geen rechtstreeks betrokkenen. Tegenover hen geldt het beroepsgeheim volledig.',
        'Police, community officer, attendance officer, housing corporation, teacher, municipal officials, informal carers and volunteers, other professionals outside the treatment and the GP after referral are not directly involved. Secrecy applies towards them in full.',
      ),
      met: t(
        'Deze ontvanger is niet rechtstreeks betrokken bij de uitvoering van de behandeling; zonder toestemming of andere grond deel je niets.',
        'This recipient is not directly involved in carrying out the treatment; without consent or another ground you share nothing.',
      ),
      notMet: t('Niet van toepassing.', 'Not applicable.'),
      sources: [S.wMogelijkheden, S.rRegels, S.rInformeel, S.big88],
    },
  ],
};

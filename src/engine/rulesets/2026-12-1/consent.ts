/**
 * Consent (toestemming): given by the client, or by the representative for a child under 12 or a
 * client incapable on the matter; informed; specific to this information, purpose and recipient (a
 * blanket form is no "vrijbrief"); free; written, or oral and recorded; not expired. Oral consent
 * that is not yet recorded must be recorded first. Even with consent, share only what is needed,
 * and you may still refuse (KNMG-Wegwijzer 2014 §1; Werkinstructie §A; RVS-studie 2017 §3.2).
 */
import { type Area, no, t, yes } from './common.js';
import { S } from './sources.js';

const consentParts = [{ rule: 'consent.by_right_person' }, yes('consent.informed'), yes('consent.specific')];

export const consent: Area = {
  questions: [
    {
      id: 'consent.given',
      type: 'boolean',
      text: t(
        'Is er toestemming gegeven voor deze gegevensdeling?',
        'Has consent been given for this sharing?',
      ),
      help: t(
        'Vraag toestemming in beginsel vooraf, en geef de cliënt zo nodig enkele dagen bedenktijd. Mondelinge toestemming leg je eerst vast in het dossier; daarna deel je.',
        'As a rule ask for consent beforehand, and give the client a few days to think if needed. Record oral consent in the client record first; then share.',
      ),
      sources: [S.wToestemming, S.iToestemming],
    },
    {
      id: 'consent.givenBy',
      type: 'enum',
      options: [
        { value: 'client', text: t('de cliënt zelf', 'the client') },
        { value: 'representative', text: t('de wettelijk vertegenwoordiger', 'the legal representative') },
      ],
      text: t('Wie heeft de toestemming gegeven?', 'Who gave the consent?'),
      help: t(
        'De vertegenwoordiger kan alleen toestemming geven voor een kind jonger dan 12 of een cliënt die wilsonbekwaam is ter zake; anders moet de cliënt zelf toestemmen. Een partner of familielid van een wilsonbekwame volwassene zonder curator, mentor of gemachtigde is diens wettelijk vertegenwoordiger.',
        'The representative can only consent for a child under 12 or a client who is incapable on the matter; otherwise the client must consent. A partner or family member of an incapable adult without curator, mentor or authorised person is that adult’s legal representative.',
      ),
      sources: [S.qWelkeInformatie, S.qUitzonderingen, S.bw465lid3],
    },
    {
      id: 'consent.informed',
      type: 'boolean',
      text: t(
        'Weet de cliënt welke informatie met wie en waarom wordt gedeeld?',
        'Does the client know which information is shared, with whom and why?',
      ),
      help: t(
        'Toestemming telt alleen als de cliënt kan overzien waarvoor hij tekent.',
        'Consent counts only if the client can oversee what it covers.',
      ),
      sources: [S.iToestemming, S.wToestemming],
    },
    {
      id: 'consent.specific',
      type: 'boolean',
      text: t(
        'Gaat de toestemming over deze informatie, dit doel en deze ontvanger (en is het geen algemeen toestemmingsformulier)?',
        'Is the consent limited to this information, purpose and recipient (and not a blanket form)?',
      ),
      help: t(
        'Een eenmalige handtekening “voor alles”, zoals sommige gemeenten vragen, is geen geldige toestemming: toestemming is geen vrijbrief.',
        'A one-off signature “for everything”, as some municipalities ask, is not valid consent: consent is not a free pass.',
      ),
      sources: [S.rFocus, S.iToestemming],
    },
    {
      id: 'consent.freelyGiven',
      type: 'boolean',
      text: t(
        'Is de toestemming vrij gegeven, zonder druk en zonder afhankelijkheid van de ontvanger?',
        'Was consent freely given, without pressure and without dependency on the recipient?',
      ),
      help: t(
        'Vraagt de instantie waarvan de cliënt afhankelijk is (gemeente, uitkeringsinstantie, werkgever) zelf om toestemming, dan is die vaak niet vrij.',
        'When the body the client depends on (municipality, benefits agency, employer) asks for consent itself, it is often not free.',
      ),
      sources: [S.rFocus, S.rVerantwoordelijkheid, S.iToestemming],
    },
    // Not a `consent.` id: it is a fact of the municipality's Wmo request (was the client told that
    // refusing has no consequences for the support), not of the consent itself, and a weighing that
    // references a registered consent (src/consent) answers every `consent.` question from the
    // registry, which does not hold this fact.
    {
      id: 'legal.wmoRefusalWithoutConsequences',
      type: 'boolean',
      text: t(
        'Kon de cliënt weigeren zonder gevolgen voor de ondersteuning of uitkering van de gemeente, en wist hij dat?',
        'Could the client refuse without consequences for the support or benefits from the municipality, and did the client know it?',
      ),
      help: t(
        'Zo toets je of toestemming aan de gemeente vrij is gegeven, hoewel de cliënt van de gemeente afhankelijk is (Wmo 2015, Jeugdwet, Participatiewet). Afhankelijkheid alleen maakt toestemming niet ongeldig; deze vraag wordt bij elke toestemming aan de gemeente gesteld. Vroeg de cliënt zelf om de gemeente te informeren, dan wist hij dat hij kon weigeren.',
        'This is how you test whether consent to the municipality was freely given although the client depends on the municipality (Wmo 2015, Youth Act, Participation Act). Dependency alone does not make consent invalid; the question is asked for any consent to the municipality. If the client asked you to inform the municipality, the client knew they could refuse.',
      ),
      sources: [S.wWettelijkFn11, S.rFocus, S.rVerantwoordelijkheid],
    },
    {
      id: 'consent.form',
      type: 'enum',
      options: [
        { value: 'written', text: t('schriftelijk', 'in writing') },
        { value: 'oral', text: t('mondeling', 'orally') },
      ],
      text: t(
        'Is de toestemming schriftelijk of mondeling gegeven?',
        'Was consent given in writing or orally?',
      ),
      help: t(
        'Schriftelijk heeft de voorkeur. Een opvolger bij een andere instelling krijgt het dossier alleen met schriftelijke toestemming.',
        'Written consent is preferred. A successor at another institution receives the record only with written consent.',
      ),
      sources: [S.iToestemming, S.qOpvolger],
    },
    {
      id: 'consent.recorded',
      type: 'boolean',
      text: t(
        'Is de mondelinge toestemming duidelijk vastgelegd in het dossier?',
        'Is the oral consent clearly recorded in the client record?',
      ),
      help: t(
        'Mondelinge toestemming telt pas als je haar hebt vastgelegd: leg haar eerst vast, deel daarna.',
        'Oral consent counts only once you have recorded it: record it first, then share.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.timeLimited',
      type: 'boolean',
      text: t(
        'Staat in de toestemmingsverklaring tot wanneer de toestemming geldt?',
        'Does the written consent state until when it is valid?',
      ),
      help: t(
        'Een toestemmingsverklaring kan een geldigheidsduur noemen. Zo ja, dan vragen we de einddatum: na die datum is er geen toestemming meer.',
        'A consent form may state how long it is valid. If so, the end date is asked next: after that date there is no consent.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.validUntil',
      type: 'date',
      text: t(
        'Tot welke datum geldt de toestemming (indien beperkt)?',
        'Until which date is the consent valid (if limited)?',
      ),
      help: t(
        'De laatste dag waarop de toestemming geldt. Verlopen toestemming is geen toestemming.',
        'The last day on which the consent is valid. Expired consent is no consent.',
      ),
      sources: [S.iToestemming],
    },
  ],
  rules: [
    {
      id: 'consent.by_right_person',
      kind: 'helper',
      when: {
        any: [
          {
            seq: [
              { answer: 'consent.givenBy', is: 'client' },
              { not: { ageGroup: ['under_12'] } },
              { not: { rule: 'capacity.incapable' } },
            ],
          },
          {
            seq: [
              { answer: 'consent.givenBy', is: 'representative' },
              { deceased: false },
              { any: [{ ageGroup: ['under_12'] }, { rule: 'capacity.incapable' }] },
            ],
          },
        ],
      },
      title: t('Toestemming door de juiste persoon', 'Consent given by the right person'),
      description: t(
        'Toestemming komt van de cliënt zelf, of van de vertegenwoordiger als de cliënt jonger dan 12 of wilsonbekwaam ter zake is (en niet overleden: na het overlijden treedt geen vertegenwoordiger meer op).',
        'Consent comes from the client, or from the representative when the client is under 12 or incapable on the matter (and alive: after death no representative acts).',
      ),
      met: t(
        'De toestemming is gegeven door wie daarover beslist.',
        'Consent was given by the person who decides.',
      ),
      notMet: t(
        'De toestemming is gegeven door iemand die daarover niet beslist (een vertegenwoordiger voor een bekwame cliënt, of een kind jonger dan 12 of wilsonbekwame cliënt zelf).',
        'Consent was given by someone who does not decide (a representative for a capable client, or a child under 12 or incapable client themselves).',
      ),
      sources: [S.qWelkeInformatie, S.qUitzonderingen, S.qBelasting, S.iWat],
    },
    {
      id: 'consent.form_ok',
      kind: 'helper',
      when: {
        any: [
          { answer: 'consent.form', is: 'written' },
          { seq: [{ answer: 'consent.form', is: 'oral' }, yes('consent.recorded')] },
        ],
      },
      title: t('Vorm van de toestemming', 'Form of consent'),
      description: t(
        'Schriftelijke toestemming heeft de voorkeur; mondelinge toestemming telt pas als ze in het dossier is vastgelegd.',
        'Written consent is preferred; oral consent counts only once it is recorded in the client record.',
      ),
      met: t('De toestemming is schriftelijk of vastgelegd.', 'Consent is written or recorded.'),
      notMet: t(
        'Mondelinge toestemming is nog niet vastgelegd: leg haar eerst vast in het dossier.',
        'Oral consent has not been recorded yet: record it in the client record first.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.not_expired',
      kind: 'helper',
      // A date given (here or up front) decides. Without one, written consent is asked whether it
      // states a period and, if so, its end date (Werkinstructie §A: a consent form may say how long
      // it is valid); oral consent has no form to state one.
      when: {
        any: [
          {
            all: [
              { answered: 'consent.validUntil' },
              { answer: 'consent.validUntil', onOrAfterReferenceDate: true },
            ],
          },
          {
            all: [
              { not: { answered: 'consent.validUntil' } },
              {
                any: [
                  { answer: 'consent.form', is: 'oral' },
                  {
                    seq: [
                      { answer: 'consent.form', is: 'written' },
                      {
                        any: [
                          no('consent.timeLimited'),
                          {
                            seq: [
                              yes('consent.timeLimited'),
                              { answer: 'consent.validUntil', onOrAfterReferenceDate: true },
                            ],
                          },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      title: t('Geldigheidsduur van de toestemming', 'Validity period of consent'),
      description: t(
        'Toestemming kan voor een bepaalde tijd gelden; na de einddatum is er geen toestemming meer. Bij schriftelijke toestemming wordt gevraagd of de verklaring een einddatum noemt.',
        'Consent may be time-limited; after its end date there is no consent. For written consent we ask whether the form states an end date.',
      ),
      met: t('De toestemming is niet verlopen.', 'Consent has not expired.'),
      notMet: t(
        'De toestemming is verlopen vóór de datum van deze afweging.',
        'Consent expired before the date of this weighing.',
      ),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.valid',
      kind: 'helper',
      when: {
        seq: [
          yes('consent.given'),
          {
            all: [
              ...consentParts,
              yes('consent.freelyGiven'),
              // Consent to the municipality, which the client depends on for support, counts only
              // when the client could refuse it without consequences and was told so
              // (KNMG-Wegwijzer 2014 footnote 11; RVS-studie 2017 §3.2). It is asked, never
              // presumed: presuming it made a provisional "allowed" that the Wmo request's own
              // question could still turn into "not allowed". Scoped to the municipality, so that
              // for any other recipient the question is not one whose answer could change anything.
              {
                any: [{ not: { recipient: ['municipality'] } }, yes('legal.wmoRefusalWithoutConsequences')],
              },
              { rule: 'consent.form_ok' },
              { rule: 'consent.not_expired' },
            ],
          },
        ],
      },
      title: t('Geldige toestemming', 'Valid consent'),
      description: t(
        'Toestemming is geldig als de juiste persoon haar geeft, geïnformeerd, specifiek voor deze informatie, dit doel en deze ontvanger, vrij, schriftelijk of vastgelegd, en niet verlopen. Toestemming aan de gemeente telt pas als vaststaat dat de cliënt kon weigeren zonder gevolgen voor de ondersteuning of uitkering; kon dat niet, dan is zij niet vrij, wat verder ook is geantwoord.',
        'Consent is valid when the right person gives it, informed, specific to this information, purpose and recipient, freely, in writing or recorded, and not expired. Consent to the municipality counts only once it is established that the client could refuse it without consequences for the support or benefits; if not, it is not free, whatever else is answered.',
      ),
      met: t('Er is geldige toestemming.', 'There is valid consent.'),
      notMet: t(
        'Er is geen geldige toestemming (niet gegeven, niet geïnformeerd, niet specifiek, niet vrij, niet vastgelegd of verlopen).',
        'There is no valid consent (not given, not informed, not specific, not free, not recorded or expired).',
      ),
      sources: [S.wToestemming, S.iToestemming, S.rFocus, S.qUitzonderingen, S.wWettelijkFn11],
    },
    {
      id: 'consent.wmo_valid',
      kind: 'helper',
      when: {
        seq: [
          yes('consent.given'),
          {
            all: [
              ...consentParts,
              yes('legal.wmoRefusalWithoutConsequences'),
              { rule: 'consent.form_ok' },
              { rule: 'consent.not_expired' },
            ],
          },
        ],
      },
      title: t('Vrije toestemming aan de gemeente (Wmo 2015)', 'Free consent to the municipality (Wmo 2015)'),
      description: t(
        'Voor de Wmo 2015 moet de toestemming ondubbelzinnig en vrij zijn. Omdat de cliënt van de gemeente afhankelijk is, toets je vrijheid zo: kon de cliënt weigeren zonder gevolgen voor de ondersteuning, en wist hij dat?',
        'For the Wmo 2015 consent must be unambiguous and free. Because the client depends on the municipality, freedom is tested thus: could the client refuse without consequences for the support, and did they know it?',
      ),
      met: t(
        'Er is geldige toestemming en de cliënt kon zonder gevolgen weigeren.',
        'There is valid consent and the client could refuse without consequences.',
      ),
      notMet: t(
        'Er is geen geldige toestemming, of weigeren had gevolgen voor de ondersteuning (of de cliënt wist niet dat het kon).',
        'There is no valid consent, or refusing had consequences for the support (or the client did not know it could be refused).',
      ),
      sources: [S.wWettelijkFn11, S.rFocus, S.rVerantwoordelijkheid, S.iToestemming],
    },
    {
      id: 'consent.record_oral_first',
      kind: 'notice',
      explain: true,
      when: {
        all: [
          { answer: 'consent.given', is: true, ifUnanswered: false },
          { answer: 'consent.form', is: 'oral', ifUnanswered: false },
          { answer: 'consent.recorded', is: false, ifUnanswered: false },
        ],
      },
      title: t('Mondelinge toestemming eerst vastleggen', 'Record oral consent first'),
      description: t(
        'Mondelinge toestemming telt pas als ze in het dossier staat. Leg haar eerst vast en deel daarna.',
        'Oral consent counts only once it is in the client record. Record it first, then share.',
      ),
      met: t(
        'Volgende stap: leg de mondelinge toestemming vast in het dossier en weeg daarna opnieuw; dan kan delen op grond van die toestemming.',
        'Next step: record the oral consent in the client record and weigh again; then sharing on that consent can go ahead.',
      ),
      notMet: t('Niet aan de orde.', 'Not at issue.'),
      sources: [S.iToestemming],
    },
    {
      id: 'consent.client_consent',
      kind: 'route',
      ground: 'consent',
      applies: { not: { recipient: ['successor_other_institution'] } },
      when: { rule: 'consent.valid' },
      title: t('Toestemming van de cliënt', 'Consent of the client'),
      description: t(
        'Met geldige toestemming mag je delen. Voor de gemeente (zorgplan, indicatie, uitkering), de werkconsulent, de Belastingdienst, een advocaat (ook die van de cliënt), mantelzorgers en financiers zonder wettelijke grondslag is toestemming de route. Ook met toestemming deel je alleen wat nodig is.',
        'With valid consent you may share. For the municipality (care plan, assessment, benefits), the work consultant, the tax authority, a lawyer (even the client’s own), informal carers and funders without a statutory basis consent is the route. Even with consent, share only what is needed.',
      ),
      met: t('Er is geldige toestemming voor deze deling.', 'There is valid consent for this sharing.'),
      notMet: t('Er is geen geldige toestemming.', 'There is no valid consent.'),
      sources: [
        S.wToestemming,
        S.iToestemming,
        S.qUitzonderingen,
        S.qDerden,
        S.qZorgplan,
        S.qBelasting,
        S.qAdvocaat,
        S.qFinancier,
        S.qEcd,
        S.rInleiding,
        S.rInformeel,
      ],
    },
    {
      id: 'consent.successor_other_institution',
      kind: 'route',
      ground: 'consent',
      applies: { recipient: ['successor_other_institution'] },
      when: { seq: [{ rule: 'consent.valid' }, { answer: 'consent.form', is: 'written' }] },
      title: t('Opvolger bij een andere instelling', 'Successor at another institution'),
      description: t(
        'Verhuist de cliënt naar een andere instelling, dan eindigt de zorgovereenkomst en gaat het dossier alleen met schriftelijke toestemming naar de nieuwe behandelaar.',
        'When the client moves to another institution the care agreement ends and the record goes to the new practitioner only with written consent.',
      ),
      met: t(
        'Er is geldige schriftelijke toestemming: overdracht aan de opvolger mag.',
        'There is valid written consent: handover to the successor is allowed.',
      ),
      notMet: t(
        'Er is geen geldige schriftelijke toestemming: niet overdragen aan de nieuwe instelling.',
        'There is no valid written consent: do not hand over to the new institution.',
      ),
      sources: [S.qOpvolger],
    },
  ],
};

/**
 * Conflict of duties (conflict van plichten): without consent, sharing to prevent serious harm is
 * allowed when all conditions hold: everything done to obtain consent, distress of conscience, no
 * other way, serious harm if silent, and near certainty that breaking secrecy prevents or limits it;
 * the sixth condition, proportionality, is guarded by minimisation (KNMG-Wegwijzer 2014 §3; VGN-FAQ
 * 2021; Werkinstructie §C). A cannabis plantation or minor offence does not on its own justify it,
 * but does not veto it either when danger to someone's safety makes all conditions hold (VGN-FAQ
 * 2021, the cannabis question's last paragraph). A report to Veilig Thuis follows the reporting
 * right and its meldcode steps instead; acute danger has its own route (KNMG-Wegwijzer 2014 §3 end).
 */
import { type Area, CONFLICT_PURPOSES, t, yes } from './common.js';
import { S } from './sources.js';

const condition = (
  id: string,
  nl: string,
  en: string,
  helpNl: string,
  helpEn: string,
  extra = [S.qCvpGronden],
) => ({
  id,
  type: 'boolean' as const,
  text: t(nl, en),
  help: t(helpNl, helpEn),
  sources: [S.wConflict, ...extra, S.iConflict],
});

export const conflictOfDuties: Area = {
  questions: [
    condition(
      'conflict.consentSought',
      'Heb je alles gedaan om eerst toestemming te krijgen (of is vragen onmogelijk)?',
      'Have you done everything to obtain consent first (or is asking impossible)?',
      'Eerste voorwaarde van conflict van plichten. Ook bij vitaal belang: kan de cliënt (of vertegenwoordiger) niet tijdig toestemmen?',
      'First condition of a conflict of duties. Also for vital interest: can the client (or representative) not consent in time?',
    ),
    condition(
      'conflict.seriousHarm',
      'Levert zwijgen ernstige schade op voor de cliënt of een ander?',
      'Would keeping silent cause serious harm to the client or someone else?',
      'Voorwaarde van conflict van plichten, en van goed hulpverlenerschap.',
      'Condition of a conflict of duties, and of good caregiving.',
    ),
    condition(
      'conflict.disclosurePreventsHarm',
      'Is het vrijwel zeker dat doorbreken van het geheim die schade voorkomt of beperkt?',
      'Is it almost certain that breaking secrecy prevents or limits that harm?',
      'Voorwaarde van conflict van plichten. De ontvanger moet de schade ook echt kunnen voorkomen of beperken; anders heeft doorbreken geen zin.',
      'Condition of a conflict of duties. The recipient must really be able to prevent or limit the harm; otherwise breaking secrecy serves no purpose.',
      [S.qCvpGronden, S.qCvpHandelen],
    ),
    condition(
      'conflict.noAlternative',
      'Blijft doorbreken van het beroepsgeheim de enige uitweg, nu andere mogelijkheden zijn geprobeerd of niet bestaan?',
      'Is breaking secrecy the only way left, other options having been tried or not existing?',
      'Subsidiariteit: voorwaarde van conflict van plichten.',
      'Subsidiarity: condition of a conflict of duties.',
    ),
    condition(
      'conflict.conscienceDistress',
      'Breng je het zwijgen in gewetensnood?',
      'Does keeping silent put you in distress of conscience?',
      'Voorwaarde van conflict van plichten.',
      'Condition of a conflict of duties.',
    ),
    {
      id: 'conflict.colleagueConsulted',
      type: 'boolean',
      text: t(
        'Heb je (geanonimiseerd) overlegd met een collega, leidinggevende of geneesheer-directeur?',
        'Have you consulted (anonymously) a colleague, manager or medical director?',
      ),
      help: t(
        'Geen voorwaarde, wel dringend advies: overleg helpt te bepalen of er echt een conflict van plichten is.',
        'Not a condition, but strongly advised: consultation helps to determine whether there really is a conflict of duties.',
      ),
      sources: [S.qCvpHandelen, S.iConflict],
    },
  ],
  rules: [
    {
      id: 'conflict.criteria',
      kind: 'route',
      ground: 'conflict_of_duties',
      applies: {
        all: [
          { not: { recipient: ['tax_authority', 'insurer_or_funder', 'lawyer', 'veilig_thuis'] } },
          { purpose: CONFLICT_PURPOSES },
        ],
      },
      when: {
        all: [
          yes('conflict.consentSought'),
          yes('conflict.conscienceDistress'),
          yes('conflict.noAlternative'),
          yes('conflict.seriousHarm'),
          yes('conflict.disclosurePreventsHarm'),
        ],
      },
      title: t('Voorwaarden van conflict van plichten vervuld', 'Conditions of a conflict of duties met'),
      description: t(
        'Zonder toestemming mag je delen om ernstige schade te voorkomen als alle voorwaarden gelden: alles gedaan om toestemming te krijgen, gewetensnood, geen andere weg, ernstige schade bij zwijgen, en vrijwel zeker dat delen de schade voorkomt of beperkt. De zesde voorwaarde, proportionaliteit, bewaakt de minimalisatie: alleen wat de schade afwendt, aan iemand die er iets aan kan doen. Een wietplantage of licht delict is op zich geen reden, maar staat doorbreken niet in de weg als er gevaar voor iemands veiligheid is en alle voorwaarden gelden. Voorbeelden: dreiging tegen de ex-partner, een dronken motorrijder, een aangekondigde aanslag, moord of ontvoering, een shaken baby.',
        'Without consent you may share to prevent serious harm when all conditions hold: everything done to obtain consent, distress of conscience, no other way, serious harm if silent, and almost certain that sharing prevents or limits the harm. The sixth condition, proportionality, is guarded by minimisation: only what averts the harm, to someone who can act. A cannabis plantation or minor offence is no reason in itself, but does not stand in the way when someone’s safety is in danger and all conditions hold. Examples: a threat to an ex-partner, a drunk motorcyclist, an announced bombing, murder or kidnapping, a shaken baby.',
      ),
      met: t(
        'Aan alle voorwaarden van conflict van plichten is voldaan: doorbreken mag, zo beperkt mogelijk.',
        'All conditions of a conflict of duties are met: breaking secrecy is allowed, as narrowly as possible.',
      ),
      notMet: t(
        'Niet aan alle voorwaarden van conflict van plichten voldaan: doorbreken mag op deze grond niet.',
        'Not all conditions of a conflict of duties are met: breaking secrecy on this ground is not allowed.',
      ),
      sources: [
        S.wConflict,
        S.qCvpGronden,
        S.qCvpHandelen,
        S.iConflict,
        S.rRegels,
        S.qStrafbaar,
        S.qMondeling,
        S.qWiet,
      ],
    },
  ],
};

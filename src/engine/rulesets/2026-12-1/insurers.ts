/**
 * Insurers and funders with a statutory basis. Where the Jeugdwet, Wlz, Wmo or Zvw provide for it,
 * data may be provided without consent (RVS-studie 2017 §2.1, footnote 17); a funder may not see
 * records, but sharing for reimbursement is possible within the statutory rules (VGN-FAQ 2021).
 * The health insurer's claims check rests on art. 87 lid 1 Zvw; the care office's on the Wlz. The
 * requester must have stated the basis in writing (KNMG-Wegwijzer 2014, footnote 4). Only the
 * declaration data and a diagnosis code go, never the record. Without a recognised basis: no ground.
 */
import { type Area, t } from './common.js';
import { S } from './sources.js';

const applies = {
  all: [{ recipient: ['insurer_or_funder'] }, { purpose: ['financial_audit', 'eligibility_assessment'] }],
};
/** Stated in writing unless the caller says it was not (api-v1 `request.legalBasisStated`). */
const inWriting = { answer: 'request.legalBasisStated', is: true, ifUnanswered: true };

export const insurers: Area = {
  questions: [
    {
      id: 'request.statutoryBasis',
      type: 'enum',
      options: [
        {
          value: 'zvw',
          text: t('Zorgverzekeringswet (zorgverzekeraar)', 'Health Insurance Act (health insurer)'),
        },
        { value: 'wlz', text: t('Wet langdurige zorg (zorgkantoor)', 'Long-term Care Act (care office)') },
        { value: 'other', text: t('een andere wet of regeling', 'another act or regulation') },
        { value: 'none', text: t('geen wettelijke grondslag genoemd', 'no statutory basis stated') },
      ],
      text: t(
        'Op welke wettelijke grondslag vraagt de verzekeraar of financier schriftelijk om de gegevens?',
        'On which statutory basis does the insurer or funder ask in writing for the information?',
      ),
      help: t(
        'Alleen een wettelijke regeling maakt verstrekking aan een financier zonder toestemming mogelijk, en dan alleen declaratiegegevens of een diagnosecode, nooit het dossier. Een andere of geen grondslag: vraag toestemming. Voor de Wmo-dossiercontrole van de gemeente geldt een eigen vraag.',
        'Only a statutory rule makes providing to a funder without consent possible, and then only declaration data or a diagnosis code, never the record. Another or no basis: ask for consent. The municipality’s Wmo file check has a question of its own.',
      ),
      sources: [S.rRegelsFn17, S.qFinancier, S.wDilemmasFn4],
    },
  ],
  rules: [
    {
      id: 'legal.insurer_zvw',
      kind: 'route',
      ground: 'legal_obligation',
      applies,
      when: { seq: [{ answer: 'request.statutoryBasis', is: 'zvw' }, inWriting] },
      title: t('Declaratiegegevens aan de zorgverzekeraar (Zvw)', 'Claims data to the health insurer (Zvw)'),
      description: t(
        'Een zorgaanbieder die rechtstreeks bij de zorgverzekeraar declareert, moet die de gegevens geven die voor de uitvoering van de zorgverzekering nodig zijn: de declaratiegegevens en zo nodig een diagnosecode, niet het dossier.',
        'A care provider that bills the health insurer directly must give it the data needed to carry out the insurance: the claims data and, where needed, a diagnosis code, not the record.',
      ),
      met: t(
        'De zorgverzekeraar vraagt schriftelijk op grond van de Zorgverzekeringswet: verstrekken is verplicht, alleen declaratiegegevens en een diagnosecode.',
        'The health insurer asks in writing under the Health Insurance Act: providing is compulsory, claims data and a diagnosis code only.',
      ),
      notMet: t(
        'Er is geen schriftelijk verzoek op grond van de Zorgverzekeringswet.',
        'There is no written request under the Health Insurance Act.',
      ),
      sources: [S.rRegelsFn17, S.qFinancier, S.zvw87],
    },
    {
      id: 'legal.care_office_wlz',
      kind: 'route',
      ground: 'legal_obligation',
      applies,
      when: { seq: [{ answer: 'request.statutoryBasis', is: 'wlz' }, inWriting] },
      title: t('Declaratiegegevens aan het zorgkantoor (Wlz)', 'Claims data to the care office (Wlz)'),
      description: t(
        'Voor zorg onder de Wet langdurige zorg krijgt het zorgkantoor de declaratie- en indicatiegegevens die de wet voorschrijft, niet het dossier.',
        'For care under the Long-term Care Act the care office receives the claims and assessment data the act prescribes, not the record.',
      ),
      met: t(
        'Het zorgkantoor vraagt schriftelijk op grond van de Wet langdurige zorg: verstrekken is verplicht, alleen declaratiegegevens en een diagnosecode.',
        'The care office asks in writing under the Long-term Care Act: providing is compulsory, claims data and a diagnosis code only.',
      ),
      notMet: t(
        'Er is geen schriftelijk verzoek op grond van de Wet langdurige zorg.',
        'There is no written request under the Long-term Care Act.',
      ),
      sources: [S.rRegelsFn17, S.qFinancier, S.qZorgplan, S.wlz],
    },
  ],
};

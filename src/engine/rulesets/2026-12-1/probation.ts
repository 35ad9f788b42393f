/**
 * The probation service: treatment adherence (behandeltrouw) under a criminal-law title must be
 * reported (art. 2.6 lid 6 Wfz jo art. 2.3 Bfz), not the content of the treatment.
 */
import { type Area, t, yes } from './common.js';
import { S } from './sources.js';

export const probation: Area = {
  questions: [
    {
      id: 'legal.criminalTitle',
      type: 'boolean',
      text: t(
        'Vindt de behandeling plaats in het kader van een strafrechtelijke titel?',
        'Does the treatment take place under a criminal-law title?',
      ),
      help: t(
        'Dan moet je de reclassering informeren over de behandeltrouw (niet over de inhoud van de behandeling).',
        'You must then inform the probation service about treatment adherence (not about the content of the treatment).',
      ),
      sources: [S.iWettelijkWfz],
    },
  ],
  rules: [
    {
      id: 'legal.probation',
      kind: 'route',
      ground: 'legal_obligation',
      applies: { all: [{ recipient: ['probation_service'] }, { purpose: ['probation_compliance'] }] },
      when: yes('legal.criminalTitle'),
      title: t(
        'Behandeltrouw melden aan de reclassering',
        'Reporting treatment adherence to the probation service',
      ),
      description: t(
        'Bij behandeling onder een strafrechtelijke titel moet de behandelaar de reclassering informeren over de behandeltrouw.',
        'When treatment takes place under a criminal-law title, the practitioner must inform the probation service about treatment adherence.',
      ),
      met: t(
        'De behandeling valt onder een strafrechtelijke titel: informeer de reclassering verplicht over de behandeltrouw, niet over de inhoud.',
        'The treatment is under a criminal-law title: you must inform the probation service about adherence, not about content.',
      ),
      notMet: t(
        'Er is geen strafrechtelijke titel; deze plicht geldt niet.',
        'There is no criminal-law title; this duty does not apply.',
      ),
      sources: [S.iWettelijkWfz],
    },
  ],
};

/**
 * How a citation of rule data reads (engine/citations.ts): the document by its short title, the
 * section, and the statute or ruling in brackets; and which parts make a "legal basis". The rule
 * data is cited this way when a ruleset is compiled; these tests hold the rendering itself.
 */
import { describe, expect, it } from 'vitest';
import { legacyCitationData, legalBasisOf, renderCitation } from '../../src/engine/citations.js';

const ECLI = 'ECLI:NL:HR:2021:123';

describe('a citation as a reader sees it', () => {
  it.each([
    [{ document: 'knmg-wegwijzer-2014', section: '§4 Meldrechten' }, 'KNMG-Wegwijzer 2014, §4 Meldrechten'],
    [{ document: 'vgn-faq-2021' }, 'VGN-FAQ 2021'],
    [
      { document: 'knmg-wegwijzer-2014', section: '§1', statute: 'art. 7:457 BW', ecli: ECLI },
      `KNMG-Wegwijzer 2014, §1 (art. 7:457 BW; ${ECLI})`,
    ],
    [{ statute: 'art. 7:457 BW' }, 'art. 7:457 BW'],
    [{ ecli: ECLI }, ECLI],
    [{ statute: 'Wvggz', ecli: ECLI }, `Wvggz; ${ECLI}`],
  ] as const)('%j', (data, text) => {
    const c = renderCitation(data);
    expect(c.text).toBe(text);
    expect(c).toEqual({
      ...('document' in data ? { document: text.split(/,| \(/)[0] } : {}),
      ...('section' in data ? { section: data.section } : {}),
      ...('statute' in data ? { statute: data.statute } : {}),
      ...('ecli' in data ? { ecli: data.ecli } : {}),
      text,
    });
  });
});

describe('a legal basis', () => {
  it('names the statutes and rulings among citations, each once, in order; documents are not law', () => {
    expect(
      legalBasisOf([
        { document: 'knmg-wegwijzer-2014', section: '§1' },
        { statute: 'art. 7:457 BW', ecli: ECLI },
        { document: 'vgn-faq-2021', statute: 'art. 7:457 BW' },
        { statute: 'Wvggz' },
      ]),
    ).toEqual(['art. 7:457 BW', ECLI, 'Wvggz']);
    expect(legalBasisOf([{ document: 'vgn-faq-2021' }])).toEqual([]);
  });
});

describe('sources as 2026.11.1 recorded them', () => {
  it.each([
    [
      '000_6cbe88231b9698a9.txt §1 Toestemming van de patiënt',
      { document: 'knmg-wegwijzer-2014', section: '§1 Toestemming van de patiënt' },
    ],
    [
      '000_6cbe88231b9698a9.txt §B. Uitzonderingen',
      { document: 'knmg-wegwijzer-2014', section: '§B. Uitzonderingen' },
    ],
    [
      '000_6cbe88231b9698a9.txt §4.2.1 Meldrecht (voetnoot 3)',
      { document: 'knmg-wegwijzer-2014', section: '§4.2.1 Meldrecht, voetnoot 3' },
    ],
    ['000_6cbe88231b9698a9.txt §Inleiding', { document: 'knmg-wegwijzer-2014', section: '‘Inleiding’' }],
    ['art. 7:457 lid 2 BW', { statute: 'art. 7:457 lid 2 BW' }],
    ['iets anders', undefined],
    ['999_0000000000000000.txt §1 Onbekend', undefined],
  ])('%s', (source, data) => {
    expect(legacyCitationData(source)).toEqual(data);
  });
});

/**
 * Client references are stored only as a keyed hash per organisation (src/audit/pseudonym.ts).
 * The known answers were computed outside the service, with
 * `printf 'tenant-a\0c-81f3' | openssl dgst -sha256 -hmac 'geheim-van-de-dienst-32-tekens!!'`.
 */
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../src/audit/pseudonym.js';

const SECRET = 'geheim-van-de-dienst-32-tekens!!';

describe('Pseudonymiser', () => {
  const p = new Pseudonymiser(SECRET);

  it('is HMAC-SHA256 over organisation, NUL, reference (known answers from openssl)', () => {
    expect(p.clientRef('tenant-a', 'c-81f3')).toBe(
      '28bf3df69629cd3ffbba8dbeee4b00bed526eb34eb81f9c193250298485475ce',
    );
    expect(p.clientRef('tenant-b', 'c-81f3')).toBe(
      '5952006657bf3552234fca6b5509c22c66ff8363f257a64a0bb81508fe1f5e32',
    );
    // The reference as UTF-8 bytes.
    expect(p.clientRef('tenant-a', 'cliënt')).toBe(
      'ed8a5abda55f04011a644fe83415bbdbc27320204213b3d22e825661659a0df8',
    );
  });

  it('depends on the secret', () => {
    expect(new Pseudonymiser(`${SECRET}x`).clientRef('tenant-a', 'c-81f3')).not.toBe(
      p.clientRef('tenant-a', 'c-81f3'),
    );
  });

  it('keeps organisation and reference apart (no shifting of characters across the boundary)', () => {
    expect(p.clientRef('tenant-a', 'bc')).not.toBe(p.clientRef('tenant-ab', 'c'));
  });
});

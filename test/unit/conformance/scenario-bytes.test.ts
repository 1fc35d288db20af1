/**
 * The scenario builders' `bytes`: short ASCII text is copied by hand, everything else goes
 * through TextEncoder; both must give the UTF-8 bytes.
 */
import { describe, expect, it } from 'vitest';
import { bytes } from '../../../src/conformance/scenario.js';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];

describe('bytes', () => {
  it('gives the UTF-8 bytes of short ASCII, non-ASCII and long text', () => {
    for (const text of ['', 'range:meta', '\u007f~', 'é', 'ab\u00e9', '\u{1f600}', 'x'.repeat(64), 'y'.repeat(65), `${'z'.repeat(63)}\u00e9`]) {
      expect([...bytes(text)], JSON.stringify(text)).toEqual(utf8(text));
    }
  });

  it('returns a fresh array each call, so a request never shares bytes with another', () => {
    const a = bytes('range:meta');
    const b = bytes('range:meta');
    expect(a).not.toBe(b);
    a[0] = 0;
    expect(b[0]).toBe('r'.charCodeAt(0));
  });
});

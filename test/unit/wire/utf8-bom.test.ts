/** Regression: a string that starts with U+FEFF survives the codec (TextDecoder would strip it by default). */
import { describe, expect, it } from 'vitest';
import { Reader } from '../../../src/wire/primitives.js';

describe('UTF-8 strings', () => {
  it('keep a leading byte order mark, as Kafka keeps it', () => {
    const bytes = new TextEncoder().encode('\uFEFFname');
    expect(new Reader(bytes).text(bytes.length)).toBe('\uFEFFname');
  });
});

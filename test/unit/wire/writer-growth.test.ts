/** Regression: the codec's Writer grows its buffer mid-write without losing or misplacing bytes. */
import { describe, expect, it } from 'vitest';
import { Writer } from '../../../src/wire/primitives.js';

describe('Writer', () => {
  it('writes across a buffer growth (the offset is taken before the view is used)', () => {
    const w = new Writer();
    for (let i = 0; i < 300; i++) w.int16(i);
    w.int32(-7);
    const out = w.bytes();
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    expect(out.length).toBe(604);
    expect(Array.from({ length: 300 }, (_, i) => view.getInt16(i * 2))).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(view.getInt32(600)).toBe(-7);
  });
});

/** The copy-on-write overlays behave exactly like a copied Map/Set and never touch the base. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OverlayMap, OverlaySet } from '../../src/protocol/overlay.js';
import { FC_SEED, runs } from '../helpers/seed.js';

const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

describe(`copy-on-write overlays (seed ${FC_SEED})`, () => {
  it(`[REC-02] an OverlayMap equals a copied Map under any writes, in iteration order too (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer())), fc.array(op, { maxLength: 30 }), (init, ops) => {
        const base = new Map(init);
        const snapshot = [...base];
        const copy = new Map(base);
        const overlay = new OverlayMap(base);
        for (const o of ops) {
          if (o.kind === 'set') (copy.set(o.key, o.value), overlay.set(o.key, o.value));
          else if (o.kind === 'delete') expect(overlay.delete(o.key)).toBe(copy.delete(o.key));
          else (copy.clear(), overlay.clear());
          expect([...overlay]).toEqual([...copy]);
          expect([[...overlay.keys()], [...overlay.values()]]).toEqual([[...copy.keys()], [...copy.values()]]);
          expect(overlay.size).toBe(copy.size);
          for (let k = 0; k <= 6; k++) expect([overlay.has(k), overlay.get(k)]).toEqual([copy.has(k), copy.get(k)]);
        }
        expect([...base]).toEqual(snapshot);
      }),
      { seed: FC_SEED, numRuns: runs(300) },
    );
  });

  it(`[REC-02] an OverlaySet equals a copied Set (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 })), fc.array(op, { maxLength: 30 }), (init, ops) => {
        const base = new Set(init);
        const copy = new Set(base);
        const overlay = new OverlaySet(base);
        for (const o of ops) {
          if (o.kind === 'set') (copy.add(o.key), overlay.add(o.key));
          else if (o.kind === 'delete') expect(overlay.delete(o.key)).toBe(copy.delete(o.key));
          else (copy.clear(), overlay.clear());
          expect([...overlay]).toEqual([...copy]);
          expect([[...overlay.keys()], [...overlay.entries()]]).toEqual([[...copy.keys()], [...copy.entries()]]);
          expect(overlay.size).toBe(copy.size);
          for (let k = 0; k <= 6; k++) expect(overlay.has(k)).toBe(copy.has(k));
        }
        expect([...base]).toEqual(init.filter((v, i) => init.indexOf(v) === i));
      }),
      { seed: FC_SEED, numRuns: runs(300) },
    );
  });
});

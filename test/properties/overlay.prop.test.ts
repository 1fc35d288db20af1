/** The copy-on-write overlays behave exactly like a copied Map/Set and never touch the base. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OverlayMap, OverlaySet } from '../../src/protocol/overlay.js';
import { FC_SEED, runs } from '../helpers/seed.js';

/** Writes over keys 0..maxKey, with clears or without (a clear ends the layers at once, so the large views have none). */
const opOver = (maxKey: number, clears: boolean) =>
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: maxKey }), value: fc.integer() }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: maxKey }) }),
    ...(clears ? [fc.record({ kind: fc.constant('clear' as const) })] : []),
  );

/** Small views (a few keys, layers only) and large ones (at least 100 writes: past the copy threshold of 32 layered writes). */
const SIZES = [
  { name: 'small', maxKey: 6, minOps: 0, ops: 30, runs: 300, clears: true },
  { name: 'large', maxKey: 80, minOps: 80, ops: 150, runs: 10, clears: false },
] as const;

describe.each(SIZES)(`copy-on-write overlays, $name (seed ${FC_SEED})`, ({ maxKey, minOps, ops: maxOps, runs: numRuns, clears }) => {
  const op = opOver(maxKey, clears);
  const KEYS = Array.from({ length: maxKey + 1 }, (_, k) => k);
  it(`[REC-02] an OverlayMap equals a copied Map under any writes, in iteration order too (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: maxKey }), fc.integer()), { minLength: minOps >> 1, maxLength: maxKey }), fc.array(op, { minLength: minOps, maxLength: maxOps }), (init, ops) => {
        const base = new Map(init);
        const snapshot = [...base];
        const copy = new Map(base);
        const overlay = new OverlayMap(base);
        for (const o of ops) {
          if (o.kind === 'set') (copy.set(o.key, o.value), overlay.set(o.key, o.value));
          else if (o.kind === 'delete') expect(overlay.delete(o.key)).toBe(copy.delete(o.key));
          else (copy.clear(), overlay.clear());
          // One comparison per write (a large history makes hundreds).
          const view = (m: Map<number, number>) => ({ entries: [...m], keys: [...m.keys()], values: [...m.values()], size: m.size, lookups: KEYS.map((k) => [m.has(k), m.get(k)]) });
          expect(view(overlay)).toEqual(view(copy));
        }
        expect([...base]).toEqual(snapshot);
      }),
      // A large failing history takes minutes to shrink: report it as found (replay with the seed).
      { seed: FC_SEED, numRuns: runs(numRuns), endOnFailure: clears === false },
    );
  });

  it(`[REC-02] an OverlaySet equals a copied Set (seed ${FC_SEED})`, () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: maxKey }), { minLength: minOps >> 1, maxLength: maxKey }), fc.array(op, { minLength: minOps, maxLength: maxOps }), (init, ops) => {
        const base = new Set(init);
        const copy = new Set(base);
        const overlay = new OverlaySet(base);
        for (const o of ops) {
          if (o.kind === 'set') (copy.add(o.key), overlay.add(o.key));
          else if (o.kind === 'delete') expect(overlay.delete(o.key)).toBe(copy.delete(o.key));
          else (copy.clear(), overlay.clear());
          const view = (set: Set<number>) => ({ values: [...set], keys: [...set.keys()], entries: [...set.entries()], size: set.size, has: KEYS.map((k) => set.has(k)) });
          expect(view(overlay)).toEqual(view(copy));
        }
        expect([...base]).toEqual(init.filter((v, i) => init.indexOf(v) === i));
      }),
      // A large failing history takes minutes to shrink: report it as found (replay with the seed).
      { seed: FC_SEED, numRuns: runs(numRuns), endOnFailure: clears === false },
    );
  });
});

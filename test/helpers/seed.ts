/**
 * Pinned seeds for property tests: CI uses the default; `FC_SEED=<n>` replays another run.
 * `KGSPEC_SOAK=1` multiplies the number of runs (npm run test:soak).
 */
export const FC_SEED = Number(process.env.FC_SEED ?? 20261121);

/** The number of runs for a property, scaled up in soak runs. */
export function runs(base: number): number {
  return process.env.KGSPEC_SOAK ? base * 20 : base;
}

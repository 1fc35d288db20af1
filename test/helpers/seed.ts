/**
 * Pinned seeds for property tests: CI uses the default; `FC_SEED=<n>` replays another run.
 * `KGSPEC_SOAK=1` multiplies the number of runs (npm run test:soak).
 */
export const FC_SEED = Number(process.env.FC_SEED ?? 20261121);

/** Whether this is a soak run (`npm run test:soak`, `KGSPEC_SOAK=1`). */
export const SOAK = process.env.KGSPEC_SOAK !== undefined && process.env.KGSPEC_SOAK !== '';

/** The number of runs for a property, scaled up in soak runs. */
export function runs(base: number): number {
  return SOAK ? base * 20 : base;
}

/**
 * The number of runs for a property whose runs are expensive (a whole simulated history each):
 * `quick` in `npm test`, which has a time budget, and `runs(full)` in soak runs.
 *
 * @remarks
 * The same seed drives both, so the quick runs are the first `quick` of the full ones: a failure
 * found by `npm test` is found by the soak run too, with the same counterexample.
 */
export function budgetRuns(quick: number, full: number): number {
  return SOAK ? runs(full) : quick;
}

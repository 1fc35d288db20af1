/**
 * Pinned seeds for property tests: CI uses the default; `FC_SEED=<n>` replays another run.
 * `KGSPEC_SOAK=1` multiplies the number of runs (npm run test:soak).
 */
export const FC_SEED = Number(process.env.FC_SEED ?? 20261121);

/** Whether this is a soak run (`npm run test:soak`, `KGSPEC_SOAK=1`). */
export const SOAK = process.env.KGSPEC_SOAK !== undefined && process.env.KGSPEC_SOAK !== '';

/**
 * Whether the tests run under mutation testing (`npm run test:mutation`, vitest.mutation.config.ts
 * sets `KGSPEC_MUTATION=1`): each mutant reruns the properties covering it, so they run a tenth of
 * their usual count (the first runs of the same seed, so a counterexample found is one `npm test`
 * finds too).
 */
export const MUTATION = process.env.KGSPEC_MUTATION !== undefined && process.env.KGSPEC_MUTATION !== '';

/** The number of runs for a property, scaled up in soak runs and down under mutation testing. */
export function runs(base: number): number {
  if (SOAK) return base * 20;
  return MUTATION ? Math.ceil(base / 10) : base;
}

/**
 * The number of runs for a property whose runs are expensive (a whole simulated history each):
 * `quick` in `npm test`, which has a time budget, `runs(full)` in soak runs and a fifth of `quick`
 * under mutation testing.
 *
 * @remarks
 * The same seed drives both, so the quick runs are the first `quick` of the full ones: a failure
 * found by `npm test` is found by the soak run too, with the same counterexample.
 */
export function budgetRuns(quick: number, full: number): number {
  if (SOAK) return runs(full);
  return MUTATION ? Math.ceil(quick / 5) : quick;
}

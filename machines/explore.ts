/**
 * Breadth-first exploration of a model given as a pure step function: every abstract state
 * reachable from a start, and every (state, event, next state) edge taken on the way.
 *
 * @remarks
 * `xstate/graph` does the same over the statecharts, with a transition call per edge; this
 * version calls the pure step functions directly, so an exhaustive search over tens of
 * thousands of states takes seconds. Tests use it to check that the statecharts enumerate
 * their models exactly (every case reachable, none missing).
 * @packageDocumentation
 */

/** One edge of an exploration. */
export interface ExploredEdge<S, E, C> {
  readonly from: S;
  readonly event: E;
  /** The step's own description of what happened (its case and target, say). */
  readonly step: C;
  readonly to: S;
}

/** Options of {@link explore}. */
export interface ExploreOptions<S, E, C> {
  readonly start: S;
  /** The events offered in a state. */
  readonly events: (state: S) => readonly E[];
  /** The next state and a description of the step, or null when the event is not taken. */
  readonly step: (state: S, event: E) => { readonly next: S; readonly info: C } | null;
  /** The abstract key: states with equal keys are explored once. */
  readonly key: (state: S) => string;
  /** Called for every edge taken, in breadth-first order. */
  readonly onEdge?: (edge: ExploredEdge<S, E, C>) => void;
  /** Give up (throw) beyond this many states. Default 1,000,000. */
  readonly maxStates?: number;
}

/** Explores breadth-first; returns the first state found for each key, in discovery order. */
export function explore<S, E, C>(options: ExploreOptions<S, E, C>): S[] {
  const maxStates = options.maxStates ?? 1_000_000;
  const seen = new Set<string>([options.key(options.start)]);
  const found: S[] = [options.start];
  for (let i = 0; i < found.length; i++) {
    const from = found[i] as S;
    for (const event of options.events(from)) {
      const result = options.step(from, event);
      if (result === null) continue;
      options.onEdge?.({ from, event, step: result.info, to: result.next });
      const k = options.key(result.next);
      if (seen.has(k)) continue;
      seen.add(k);
      found.push(result.next);
      if (found.length > maxStates) throw new Error(`explore: more than ${maxStates} states`);
    }
  }
  return found;
}

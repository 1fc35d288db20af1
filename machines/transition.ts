/**
 * The shape every transition of the statecharts has: one case of the machine's pure step
 * function and one target, guarded by the step function agreeing on both, with the case, its
 * rule IDs and its predicted outcome in `meta` (spec:check reads `rules`).
 */

/** One transition, as the machines declare it. */
export interface TransitionSpec<Case extends string, State extends string> {
  readonly case: Case;
  readonly to: State;
  readonly rules: readonly string[];
  readonly outcome: string;
}

/** The XState transition config of a {@link TransitionSpec}. */
export function transitionFor<Case extends string, State extends string>(spec: TransitionSpec<Case, State>) {
  return {
    target: spec.to,
    guard: { type: 'is' as const, params: { case: spec.case, to: spec.to } },
    actions: 'apply' as const,
    description: spec.outcome,
    meta: { case: spec.case, rules: spec.rules, outcome: spec.outcome },
  };
}

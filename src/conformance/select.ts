/**
 * Selecting scenarios by the rules they cite: rule IDs or globs (`JG-0*`, `hb-03`), as comma
 * lists and repeats, in any case; shared by `kgspec conformance --only` and
 * {@link runConformance}'s `only`.
 */
import type { Scenario } from './scenario.js';

/** A rule pattern as the user typed it and the expression it compiles to. */
export interface RulePattern {
  readonly text: string;
  readonly regexp: RegExp;
}

/** A thrown selection mistake: a pattern that cannot name a rule, or a selection of nothing. */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

/**
 * The patterns of `only`: each entry may be a comma list; blanks are dropped. `*` matches any
 * run of characters and `?` one character; case is ignored (rule IDs are upper case, so `jg-07`
 * means `JG-07`).
 *
 * @throws SelectionError for a pattern with characters no rule ID has.
 */
export function rulePatterns(only: string | readonly string[]): RulePattern[] {
  const texts = (typeof only === 'string' ? [only] : only).flatMap((o) => o.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  return texts.map((text) => {
    if (!/^[A-Za-z0-9*?-]+$/.test(text)) throw new SelectionError(`'${text}' is not a rule ID or glob (letters, digits, '-', '*' and '?')`);
    const body = text.replace(/-/g, '\\-').replace(/\*/g, '.*').replace(/\?/g, '.');
    return { text, regexp: new RegExp(`^${body}$`, 'i') };
  });
}

/** Whether a scenario cites a rule matching one of the patterns. */
export function citesAny(scenario: Scenario, patterns: readonly RulePattern[]): boolean {
  return scenario.rules.some((id) => patterns.some((p) => p.regexp.test(id)));
}

/**
 * The scenarios citing a rule that matches `only` (all of them when `only` is absent or empty),
 * in suite order.
 *
 * @throws SelectionError when patterns were given and none matches any scenario's rules.
 */
export function selectScenarios(scenarios: readonly Scenario[], only?: string | readonly string[]): Scenario[] {
  const patterns = only === undefined ? [] : rulePatterns(only);
  if (patterns.length === 0) return [...scenarios];
  const chosen = scenarios.filter((s) => citesAny(s, patterns));
  if (chosen.length === 0) throw new SelectionError(`no scenario cites a rule matching ${patterns.map((p) => p.text).join(', ')}`);
  return chosen;
}

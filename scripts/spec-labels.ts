/**
 * The label check of `npm run spec:check`: every rule-like label in `src/` and `machines/`
 * must be a rule ID that `spec/` defines (TRC-01).
 *
 * @remarks
 * Code names the rules of its branches in comments (`// JG-16`, `(JG-16)`), in statechart
 * `meta.rules` and in `InvariantViolation` IDs. A label that names no rule, such as a typo,
 * a rule that was renumbered or removed, or an old informal name, points a reader nowhere, so
 * the check fails on it, naming the file, the line and the label. The whole text of each file
 * is scanned (comments and code alike), so string literals such as an invariant ID count too.
 *
 * What counts as a label:
 * - a token of the rule ID shape (two to five capitals, a dash, two or three digits, as
 *   `RULE_ID_PATTERN`) that no `### ID Title` heading in `spec/` defines, unless its prefix is
 *   one of {@link FOREIGN_PREFIXES}: ids that are not ours (Kafka JIRA issues, KIPs) and
 *   ordinary names of the same shape (`UTF-16`). Every other prefix is flagged, whether or not
 *   `spec/` uses it as a rule family, so a misspelt family is caught too;
 * - the old informal forms: `Rule X` (one capital letter), a bare family in parentheses such as
 *   `(INV)`, and a family followed by the singular `rule`, such as `GS rule`. These two are
 *   flagged only for families that `spec/` defines, so other acronyms in parentheses (`(ISR)`)
 *   are left alone; a plural family reference such as `FO rules` is allowed.
 * @see spec/README.md TRC-01
 * @packageDocumentation
 */
import type { Rule, SourceText } from './spec-check-lib.js';
import { lineOf, lineStarts } from './spec-check-lib.js';

/**
 * Prefixes of tokens shaped like rule IDs that are not our rules: Kafka's JIRA issues
 * (`KAFKA-8653`), Kafka Improvement Proposals (`KIP-848`), and names such as `UTF-16`,
 * `ISO-8601` or `RFC-7230`. A new foreign prefix is added here, never a rule family.
 */
export const FOREIGN_PREFIXES: readonly string[] = ['KAFKA', 'KIP', 'UTF', 'ISO', 'RFC'];

/** A label in code that names no rule. */
export interface BadLabel {
  /** The label as written, e.g. `JG-99` or `Rule P`. */
  readonly label: string;
  readonly file: string;
  /** 1-based line of the label. */
  readonly line: number;
  /** Why it is rejected, one short clause. */
  readonly reason: string;
}

const ID_TOKEN = /\b([A-Z]{2,5})-\d{2,3}\b/g;
const SINGLE_LETTER_RULE = /\bRule [A-Z]\b/g;

/** The prefix of a token matched by {@link ID_TOKEN}. */
function prefixOf(token: string): string {
  return token.slice(0, token.indexOf('-'));
}

/** Escapes a family name for a regular expression (families are capitals, but be safe). */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The patterns of the old informal forms that name a family instead of a rule. */
function familyPatterns(families: ReadonlySet<string>): RegExp[] {
  if (families.size === 0) return [];
  const names = [...families].sort().map(escape).join('|');
  return [new RegExp(`\\((?:${names})\\)`, 'g'), new RegExp(`\\b(?:${names}) rule\\b(?!s)`, 'g')];
}

/**
 * Finds the labels of one file that name no rule of `defined`, in file order.
 *
 * @param families - the rule families `spec/` uses (prefixes of the defined IDs)
 */
export function findBadLabelsIn(file: SourceText, defined: ReadonlySet<string>, families: ReadonlySet<string>): BadLabel[] {
  const starts = lineStarts(file.content);
  const found: { index: number; label: BadLabel }[] = [];
  const add = (index: number, label: string, reason: string): void => {
    found.push({ index, label: { label, file: file.path, line: lineOf(starts, index), reason } });
  };
  for (const match of file.content.matchAll(ID_TOKEN)) {
    const token = match[0];
    if (defined.has(token) || FOREIGN_PREFIXES.includes(prefixOf(token))) continue;
    const family = prefixOf(token);
    add(match.index, token, families.has(family) ? 'no rule in spec/ has this ID' : `${family} is neither a rule family of spec/ nor a foreign prefix`);
  }
  for (const match of file.content.matchAll(SINGLE_LETTER_RULE)) add(match.index, match[0], 'an informal rule name; cite the rule ID');
  for (const pattern of familyPatterns(families)) {
    for (const match of file.content.matchAll(pattern)) add(match.index, match[0], 'names a rule family, not a rule; cite the rule ID');
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.label);
}

/** Finds the bad labels of every file, in file order, given the rules `spec/` defines. */
export function findBadLabels(files: readonly SourceText[], rules: readonly Rule[]): BadLabel[] {
  const defined = new Set(rules.map((r) => r.id));
  const families = new Set(rules.map((r) => r.family));
  return files.flatMap((file) => findBadLabelsIn(file, defined, families));
}

/** One report line for a bad label: `unknown rule label: JG-99 at src/a.ts:3 (no rule in spec/ has this ID)`. */
export function badLabelLine(bad: BadLabel): string {
  return `unknown rule label: ${bad.label} at ${bad.file}:${bad.line} (${bad.reason})`;
}

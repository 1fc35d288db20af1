/**
 * Pure core of `npm run spec:check`: parse the rules in `spec/`, find the tests, scenarios
 * and machine transitions that cite them, and render the coverage report.
 *
 * @remarks
 * Everything here works on in-memory text (`{ path, content }` pairs) so it can be unit
 * tested without a file system; `scripts/spec-check.ts` does the reading. The scan is
 * static and textual on purpose: it must run in seconds, as part of `npm test`, without
 * running a single test.
 *
 * @see CONTRIBUTING.md, "Rule IDs and spec:check"
 * @see TRC-01
 * @packageDocumentation
 */
import { blankComments } from './blank-comments.js';
import { badLabelLine, findBadLabels, type BadLabel } from './spec-labels.js';

export { blankComments } from './blank-comments.js';
export { FOREIGN_PREFIXES, findBadLabels, type BadLabel } from './spec-labels.js';

/** The shape of a rule ID: two to five capitals, a dash, two or three digits (`JG-07`). */
export const RULE_ID_PATTERN = /^[A-Z]{2,5}-\d{2,3}$/;

/** A source text with its path relative to the project root, `/`-separated. */
export interface SourceText {
  readonly path: string;
  readonly content: string;
}

/** One normative rule: a `### <ID> <Title>` heading in a `spec/` Markdown file. */
export interface Rule {
  /** The stable ID, e.g. `JG-07`. */
  readonly id: string;
  /** The prefix before the dash, e.g. `JG`; rules are reported grouped by family. */
  readonly family: string;
  readonly title: string;
  /** The rule's text: everything up to the next heading of level 3 or less, trimmed. */
  readonly text: string;
  readonly file: string;
  /** 1-based line of the heading. */
  readonly line: number;
}

/** Where a citation was found. */
export type CitationKind = 'test' | 'scenario' | 'transition';

/** One place that cites a rule ID. */
export interface Citation {
  readonly id: string;
  readonly kind: CitationKind;
  readonly file: string;
  /** 1-based line of the cited ID. */
  readonly line: number;
  /** For scenarios: the name of the scenario the `rules` array belongs to, when found. */
  readonly label?: string;
}

/** An ID defined by more than one heading. */
export interface DuplicateRule {
  readonly id: string;
  /** Every definition, in scan order; the first one is the one reported. */
  readonly occurrences: readonly Rule[];
}

/** A rule with everything that cites it. */
export interface RuleCoverage {
  readonly rule: Rule;
  readonly tests: readonly Citation[];
  readonly scenarios: readonly Citation[];
  readonly transitions: readonly Citation[];
  /** True when at least one test, scenario or transition cites the rule. */
  readonly covered: boolean;
}

/** The counts printed on the last line. */
export interface CoverageSummary {
  readonly rules: number;
  readonly covered: number;
  readonly uncovered: number;
}

/** The whole result of a check. */
export interface CoverageReport {
  /** Rules in scan order (spec files sorted by path, headings in file order), no duplicates. */
  readonly rules: readonly RuleCoverage[];
  /** Citations of IDs that no rule defines. */
  readonly unknown: readonly Citation[];
  /** Rule-like labels in `src/` and `machines/` that name no rule (see `spec-labels.ts`). */
  readonly badLabels: readonly BadLabel[];
  readonly duplicates: readonly DuplicateRule[];
  /** Files of `spec/` (rule files and scenario modules) that the index in `spec/README.md` does not link. */
  readonly unindexed?: readonly string[];
  readonly summary: CoverageSummary;
}

/** The texts a check reads, grouped by what they are. */
export interface CheckInput {
  /** Markdown files under `spec/`. */
  readonly specFiles: readonly SourceText[];
  /** `.ts` files under `test/`. */
  readonly testFiles: readonly SourceText[];
  /** `.ts` files under `spec/scenarios/`. */
  readonly scenarioFiles: readonly SourceText[];
  /** `.ts` files under `machines/`. */
  readonly machineFiles: readonly SourceText[];
  /** Files whose rule labels must all be defined rule IDs: `.ts` under `src/` and `machines/`. */
  readonly labelFiles?: readonly SourceText[];
}

/** True when `text` is a well-formed rule ID. */
export function isRuleId(text: string): boolean {
  return RULE_ID_PATTERN.test(text);
}

/**
 * Offsets at which each line of `text` starts, for turning a match index into a line.
 *
 * @returns `starts[k]` is the offset of line `k + 1`.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

/** The 1-based line containing offset `index`, given {@link lineStarts} of the same text. */
export function lineOf(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^[ \t]{0,3}(```|~~~)/;
const RULE_HEADING_TEXT = /^(\S+)(?:[ \t]+(.*))?$/;

/**
 * Parses the rules of one Markdown file.
 *
 * @remarks
 * A rule is a level-3 heading whose first word is a rule ID (`### JG-07 Title`); its text
 * runs to the next heading of level 3 or less. Headings inside fenced code blocks are
 * ignored, so a spec may show an example heading without defining a rule.
 */
export function parseRules(file: string, content: string): Rule[] {
  const lines = content.split(/\r?\n/);
  const rules: Rule[] = [];
  let open: { id: string; title: string; line: number; body: string[] } | undefined;
  let fence: string | undefined;
  const close = (): void => {
    if (open === undefined) return;
    const { id, title, line, body } = open;
    rules.push({ id, family: familyOf(id), title, text: body.join('\n').trim(), file, line });
    open = undefined;
  };
  lines.forEach((text, index) => {
    const fenceMatch = FENCE.exec(text);
    if (fenceMatch !== null) {
      const marker = fenceMatch[1] ?? '';
      if (fence === undefined) fence = marker;
      else if (fence === marker) fence = undefined;
    }
    const heading = fence === undefined && fenceMatch === null ? HEADING.exec(text) : null;
    if (heading !== null && (heading[1] ?? '').length <= 3) {
      close();
      const parts = RULE_HEADING_TEXT.exec(heading[2] ?? '');
      const id = parts?.[1] ?? '';
      if ((heading[1] ?? '').length === 3 && isRuleId(id)) {
        open = { id, title: (parts?.[2] ?? '').trim(), line: index + 1, body: [] };
      }
      return;
    }
    open?.body.push(text);
  });
  close();
  return rules;
}

/** The family of a rule ID: the part before the dash (`JG` for `JG-07`). */
export function familyOf(id: string): string {
  const dash = id.indexOf('-');
  return dash < 0 ? id : id.slice(0, dash);
}

/** Groups rules defined more than once, in order of first definition. */
export function findDuplicateRules(rules: readonly Rule[]): DuplicateRule[] {
  const byId = new Map<string, Rule[]>();
  for (const rule of rules) {
    const list = byId.get(rule.id);
    if (list === undefined) byId.set(rule.id, [rule]);
    else list.push(rule);
  }
  const duplicates: DuplicateRule[] = [];
  for (const [id, occurrences] of byId) {
    if (occurrences.length > 1) duplicates.push({ id, occurrences });
  }
  return duplicates;
}

const BRACKET = /\[([^[\]\r\n]*)\]/g;

/**
 * Finds the rule IDs a test file cites: IDs in square brackets anywhere in the file.
 *
 * @remarks
 * A bracket counts only when everything in it is rule IDs separated by commas or spaces:
 * `[JG-07]`, `[JG-07][SG-02]` and `[JG-07, SG-02]` cite; `arr[0]`, `['JG-07']` and
 * `[JG-07 rejoin]` do not. So ordinary indexing and string arrays are never mistaken
 * for citations.
 */
export function extractTestCitations(file: string, content: string): Citation[] {
  const starts = lineStarts(content);
  const citations: Citation[] = [];
  for (const match of content.matchAll(BRACKET)) {
    const tokens = (match[1] ?? '').split(/[\s,]+/).filter((token) => token !== '');
    if (tokens.length === 0 || !tokens.every(isRuleId)) continue;
    const line = lineOf(starts, match.index);
    for (const id of tokens) citations.push({ id, kind: 'test', file, line });
  }
  return citations;
}

const RULES_ARRAY = /\brules\s*:\s*\[([^\]]*)\]/g;
const STRING_LITERAL = /(['"`])([^'"`\r\n]*)\1/g;
const NAME_PROPERTY = /\bname\s*:\s*(['"`])((?:\\.|(?!\1)[^\\\r\n])*)\1/g;

/**
 * Finds the rule IDs cited in `rules: [ ... ]` arrays, as scenarios and machine
 * transitions (`meta: { rules: [...] }`) declare them.
 *
 * @remarks
 * Arrays may span lines. Comments are ignored (see {@link blankComments}), so a
 * commented-out entry does not count. For scenarios, each citation is labelled with the
 * nearest preceding `name: '...'`, which is the scenario's name in the usual layout.
 */
export function extractRulesArrayCitations(
  file: string,
  content: string,
  kind: 'scenario' | 'transition',
): Citation[] {
  const code = blankComments(content);
  const starts = lineStarts(code);
  const names = kind === 'scenario' ? [...code.matchAll(NAME_PROPERTY)] : [];
  const citations: Citation[] = [];
  for (const array of code.matchAll(RULES_ARRAY)) {
    const body = array[1] ?? '';
    const bodyStart = array.index + array[0].indexOf('[') + 1;
    const name = names.filter((n) => n.index < array.index).at(-1)?.[2];
    for (const literal of body.matchAll(STRING_LITERAL)) {
      const id = literal[2] ?? '';
      if (!isRuleId(id)) continue;
      const line = lineOf(starts, bodyStart + literal.index);
      citations.push(name === undefined ? { id, kind, file, line } : { id, kind, file, line, label: name });
    }
  }
  return citations;
}

/** Collects every citation in the test, scenario and machine files of `input`. */
export function collectCitations(input: CheckInput): Citation[] {
  return [
    ...input.testFiles.flatMap((f) => extractTestCitations(f.path, f.content)),
    ...input.scenarioFiles.flatMap((f) => extractRulesArrayCitations(f.path, f.content, 'scenario')),
    ...input.machineFiles.flatMap((f) => extractRulesArrayCitations(f.path, f.content, 'transition')),
  ];
}

/**
 * Matches citations to rules.
 *
 * @remarks
 * The first definition of a duplicated ID is the one reported; the duplicate itself is
 * listed in {@link CoverageReport.duplicates}. Repeated citations of the same ID at the
 * same place count once.
 */
export function buildReport(rules: readonly Rule[], citations: readonly Citation[]): CoverageReport {
  const duplicates = findDuplicateRules(rules);
  const unique = new Map<string, Rule>();
  for (const rule of rules) if (!unique.has(rule.id)) unique.set(rule.id, rule);
  const cited = new Map<string, Citation[]>();
  const unknown: Citation[] = [];
  const seen = new Set<string>();
  for (const citation of citations) {
    const key = `${citation.id}\u0000${citation.kind}\u0000${citation.file}\u0000${citation.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!unique.has(citation.id)) {
      unknown.push(citation);
      continue;
    }
    const list = cited.get(citation.id);
    if (list === undefined) cited.set(citation.id, [citation]);
    else list.push(citation);
  }
  const coverage = [...unique.values()].map((rule): RuleCoverage => {
    const all = cited.get(rule.id) ?? [];
    return {
      rule,
      tests: all.filter((c) => c.kind === 'test'),
      scenarios: all.filter((c) => c.kind === 'scenario'),
      transitions: all.filter((c) => c.kind === 'transition'),
      covered: all.length > 0,
    };
  });
  const covered = coverage.filter((c) => c.covered).length;
  return {
    rules: coverage,
    unknown,
    badLabels: [],
    duplicates,
    summary: { rules: coverage.length, covered, uncovered: coverage.length - covered },
  };
}

/** Parses all spec files and collects all citations of `input` into a report. */
export function checkSpec(input: CheckInput): CoverageReport {
  const rules = input.specFiles.flatMap((f) => parseRules(f.path, f.content));
  const report = buildReport(rules, collectCitations(input));
  return { ...report, badLabels: findBadLabels(input.labelFiles ?? [], rules), unindexed: unindexedFiles(input) };
}

/**
 * Files of `spec/` the index (`spec/README.md`) does not link: every rule file and every
 * scenario module must be reachable from it. A link to a folder (`machines/`) covers the files
 * in it. Empty when there is no `spec/README.md` (a partial tree, as in unit tests).
 */
export function unindexedFiles(input: CheckInput): string[] {
  const readme = input.specFiles.find((f) => f.path === 'spec/README.md');
  if (readme === undefined) return [];
  const links = [...readme.content.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => `spec/${m[1]!.replace(/^\.\//, '')}`);
  const linked = (path: string): boolean => links.some((l) => l === path || (l.endsWith('/') && path.startsWith(l)));
  const files = [...input.specFiles.map((f) => f.path), ...input.scenarioFiles.map((f) => f.path)];
  return files.filter((path) => path !== 'spec/README.md' && !linked(path));
}

/**
 * Why the check fails, one sentence each; empty when it passes.
 *
 * @remarks
 * It fails when a rule is uncovered, an unknown ID is cited, a label in code names no rule,
 * an ID is defined twice, or there are no rules at all (an empty spec must not pass vacuously).
 */
export function failureReasons(report: CoverageReport): string[] {
  const reasons: string[] = [];
  const { rules, uncovered } = report.summary;
  if (rules === 0) reasons.push('no rules found under spec/');
  if (uncovered > 0) reasons.push(`${uncovered} uncovered ${uncovered === 1 ? 'rule' : 'rules'}`);
  if (report.unknown.length > 0) reasons.push(`${report.unknown.length} citations of unknown rules`);
  if (report.badLabels.length > 0) reasons.push(`${report.badLabels.length} unknown rule labels in src/ or machines/`);
  if (report.duplicates.length > 0) reasons.push(`${report.duplicates.length} duplicate rule ids`);
  const unindexed = report.unindexed ?? [];
  if (unindexed.length > 0) reasons.push(`spec/README.md does not index ${unindexed.join(', ')}`);
  const unsourced = rulesWithoutSource(report);
  if (unsourced.length > 0) reasons.push(`rules without a Source line: ${unsourced.join(', ')}`);
  return reasons;
}

/** IDs of rules whose text has no `Source:` line (every rule must say where it comes from). */
export function rulesWithoutSource(report: CoverageReport): string[] {
  return report.rules.filter((c) => !/^Source:/m.test(c.rule.text)).map((c) => c.rule.id);
}

/** The process exit code for a report: 1 when {@link failureReasons} has any, else 0. */
export function exitCode(report: CoverageReport): 0 | 1 {
  return failureReasons(report).length > 0 ? 1 : 0;
}

/** The last line of the text report: `rules: N, covered: C, uncovered: U`. */
export function summaryLine(summary: CoverageSummary): string {
  return `rules: ${summary.rules}, covered: ${summary.covered}, uncovered: ${summary.uncovered}`;
}

/** `file:line` of a citation. */
export function locationOf(citation: Citation): string {
  return `${citation.file}:${citation.line}`;
}

/** Options of {@link formatText}. */
export interface FormatOptions {
  /** Print the whole table, rule by rule grouped by family, with each citing location under its rule. */
  readonly verbose?: boolean;
}

/** Rules grouped by family, families in order of first appearance. */
export function groupByFamily(rules: readonly RuleCoverage[]): RuleCoverage[][] {
  const groups = new Map<string, RuleCoverage[]>();
  for (const coverage of rules) {
    const group = groups.get(coverage.rule.family);
    if (group === undefined) groups.set(coverage.rule.family, [coverage]);
    else group.push(coverage);
  }
  return [...groups.values()];
}

/** One report line for a rule, e.g. `JG-07  covered   tests:2 scenarios:3 transitions:1  Title`. */
export function ruleLine(coverage: RuleCoverage, idWidth = coverage.rule.id.length): string {
  const { rule, tests, scenarios, transitions } = coverage;
  const id = rule.id.padEnd(idWidth);
  if (!coverage.covered) return `${id}  UNCOVERED  ${rule.title}`;
  const counts = `tests:${tests.length} scenarios:${scenarios.length} transitions:${transitions.length}`;
  return `${id}  covered   ${counts}  ${rule.title}`;
}

function citationLines(coverage: RuleCoverage): string[] {
  const all = [...coverage.tests, ...coverage.scenarios, ...coverage.transitions];
  return all.map((c) => {
    const where = c.label === undefined ? locationOf(c) : `${locationOf(c)}  ${c.label}`;
    return `      ${c.kind.padEnd(10)} ${where}`;
  });
}

/**
 * Renders the text report: the uncovered rules (verbose: every rule, grouped by family, with
 * its citations), then the problems (unknown citations, unknown labels in code, duplicate IDs,
 * no rules), and the summary as the very last line.
 */
export function formatText(report: CoverageReport, options: FormatOptions = {}): string {
  const width = Math.max(0, ...report.rules.map((c) => c.rule.id.length));
  const lines: string[] = [];
  // Without --verbose only what needs attention: uncovered rules, then the summary (npm test
  // prints this, and its own summary must stay in sight).
  if (options.verbose !== true) for (const c of report.rules) if (!c.covered) lines.push(ruleLine(c, width));
  for (const group of options.verbose === true ? groupByFamily(report.rules) : []) {
    const family = group[0]?.rule.family ?? '';
    const open = group.filter((c) => !c.covered).length;
    lines.push(`${family} (${group.length} ${group.length === 1 ? 'rule' : 'rules'}, ${open} uncovered)`);
    for (const coverage of group) {
      lines.push(ruleLine(coverage, width));
      if (options.verbose === true) lines.push(...citationLines(coverage));
    }
    lines.push('');
  }
  for (const citation of report.unknown) {
    lines.push(`unknown rule cited: ${citation.id} at ${locationOf(citation)}`);
  }
  for (const bad of report.badLabels) lines.push(badLabelLine(bad));
  for (const duplicate of report.duplicates) {
    const where = duplicate.occurrences.map((r) => `${r.file}:${r.line}`).join(', ');
    lines.push(`duplicate rule id: ${duplicate.id} at ${where}`);
  }
  for (const path of report.unindexed ?? []) lines.push(`not in the index of spec/README.md: ${path}`);
  if (report.summary.rules === 0) lines.push('no rules found under spec/');
  lines.push(summaryLine(report.summary));
  return lines.join('\n');
}

/** Renders the report as JSON (two-space indented), with `ok` and the failure reasons. */
export function formatJson(report: CoverageReport): string {
  const reasons = failureReasons(report);
  const json = {
    ok: reasons.length === 0,
    failures: reasons,
    summary: report.summary,
    rules: report.rules.map((c) => ({
      id: c.rule.id,
      family: c.rule.family,
      title: c.rule.title,
      file: c.rule.file,
      line: c.rule.line,
      covered: c.covered,
      tests: c.tests.map(locationOf),
      scenarios: c.scenarios.map((s) => ({ at: locationOf(s), name: s.label ?? null })),
      transitions: c.transitions.map(locationOf),
    })),
    unknown: report.unknown.map((c) => ({ id: c.id, kind: c.kind, at: locationOf(c) })),
    badLabels: report.badLabels.map((b) => ({ label: b.label, at: `${b.file}:${b.line}`, reason: b.reason })),
    duplicates: report.duplicates.map((d) => ({
      id: d.id,
      at: d.occurrences.map((r) => `${r.file}:${r.line}`),
    })),
  };
  return JSON.stringify(json, null, 2);
}

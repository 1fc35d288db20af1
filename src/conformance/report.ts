/**
 * Conformance reports: a text table grouped by spec area, JSON, and JUnit XML (the HTML page is
 * html-report.ts).
 */
import type { ScenarioResult } from './runner.js';
import type { SpecRule } from './rules.js';

/** Counts of a run. */
export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Counts the results. */
export function summarize(results: readonly ScenarioResult[]): Summary {
  const count = (s: ScenarioResult['status']): number => results.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped') };
}

/** The summary line every report ends with. */
export function summaryLine(s: Summary): string {
  return `conformance: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}

/** The family of a rule ID: `JG` of `JG-07`. */
export function familyOf(ruleId: string): string {
  return ruleId.slice(0, ruleId.indexOf('-'));
}

/** The area of a scenario: the family of its first rule (`OTHER` when it cites none). */
export function areaOf(result: ScenarioResult): string {
  return result.rules[0] === undefined ? 'OTHER' : familyOf(result.rules[0]);
}

function ruleLine(id: string, rules: ReadonlyMap<string, SpecRule>): string {
  const r = rules.get(id);
  if (r === undefined) return `    ${id} (not in spec/)`;
  const text = r.text.replace(/\s*Source:.*$/, '');
  return `    ${id} ${r.title}: ${text.length > 300 ? `${text.slice(0, 297)}...` : text}`;
}

/**
 * Steps not checked on the target (the results' notes), grouped by why: one line per reason
 * with the number of scenarios, e.g. `not checked in 85 scenarios: expectDurable: the target
 * cannot show durable records`.
 */
export function notCheckedLines(results: readonly ScenarioResult[]): string[] {
  const byReason = new Map<string, Set<string>>();
  for (const r of results) {
    for (const note of r.notes ?? []) {
      // `step 12 (expectDurable): why` -> `expectDurable: why`, the same for every scenario.
      const reason = note.replace(/^step \d+ \(([^)]*)\): /, '$1: ');
      byReason.set(reason, (byReason.get(reason) ?? new Set()).add(r.name));
    }
  }
  return [...byReason].map(([reason, names]) => `not checked in ${names.size} scenario${names.size === 1 ? '' : 's'}: ${reason}`);
}

/** The text report: per-area table, then every failure and skip with details, then the summary. */
export function textReport(results: readonly ScenarioResult[], rules: ReadonlyMap<string, SpecRule>, targetName: string): string {
  const areas = new Map<string, ScenarioResult[]>();
  for (const r of results) {
    const a = areaOf(r);
    areas.set(a, [...(areas.get(a) ?? []), r]);
  }
  const areaTitle = (family: string): string => [...rules.values()].find((r) => familyOf(r.id) === family)?.area ?? '';
  // Each area by its spec file's title, in full: the column is as wide as the longest title.
  const rows = [...areas].sort(([a], [b]) => a.localeCompare(b)).map(([family, rs]) => ({ label: `${family.padEnd(5)} ${areaTitle(family)}`.trimEnd(), rs }));
  const width = Math.max(4, ...rows.map((r) => r.label.length));
  const lines = [`conformance against ${targetName}: ${results.length} scenarios`, ''];
  lines.push(`${'area'.padEnd(width)} ${'scenarios'.padStart(9)} ${'passed'.padStart(7)} ${'failed'.padStart(7)} ${'skipped'.padStart(8)}`);
  for (const { label, rs } of rows) {
    const s = summarize(rs);
    lines.push(`${label.padEnd(width)} ${String(rs.length).padStart(9)} ${String(s.passed).padStart(7)} ${String(s.failed).padStart(7)} ${String(s.skipped).padStart(8)}`);
  }
  for (const r of results) {
    if (r.status === 'failed') {
      lines.push('', `FAILED  ${r.name}`, `  step ${r.stepIndex}: ${r.step}`, `  expected ${r.expected}`, `  actual   ${r.actual}`);
      // A shared setup's check names its own rules: the scenario's are not what broke.
      lines.push(r.stepRules === undefined ? '  rules:' : '  the failed check (a shared setup\'s) demonstrates:');
      for (const id of r.stepRules ?? r.rules) lines.push(ruleLine(id, rules));
    } else if (r.status === 'skipped') {
      lines.push('', `SKIPPED ${r.name} [${r.rules.join(', ')}]`, `  why: ${r.reason}`);
    }
  }
  const notChecked = notCheckedLines(results);
  if (notChecked.length > 0) lines.push('', ...notChecked);
  lines.push('', summaryLine(summarize(results)));
  return lines.join('\n');
}

/** The JSON report. */
export function jsonReport(results: readonly ScenarioResult[], targetName: string): string {
  return JSON.stringify({ target: targetName, summary: summarize(results), results }, null, 2);
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** The JUnit XML report: one test suite per spec area, one test case per scenario. */
export function junitReport(results: readonly ScenarioResult[], targetName: string): string {
  const areas = new Map<string, ScenarioResult[]>();
  for (const r of results) areas.set(areaOf(r), [...(areas.get(areaOf(r)) ?? []), r]);
  const total = summarize(results);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`kgspec conformance (${targetName})`)}" tests="${results.length}" failures="${total.failed}" skipped="${total.skipped}" errors="0">`,
  ];
  for (const [family, rs] of [...areas].sort(([a], [b]) => a.localeCompare(b))) {
    const s = summarize(rs);
    out.push(`  <testsuite name="${xml(family)}" tests="${rs.length}" failures="${s.failed}" skipped="${s.skipped}" errors="0">`);
    for (const r of rs) {
      const open = `    <testcase classname="kgspec.${xml(family)}" name="${xml(`${r.name} [${r.rules.join(', ')}]`)}"`;
      if (r.status === 'passed') out.push(`${open}/>`);
      else if (r.status === 'skipped') out.push(`${open}>`, `      <skipped message="${xml(r.reason)}"/>`, '    </testcase>');
      else {
        out.push(`${open}>`, `      <failure message="${xml(`step ${r.stepIndex} (${r.step}): expected ${r.expected}`)}">${xml(`rules: ${r.rules.join(', ')}\nexpected ${r.expected}\nactual   ${r.actual}`)}</failure>`, '    </testcase>');
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

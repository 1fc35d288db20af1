import { describe, expect, it } from 'vitest';
import { checkSpec, exitCode, failureReasons, formatJson, formatText, type CheckInput } from '../../../scripts/spec-check-lib.js';
import { findBadLabels, FOREIGN_PREFIXES } from '../../../scripts/spec-labels.js';
import { parseRules } from '../../../scripts/spec-check-lib.js';

// This file is scanned for bracketed citations by spec:check, so the labels below are never
// written in square brackets.
const SPEC = ['### AB-01 A rule', 'Source: x', '### INV-01 An invariant', 'Source: x', '### GS-01 States', 'Source: x'].join('\n');
const RULES = parseRules('spec/a.md', SPEC);
const COVERING_TEST = { path: 'test/t.test.ts', content: ['AB-01', 'INV-01', 'GS-01'].map((id) => `it('${'['}${id}] x')`).join('\n') };

const input = (code: string): CheckInput => ({
  specFiles: [{ path: 'spec/a.md', content: SPEC }],
  testFiles: [COVERING_TEST],
  scenarioFiles: [],
  machineFiles: [],
  labelFiles: [{ path: 'src/a.ts', content: code }],
});

describe('spec-check labels in src/ and machines/', () => {
  it('[TRC-01] flags an ID that no rule defines, naming file, line and label, and fails the check', () => {
    const code = ['// AB-01: fine', 'if (x) return fail(); // AB-02', "meta: { rules: ['AB-01', 'INV-09'] }"].join('\n');
    const report = checkSpec(input(code));
    expect(report.badLabels.map((b) => [b.label, `${b.file}:${b.line}`])).toEqual([
      ['AB-02', 'src/a.ts:2'],
      ['INV-09', 'src/a.ts:3'],
    ]);
    expect(report.summary.uncovered).toBe(0);
    expect(formatText(report)).toContain('unknown rule label: AB-02 at src/a.ts:2 (no rule in spec/ has this ID)');
    expect(failureReasons(report)).toEqual(['2 unknown rule labels in src/ or machines/']);
    expect(exitCode(report)).toBe(1);
    expect(JSON.parse(formatJson(report))).toMatchObject({ ok: false, badLabels: [{ label: 'AB-02', at: 'src/a.ts:2' }, { label: 'INV-09', at: 'src/a.ts:3' }] });
  });

  it('[TRC-01] flags an ID-shaped token whose prefix is neither a rule family nor foreign', () => {
    const bad = findBadLabels([{ path: 'machines/m.ts', content: '\n/** see ABC-01 */' }], RULES);
    expect(bad).toEqual([{ label: 'ABC-01', file: 'machines/m.ts', line: 2, reason: 'ABC is neither a rule family of spec/ nor a foreign prefix' }]);
  });

  it('[TRC-01] accepts Kafka JIRA ids, KIPs, UTF-16 and defined IDs', () => {
    expect(FOREIGN_PREFIXES).toEqual(expect.arrayContaining(['KAFKA', 'KIP']));
    const code = '// KAFKA-100, KAFKA-8653, KIP-848, KIP-54, UTF-16 order (AB-01, GS-01); throw new InvariantViolation(\'INV-01\', x)';
    const report = checkSpec(input(code));
    expect(report.badLabels).toEqual([]);
    expect(exitCode(report)).toBe(0);
  });

  it('[TRC-01] flags the old informal forms: Rule X, a bare family in parentheses, a family rule', () => {
    const code = ['/** Rule P: protocols */', 'count (INV).', '// first in join order (GS rule)', '// Rule AB is not one letter'].join('\n');
    const bad = findBadLabels([{ path: 'src/g.ts', content: code }], RULES);
    expect(bad.map((b) => [b.label, b.line])).toEqual([
      ['Rule P', 1],
      ['(INV)', 2],
      ['GS rule', 3],
    ]);
  });

  it('[TRC-01] leaves plural family references and other acronyms in parentheses alone', () => {
    const code = '// see the GS rules and the AB rules; in-sync replicas (ISR); (API) layer; Rule of thumb';
    expect(findBadLabels([{ path: 'src/g.ts', content: code }], RULES)).toEqual([]);
  });

  it('[TRC-01] without label files the check is unchanged', () => {
    const report = checkSpec({ ...input(''), labelFiles: undefined });
    expect(report.badLabels).toEqual([]);
    expect(exitCode(report)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  blankComments,
  buildReport,
  checkSpec,
  exitCode,
  extractRulesArrayCitations,
  extractTestCitations,
  failureReasons,
  findDuplicateRules,
  formatJson,
  formatText,
  parseRules,
  summaryLine,
  type CheckInput,
} from '../../../scripts/spec-check-lib.js';

// This file is itself scanned by spec:check, so bracketed IDs in the inputs below are
// built at run time: a literal one would be reported as a citation of an unknown rule.
const cite = (...ids: string[]): string => `${'['}${ids.join(', ')}]`;

const SPEC = [
  '# Join group',
  '',
  '## Rules',
  '',
  '### AB-01 A member joins',
  'The coordinator answers.',
  '',
  'Source: KIP-000.',
  '#### Example',
  'still part of AB-01',
  '### AB-02 A member leaves',
  'It is gone.',
  '## Appendix',
  'not part of AB-02',
  '### Not a rule heading',
  '```md',
  '### AB-09 an example inside a code fence',
  '```',
  '### CD-001 Three digits',
].join('\n');

const input = (overrides: Partial<CheckInput>): CheckInput => ({
  specFiles: [{ path: 'spec/a.md', content: SPEC }],
  testFiles: [],
  scenarioFiles: [],
  machineFiles: [],
  ...overrides,
});

describe('spec-check rules', () => {
  it('[TRC-01] parses level-3 headings whose first word is a rule ID, with their text', () => {
    const rules = parseRules('spec/a.md', SPEC);
    expect(rules.map((r) => [r.id, r.family, r.title, r.line])).toEqual([
      ['AB-01', 'AB', 'A member joins', 5],
      ['AB-02', 'AB', 'A member leaves', 11],
      ['CD-001', 'CD', 'Three digits', 19],
    ]);
    expect(rules[0]?.text).toBe(
      'The coordinator answers.\n\nSource: KIP-000.\n#### Example\nstill part of AB-01',
    );
    expect(rules[1]?.text).toBe('It is gone.');
  });

  it('[TRC-01] ignores IDs that do not match the pattern and headings of other levels', () => {
    const text = ['### A-01 one letter', '### ABCDEF-01 six', '### AB-1 one digit', '## AB-03 h2'];
    expect(parseRules('spec/b.md', text.join('\n'))).toEqual([]);
  });

  it('[TRC-01] detects duplicate IDs across files and reports the first definition', () => {
    const rules = [
      ...parseRules('spec/a.md', '### AB-01 First\n'),
      ...parseRules('spec/b.md', 'intro\n\n### AB-01 Second\n'),
    ];
    const duplicates = findDuplicateRules(rules);
    expect(duplicates.map((d) => [d.id, d.occurrences.map((r) => `${r.file}:${r.line}`)])).toEqual([
      ['AB-01', ['spec/a.md:1', 'spec/b.md:3']],
    ]);
    const report = buildReport(rules, []);
    expect(report.summary.rules).toBe(1);
    expect(report.rules[0]?.rule.title).toBe('First');
  });
});

describe('spec-check citations', () => {
  it('[TRC-01] finds IDs cited in test titles, alone, chained or comma-separated', () => {
    const content = [
      `it('${cite('AB-01')} joins', () => {});`,
      `it('${cite('AB-01')}${cite('CD-02')} both', () => {});`,
      `describe('${cite('AB-02', 'CD-03')} several in one bracket', () => {});`,
      `const x = arr[0] + ['AB-04'][0]; // ${cite('AB-05')} in a comment counts too`,
      `it('${'['}AB-06 is prose] not a citation', () => {});`,
    ].join('\n');
    const found = extractTestCitations('test/x.test.ts', content);
    expect(found.map((c) => `${c.id}@${c.line}`)).toEqual([
      'AB-01@1',
      'AB-01@2',
      'CD-02@2',
      'AB-02@3',
      'CD-03@3',
      'AB-05@4',
    ]);
    expect(found.every((c) => c.kind === 'test' && c.file === 'test/x.test.ts')).toBe(true);
  });

  it('[TRC-01] finds IDs in scenario rules arrays spanning lines, labelled by scenario name', () => {
    const content = [
      "export const join: Scenario = {",
      "  name: 'two members join',",
      '  rules: [',
      "    'AB-01',",
      "    // 'AB-09', commented out",
      '    "AB-02", `CD-03`,',
      '  ],',
      '};',
      "export const other = { name: 'leave', rules: ['AB-02'] as const };",
    ].join('\n');
    const found = extractRulesArrayCitations('spec/scenarios/join.ts', content, 'scenario');
    expect(found.map((c) => [c.id, c.line, c.label])).toEqual([
      ['AB-01', 4, 'two members join'],
      ['AB-02', 6, 'two members join'],
      ['CD-03', 6, 'two members join'],
      ['AB-02', 9, 'leave'],
    ]);
  });

  it('[TRC-01] finds IDs in machine transition meta', () => {
    const content = [
      'on: {',
      "  'request.joinGroup': {",
      "    target: 'preparingRebalance',",
      "    meta: { rules: ['AB-01', 'CD-02'] },",
      '  },',
      '}',
    ].join('\n');
    const found = extractRulesArrayCitations('machines/group.machine.ts', content, 'transition');
    expect(found).toEqual([
      { id: 'AB-01', kind: 'transition', file: 'machines/group.machine.ts', line: 4 },
      { id: 'CD-02', kind: 'transition', file: 'machines/group.machine.ts', line: 4 },
    ]);
  });

  it('[TRC-01] blanks comments but keeps strings, templates, regexes and line numbers', () => {
    const source = [
      "const a = 'not // a comment'; // gone",
      'const b = /\\/\\/ x/g; /* gone',
      'still gone */ const c = `t ${"//"} // kept`;',
    ].join('\n');
    const blanked = blankComments(source);
    expect(blanked.length).toBe(source.length);
    expect(blanked.split('\n')).toEqual([
      "const a = 'not // a comment';        ",
      'const b = /\\/\\/ x/g;        ',
      '              const c = `t ${"//"} // kept`;',
    ]);
  });
});

describe('spec-check report', () => {
  it('[TRC-01] counts tests, scenarios and transitions per rule and prints the summary last', () => {
    const report = checkSpec(
      input({
        testFiles: [{ path: 'test/a.test.ts', content: `it('${cite('AB-01')}')\nit('${cite('AB-01')}')` }],
        scenarioFiles: [{ path: 'spec/scenarios/s.ts', content: "name: 's', rules: ['AB-01']" }],
        machineFiles: [{ path: 'machines/m.ts', content: "meta: { rules: ['CD-001'] }" }],
      }),
    );
    expect(report.summary).toEqual({ rules: 3, covered: 2, uncovered: 1 });
    const lines = formatText(report, { verbose: true }).split('\n');
    expect(lines).toContain('AB-01   covered   tests:2 scenarios:1 transitions:0  A member joins');
    expect(lines).toContain('AB-02   UNCOVERED  A member leaves');
    expect(lines).toContain('CD-001  covered   tests:0 scenarios:0 transitions:1  Three digits');
    expect(lines.at(-1)).toBe('rules: 3, covered: 2, uncovered: 1');
    // Without --verbose: the uncovered rules and the summary only.
    expect(formatText(report).split('\n')).toEqual(['AB-02   UNCOVERED  A member leaves', 'rules: 3, covered: 2, uncovered: 1']);
    expect(summaryLine(report.summary)).toBe('rules: 3, covered: 2, uncovered: 1');
    expect(exitCode(report)).toBe(1);
  });

  it('[TRC-01] groups rules by family in order of first appearance and lists locations when verbose', () => {
    const spec = '### CD-01 c1\nSource: x\n### AB-01 a1\nSource: x\n### CD-02 c2\nSource: x\n';
    const tests = [{ path: 'test/t.test.ts', content: `\n${cite('AB-01', 'CD-01', 'CD-02')}` }];
    const report = checkSpec(input({ specFiles: [{ path: 'spec/x.md', content: spec }], testFiles: tests }));
    const text = formatText(report, { verbose: true });
    const ruleLines = text.split('\n').filter((l) => /^[A-Z]{2}-\d/.test(l));
    expect(ruleLines.map((l) => l.slice(0, 5))).toEqual(['CD-01', 'CD-02', 'AB-01']);
    expect(text).toContain('test       test/t.test.ts:2');
    expect(exitCode(report)).toBe(0);
    expect(failureReasons(report)).toEqual([]);
  });

  it('[TRC-01] fails on an unknown cited ID even when every rule is covered', () => {
    const spec = '### AB-01 only rule\n';
    const tests = [{ path: 'test/t.test.ts', content: `x\n${cite('AB-01')} ${cite('ZZ-99')}` }];
    const report = checkSpec(input({ specFiles: [{ path: 'spec/x.md', content: spec }], testFiles: tests }));
    expect(report.summary.uncovered).toBe(0);
    expect(formatText(report)).toContain('unknown rule cited: ZZ-99 at test/t.test.ts:2');
    expect(exitCode(report)).toBe(1);
    expect(JSON.parse(formatJson(report))).toMatchObject({
      ok: false,
      unknown: [{ id: 'ZZ-99', kind: 'test', at: 'test/t.test.ts:2' }],
    });
  });

  it('[TRC-01] fails on duplicate IDs and on an empty spec, passes when all is covered', () => {
    const tests = [{ path: 'test/t.test.ts', content: cite('AB-01') }];
    const twice = [
      { path: 'spec/x.md', content: '### AB-01 one\nSource: KIP-1\n' },
      { path: 'spec/y.md', content: '### AB-01 again\nSource: KIP-1\n' },
    ];
    const duplicated = checkSpec(input({ specFiles: twice, testFiles: tests }));
    expect(duplicated.summary.uncovered).toBe(0);
    expect(formatText(duplicated)).toContain('duplicate rule id: AB-01 at spec/x.md:1, spec/y.md:1');
    expect(exitCode(duplicated)).toBe(1);

    const empty = checkSpec(input({ specFiles: [] }));
    expect(formatText(empty).split('\n').slice(-2)).toEqual([
      'no rules found under spec/',
      'rules: 0, covered: 0, uncovered: 0',
    ]);
    expect(exitCode(empty)).toBe(1);

    const ok = checkSpec(input({ specFiles: twice.slice(0, 1), testFiles: tests }));
    expect(exitCode(ok)).toBe(0);
  });

  it('[TRC-01] fails on a rule without a Source line', () => {
    const tests = [{ path: 'test/t.test.ts', content: cite('AB-01', 'AB-02') }];
    const spec = [{ path: 'spec/x.md', content: '### AB-01 sourced\nText.\nSource: KIP-1\n### AB-02 unsourced\nText.\n' }];
    const report = checkSpec(input({ specFiles: spec, testFiles: tests }));
    expect(report.summary.uncovered).toBe(0);
    expect(failureReasons(report)).toEqual(['rules without a Source line: AB-02']);
    expect(exitCode(report)).toBe(1);
  });
});

describe('the index of spec/README.md', () => {
  const rule = (id: string): string => `### ${id} A rule\nText.\n\nSource: KIP-000.\n`;
  const input = (readme: string): CheckInput => ({
    specFiles: [
      { path: 'spec/README.md', content: readme },
      { path: 'spec/join.md', content: `# Join\n\n${rule('AB-01')}` },
      { path: 'spec/machines/group.md', content: '# generated\n' },
    ],
    testFiles: [{ path: 'test/a.test.ts', content: `it('${cite('AB-01')} x', () => {});` }],
    scenarioFiles: [{ path: 'spec/scenarios/join.ts', content: 'export const s = [];' }],
    machineFiles: [],
  });

  it('[TRC-01] a rule file or scenario module missing from the index fails the check, naming it', () => {
    const report = checkSpec(input('# Spec\n\n| [join.md](join.md) | AB |\n'));
    expect(report.unindexed).toEqual(['spec/machines/group.md', 'spec/scenarios/join.ts']);
    expect(exitCode(report)).toBe(1);
    expect(formatText(report)).toContain('not in the index of spec/README.md: spec/scenarios/join.ts');
  });

  it('[TRC-01] a complete index (a folder link covers its files) passes', () => {
    const report = checkSpec(input('# Spec\n\n[join.md](join.md), [machines/](machines/), [scenarios/join.ts](scenarios/join.ts)\n'));
    expect(report.unindexed).toEqual([]);
    expect(exitCode(report)).toBe(0);
  });
});

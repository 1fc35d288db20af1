/**
 * `kafka-group-spec/vitest`: a child vitest runs test/fixtures/vitest-helper/conformance.fixture.ts,
 * which calls `describeConformance` for a passing target, one that must skip and one that
 * throws while starting; its JSON report and stderr show one test per scenario, skips with
 * their reasons, and failures with the message.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { selectScenarios } from '../../src/conformance/select.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface JsonReport {
  testResults: { assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

it('[TRC-04] registers one test per scenario: passed, skipped with the reason printed, failed with the message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kgspec-vitest-'));
  try {
    const outputFile = join(dir, 'report.json');
    const child = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/fixtures/vitest-helper/vitest.config.ts', '--reporter=json', `--outputFile=${outputFile}`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(1); // the throwing target's tests fail
    const tests = (JSON.parse(readFileSync(outputFile, 'utf8')) as JsonReport).testResults.flatMap((f) => f.assertionResults);
    const of = (block: string): typeof tests => tests.filter((t) => t.fullName.startsWith(`${block} `));

    const cluster = selectScenarios(allScenarios, 'hb-01,HB-02');
    expect(of('cluster').map((t) => t.status)).toEqual(cluster.map(() => 'passed'));
    expect(of('cluster').map((t) => t.fullName)).toEqual(cluster.map((s) => `cluster ${s.name} [${s.rules.join(', ')}]`));

    const lone = of('lone coordinator');
    expect(lone.length).toBe(selectScenarios(allScenarios, 'FO-01').length);
    expect(lone.every((t) => t.status === 'skipped')).toBe(true);
    expect(child.stderr).toMatch(/^skipped: Failover: .*: the target cannot move coordinators$/m);

    const throwing = of('throws');
    expect(throwing.length).toBe(selectScenarios(allScenarios, 'HB-01').length);
    for (const t of throwing) {
      expect(t.status).toBe('failed');
      expect(t.failureMessages[0]).toContain('step 0: start');
      expect(t.failureMessages[0]).toContain('actual   exception: cannot reach my broker');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 150_000);

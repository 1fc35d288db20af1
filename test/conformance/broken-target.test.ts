/**
 * The suite must catch a broken implementation, and blame the right rules: targets that wrap
 * the built-in broker and break one behaviour make `kgspec conformance` fail on those rule IDs.
 */
import { describe, expect, it } from 'vitest';
import { runConformanceCommand } from '../../src/cli/conformance.js';
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import type { Target } from '../../src/conformance/target.js';
import { DEFAULT_CONFIG } from '../../src/protocol/config.js';
import { brokenTarget } from '../helpers/broken-target.js';

/** A target (the built-in cluster) whose responses pass through `rewrite`. */

async function failedRules(target: Target): Promise<{ code: number; rules: Set<string>; summary: string }> {
  const out: string[] = [];
  const code = await runConformanceCommand(DEFAULT_CONFIG, ['--report', 'json'], { out: (s) => out.push(s), err: () => {} }, target);
  const report = JSON.parse(out.join('\n')) as { summary: { failed: number }; results: { status: string; rules: string[] }[] };
  const rules = new Set(report.results.filter((r) => r.status === 'failed').flatMap((r) => r.rules));
  return { code, rules, summary: JSON.stringify(report.summary) };
}

describe('conformance catches broken targets', () => {
  it('[HB-03] a target answering Heartbeat in PreparingRebalance with NONE fails on HB-03', async () => {
    const target = brokenTarget('heartbeat-never-rebalancing', (r) => (r.api === 'Heartbeat' && r.errorCode === 27 ? { ...r, errorCode: 0 } : r));
    const { code, rules } = await failedRules(target);
    expect(code).toBe(1);
    expect(rules.has('HB-03')).toBe(true);
  });

  it('[GS-06] a target that never bumps the generation in JoinGroup responses fails on GS-06', async () => {
    const target = brokenTarget('generation-stuck', (r) => (r.api === 'JoinGroup' && r.errorCode === 0 ? { ...r, generationId: 1 } : r));
    const { code, rules } = await failedRules(target);
    expect(code).toBe(1);
    expect(rules.has('GS-06')).toBe(true);
  });

  it('[TRC-01] the unbroken built-in broker passes everything', async () => {
    const { code, summary } = await failedRules(new ClusterTarget());
    expect(summary).toMatch(/"failed":0/);
    expect(code).toBe(0);
  });
});

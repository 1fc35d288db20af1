import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli.js';
import { runDemoEntries, timelineLines } from '../../../src/cli/demo.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: () => {} });
  return { code, out: out.join('\n') };
}

describe('kgspec demo --protocol consumer', () => {
  it('[DET-01][CL-39] the KIP-848 demo prints the same text every run, shows reconciliation with epochs, and every record is read once', async () => {
    const a = await cli('demo', '--protocol', 'consumer');
    expect(a.code).toBe(0);
    const entries = runDemoEntries({}, { protocol: 'consumer' });
    const lines = timelineLines(entries);
    expect(lines.join('\n')).toBe(a.out);
    const text = a.out;
    // Members join with epoch 0 and client-generated ids, reconcile and acknowledge.
    expect(text).toContain('c1   -> b2  ConsumerGroupHeartbeat v1 group=orders-app member=…0001 epoch=0 topics=[orders] owned=0');
    expect(text).toMatch(/c1 {3}state {2}RECONCILING -> ACKNOWLEDGING \(reconciled: -4 \+0\)/);
    expect(text).toContain('c4   state  UNSUBSCRIBED -> JOINING (poll)');
    expect(text).toMatch(/c3 {3}state {2}RECONCILING -> ACKNOWLEDGING \(reconciled: -1 \+0\)/);
    // c2 crashes and its session expires; the coordinator's crash moves the group to b1.
    expect(text).toContain('orders-app: …0002 removed (its session expired)');
    expect(text).toContain('b1   group  loaded orders-app: Stable at epoch 5 with 3 members');
    for (const c of ['c1', 'c3', 'c4']) expect(text).toContain(`${c}   x- b2  ConsumerGroupHeartbeat: BROKER_DOWN`);
    expect(text).toMatch(/end: 42 records produced; the group read 42 distinct ones: none lost, none read twice$/m);
    // Heartbeats that change nothing are left out, but they happened.
    expect(lines.filter((l) => /ConsumerGroupHeartbeat NONE\(0\) member=…0001 epoch=5$/.test(l))).toHaveLength(1);
    expect(entries.some((e) => e.kind === 'response' && e.response.api === 'ConsumerGroupHeartbeat' && e.routine)).toBe(true);
  });
});

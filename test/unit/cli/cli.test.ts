import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli.js';
import { runDemo, runDemoEntries } from '../../../src/cli/demo.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('kgspec CLI', () => {
  it('[DET-01] the demo run twice prints identical output', async () => {
    const a = await cli('demo');
    const b = await cli('demo');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(runDemo()).toEqual(runDemo());
  });

  it('the demo tells the story: joins, a late fourth member, an expulsion, a coordinator crash and failover, commits kept', () => {
    const text = runDemo().join('\n');
    // Three consumers find the coordinator and join in two steps (KIP-394), then a fourth joins.
    expect(text).toContain('c1   -> b0  FindCoordinator v4 keys=[orders-app]');
    expect(text).toContain('c1   <- b0  FindCoordinator orders-app:NONE(0) coordinator=b2');
    expect(text).toContain('JoinGroup MEMBER_ID_REQUIRED(79) member=c4-…0004');
    expect(text).toContain('c1   <- b2  JoinGroup NONE(0) gen=2 member=c1-…0001 leader=c1-…0001 protocol=range members=4');
    expect(text).toContain('b2   group  orders-app: Stable -> PreparingRebalance');
    // They consume and commit.
    expect(text).toMatch(/c1 {3}-> b2 {2}OffsetCommit v9 gen=1 member=c1-…0001 orders-0:3 orders-1:3/);
    // c2 crashes and is expelled once its session expires; the others rebalance without it.
    expect(text).toContain('orders-app: c2-…0002 removed (its session expired)');
    expect(text).toContain('c1   <- b2  JoinGroup NONE(0) gen=3 member=c1-…0001 leader=c1-…0001 protocol=range members=3');
    // The coordinator crashes; b1 takes over and loads the group; the members find it again.
    expect(text).toContain('b2, the coordinator of orders-app, crashes');
    expect(text).toContain('b1   group  b1 leads __consumer_offsets-5 and becomes the coordinator of orders-app');
    expect(text).toContain('b1   group  loaded orders-app: Stable at generation 3 with 3 members');
    for (const c of ['c1', 'c3', 'c4']) {
      expect(text).toContain(`${c}   x- b2  Heartbeat: BROKER_DOWN`);
      expect(text).toContain(`${c}   <- b0  FindCoordinator orders-app:NONE(0) coordinator=b1`);
      expect(text).toMatch(new RegExp(`${c} {3}-> b1 {2}OffsetCommit v9 gen=3 `));
    }
    // Nothing committed was lost: every record was read once, and the last commits stand.
    expect(text).toMatch(/end: orders-app on b1 is Stable at generation 3, members \[c1-…0001, c3-…0003, c4-…0004\], leader c1-…0001; committed offsets orders-0:7 orders-1:7 orders-2:7 orders-3:7 orders-4:7 orders-5:7$/m);
    expect(text).toMatch(/end: 42 records produced; the group read 42 distinct ones: none lost, none read twice$/m);
  });

  it('the timeline leaves out successful heartbeats and fetches, and says so', () => {
    const lines = runDemo();
    expect(lines[1]).toContain('successful heartbeats (every 3000 ms) and fetches are left out');
    expect(lines.filter((l) => / <- b\d {2}Heartbeat NONE/.test(l))).toEqual([]);
    expect(lines.filter((l) => / <- b\d {2}Fetch /.test(l))).toEqual([]);
    const entries = runDemoEntries();
    expect(entries.some((e) => e.kind === 'response' && e.response.api === 'Heartbeat' && e.routine)).toBe(true);
    expect(entries.some((e) => e.kind === 'response' && e.response.api === 'Fetch' && e.routine)).toBe(true);
  });

  it("the README's timeline excerpt is lines of the demo's output, in order", async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Two commands'));
    const excerpt = /an excerpt[^`]*```\n([\s\S]*?)```/.exec(section)?.[1]?.trimEnd().split('\n') ?? [];
    expect(excerpt.length).toBeGreaterThan(10);
    const lines = runDemo();
    let at = 0;
    for (const line of excerpt) {
      const found = lines.indexOf(line, at);
      expect(found, line).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });

  it('--help lists the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}demo {2}/m);
    expect(r.out).toMatch(/^ {2}conformance {2}/m);
  });

  it('refuses an unknown broker config, naming it', async () => {
    const r = await cli('demo', '--config', 'group.bogus.ms=1');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown broker config 'group.bogus.ms'");
  });

  it('refuses a bad config value, naming the key', async () => {
    const r = await cli('demo', '--config', 'group.initial.rebalance.delay.ms=soon');
    expect(r.code).toBe(2);
    expect(r.err).toContain("'group.initial.rebalance.delay.ms'");
  });

  it('a broker config changes the run', async () => {
    const a = await cli('demo', '--config', 'group.initial.rebalance.delay.ms=0');
    expect(a.code).toBe(0);
    expect(a.out).not.toBe((await cli('demo')).out);
    // No initial delay: the first generation forms as soon as the three members have joined.
    expect(a.out).toMatch(/^ {6}5 ms {2}b2 {3}group {2}orders-app: PreparingRebalance -> CompletingRebalance$/m);
  });

  it('broker configs apply to the coordinators of the cluster: group.max.size=3 turns the fourth member away', async () => {
    const r = await cli('demo', '--config', 'group.max.size=3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('c4   <- b2  JoinGroup GROUP_MAX_SIZE_REACHED(81)');
    expect(r.out).toContain('c4   app    poll() threw GroupFatal');
    expect(r.out).not.toContain('members=4');
  });

  it('--config-file reads broker configs from a server.properties file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'kgspec-')), 'server.properties');
    writeFileSync(file, '# the coordinators\ngroup.max.size=3\n');
    const r = await cli('demo', '--config-file', file);
    expect(r.code).toBe(0);
    expect(r.out).toBe((await cli('demo', '--config', 'group.max.size=3')).out);
  });

  it('conformance runs the suite in process and ends with the summary line', async () => {
    const r = await cli('conformance');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').at(-1)).toMatch(/^conformance: \d+ passed, 0 failed, 0 skipped$/);
  });
});

describe('kgspec demo --sequence', () => {
  it('[DET-01] writes a Mermaid sequence diagram of the run, identical to the committed docs/diagrams/demo-sequence.mmd', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'kgspec-')), 'demo.mmd');
    const r = await cli('demo', '--sequence', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('sequenceDiagram\n')).toBe(true);
    // The consumers and the brokers take part; the exchange includes discovery and commits.
    for (const p of ['c1', 'c2', 'c3', 'c4', 'b0', 'b1', 'b2']) expect(text).toContain(`\n  participant ${p}\n`);
    for (const api of ['FindCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'OffsetFetch', 'OffsetCommit']) expect(text).toMatch(new RegExp(`\\n  c\\d->>b\\d: ${api} `));
    expect(text).toContain('  b2-->>c1: JoinGroup NONE(0) gen=1');
    expect(text).toContain('  Note over b2: 31103 ms: orders-app: Stable -> PreparingRebalance');
    // Crashes and failover are notes; a request lost with the crashed broker is a crossed arrow.
    expect(text).toContain('  Note over c2: 22000 ms: c2 crashes');
    expect(text).toContain('  Note over b2: 40000 ms: b2, the coordinator of orders-app, crashes');
    expect(text).toContain('  Note over b1: 40001 ms: loaded orders-app: Stable at generation 3 with 3 members');
    expect(text).toContain('  c1-xb2: Heartbeat v4 gen=3 member=c1-…0001: BROKER_DOWN');
    expect(text).toContain('  c1->>b1: OffsetCommit v9 gen=3');
    // Routine traffic is left out, and a note says so.
    expect(text).toContain('successful heartbeats (every 3000 ms) and fetches are left out');
    expect(text).not.toMatch(/Heartbeat NONE|->>b\d: (Fetch|Metadata|ListOffsets) /);
    expect(text.split('\n').length).toBeLessThan(165);
    // The committed diagram is regenerated from the run: it must not drift.
    expect(readFileSync(new URL('../../../docs/diagrams/demo-sequence.mmd', import.meta.url), 'utf8')).toBe(text);
  });
  it('[DET-01] draws the KIP-848 demo (--protocol consumer) as ConsumerGroupHeartbeat exchanges with epochs and assignments, identical to the committed docs/diagrams/demo-sequence-kip848.mmd', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = join(mkdtempSync(join(tmpdir(), 'kgspec-')), 'demo.mmd');
    const r = await cli('demo', '--protocol', 'consumer', '--sequence', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const p of ['c1', 'c2', 'c3', 'c4', 'b0', 'b1', 'b2']) expect(text).toContain(`\n  participant ${p}\n`);
    // No classic request: the group runs on ConsumerGroupHeartbeat alone.
    expect(text).not.toMatch(/: (JoinGroup|SyncGroup|Heartbeat|LeaveGroup) /);
    // Joining at epoch 0 with every field, the epoch and target in the answer, the acknowledgement with what it owns.
    expect(text).toContain('  c1->>b2: ConsumerGroupHeartbeat v1 group=orders-app member=…0001 epoch=0 topics=[orders] owned=0');
    expect(text).toContain('  b2-->>c1: ConsumerGroupHeartbeat NONE(0) member=…0001 epoch=1 assignment=6 partitions');
    expect(text).toContain('  c1->>b2: ConsumerGroupHeartbeat v1 group=orders-app member=…0001 epoch=1 owned=2');
    expect(text).toContain('  Note over b2: 3 ms: orders-app: Stable -> Reconciling (epoch 2)');
    // Commits carry the member epoch; the crash and the failover are notes and crossed arrows.
    expect(text).toContain('  c1->>b2: OffsetCommit v9 gen=3 member=…0001');
    expect(text).toContain('  Note over b2: 31113 ms: orders-app: …0002 removed (its session expired)');
    expect(text).toContain('  c1-xb2: ConsumerGroupHeartbeat v1 group=orders-app member=…0001 epoch=5: BROKER_DOWN');
    expect(text).toContain('  Note over b1: 40001 ms: loaded orders-app: Stable at epoch 5 with 3 members');
    expect(text.split('\n').length).toBeLessThan(165);
    // The committed diagram is regenerated from the run: it must not drift.
    expect(readFileSync(new URL('../../../docs/diagrams/demo-sequence-kip848.mmd', import.meta.url), 'utf8')).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli.js';
import { runDemo } from '../../../src/cli/demo.js';

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

  it('the demo shows the three stories: joins, a leave, a session expiry', () => {
    const text = runDemo().join('\n');
    expect(text).toContain('MEMBER_ID_REQUIRED(79)');
    expect(text).toContain('LeaveGroup v5');
    expect(text).toContain('timer.sessionExpired');
    expect(text).toMatch(/Stable at generation 3/);
  });

  it('--help lists the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('kgspec demo');
    expect(r.out).toContain('kgspec conformance');
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
    for (const api of ['JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup']) expect(text).toMatch(new RegExp(`c\\d->>C: ${api} `));
    expect(text).toContain('C-->>c1: JoinGroup NONE(0) gen=1');
    expect(text).toContain('Note over C: orders-app: Stable -> PreparingRebalance');
    // The committed diagram is regenerated from the run: it must not drift.
    expect(readFileSync(new URL('../../../docs/diagrams/demo-sequence.mmd', import.meta.url), 'utf8')).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { heartbeatRun, rebalanceRun } from '../../../bench/coordinator.js';
import { BenchCheckError } from '../../../bench/harness.js';

describe('the benchmarks check what they measure', () => {
  it('[HB-04] the heartbeat bench passes on a Stable group', () => {
    const run = heartbeatRun({ members: 5, heartbeats: 100 });
    expect(run()).toBeGreaterThanOrEqual(0);
  });

  it('[HB-01] the heartbeat bench fails, not reports, when the members were expelled first (--sabotage)', () => {
    const run = heartbeatRun({ members: 5, heartbeats: 100, sabotage: true });
    expect(run).toThrow(BenchCheckError);
    expect(run).toThrow(/not answered NONE/);
  });

  it('[SG-09] the rebalance bench ends Stable with every member synced', () => {
    expect(rebalanceRun(20)()).toBeGreaterThanOrEqual(0);
  });
});

/**
 * The suite can fail over the wire: deliberately broken brokers (the project's server behind a
 * proxy that rewrites its answers) make the scenarios fail on the rules they break.
 *
 * @remarks
 * Each run takes the suite's scenarios citing the broken rule and a probe per rule built from
 * the shared setups (which take the broker's environment, so they run against a broker with an
 * initial delay of 0). Only scenarios that pass through a proxy that rewrites nothing count, so a
 * scenario that fails for another reason (one not yet written for this environment) blames nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { completingRebalance, preparingRebalance } from '../../spec/scenarios/setup.js';
import { runScenarios, type ScenarioResult } from '../../src/conformance/runner.js';
import type { Scenario } from '../../src/conformance/scenario.js';
import { bytes, expect as expectStep, expectPending, heartbeat, send, syncGroup } from '../../src/conformance/scenario.js';
import { WireTarget } from '../../src/conformance/wire-target.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';
import { startProxy, type ProxyRules } from '../helpers/rewriting-proxy.js';

const SMALL = { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 };

/** One probe per broken rule, on the environment-aware setups. */
const PROBES: Scenario[] = [
  {
    name: 'probe: a member of the previous generation heartbeats in PreparingRebalance -> 27',
    rules: ['HB-03'],
    steps: (env) => [...preparingRebalance(env), send('h2', heartbeat({ memberId: '$m2', generationId: 1 })), expectStep('h2', { errorCode: 27 })],
  },
  {
    name: 'probe: the rejoin completes generation 2',
    rules: ['GS-06'],
    steps: (env) => completingRebalance(env),
  },
  {
    name: "probe: a follower's SyncGroup waits for the leader's",
    rules: ['SG-07', 'SG-09'],
    steps: (env) => [
      ...completingRebalance(env),
      send('s2', syncGroup({ memberId: '$m2', generationId: 2 })),
      expectPending('s2'),
      send('s1', syncGroup({ memberId: '$m1', generationId: 2, assignments: [{ memberId: '$m2', assignment: bytes('a2') }] })),
      expectStep('s1', { errorCode: 0 }),
      expectStep('s2', { errorCode: 0, assignment: bytes('a2') }),
    ],
  },
];

/** The suite's scenarios citing any of `rules`, and the probes citing them. */
function citing(...rules: string[]): Scenario[] {
  return [...allScenarios, ...PROBES].filter((s) => s.rules.some((r) => rules.includes(r)));
}

/** (a) Heartbeat in PreparingRebalance answered NONE: a Heartbeat that passes its checks gets REBALANCE_IN_PROGRESS(27) only there (HB-03, HB-04). */
const heartbeatNeverRebalancing: ProxyRules = {
  rewrite: (_req, r) => (r.api === 'Heartbeat' && r.errorCode === 27 ? { ...r, errorCode: 0 } : r),
};

/** (b) JoinGroup answers that never bump the generation. */
const generationStuck: ProxyRules = {
  rewrite: (_req, r) => (r.api === 'JoinGroup' && r.errorCode === 0 ? { ...r, generationId: 1 } : r),
};

/** (c) A follower's SyncGroup answered at once (empty assignment) before the leader's: leaders are learnt from JoinGroup answers. */
function followerSyncedEarly(): ProxyRules {
  const generations = new Map<string, { generation: number; leader: string; leaderSynced: boolean }>();
  return {
    rewrite: (req, r) => {
      if (req.api === 'JoinGroup' && r.api === 'JoinGroup' && r.errorCode === 0) generations.set(req.groupId, { generation: r.generationId, leader: r.leader, leaderSynced: false });
      return r;
    },
    answer: (req) => {
      const g = req.api === 'SyncGroup' ? generations.get(req.groupId) : undefined;
      if (req.api !== 'SyncGroup' || g === undefined || g.generation !== req.generationId || g.leaderSynced) return undefined;
      if (req.memberId === g.leader) {
        g.leaderSynced = true;
        return undefined;
      }
      return { api: 'SyncGroup', errorCode: 0, protocolType: req.protocolType, protocolName: req.protocolName, assignment: new Uint8Array(0) };
    },
  };
}

describe('broken brokers over the wire fail the suite on the rules they break', () => {
  let kafka: RunningKafka;
  let runs = 0;
  /** Names of the scenarios that pass through a proxy that rewrites nothing. */
  let passing: Set<string>;

  async function through(rules: ProxyRules, scenarios: readonly Scenario[]): Promise<ScenarioResult[]> {
    const proxy = await startProxy(kafka.brokers, rules);
    try {
      return await runScenarios(scenarios, new WireTarget({ bootstrap: proxy.brokers, configs: SMALL }), { parallel: 8, runId: `broken-${++runs}` });
    } finally {
      await proxy.close();
    }
  }

  /** Rules of the scenarios that pass unbroken and fail through the broken proxy: only the break can explain them. */
  async function rulesBrokenBy(rules: ProxyRules, rule: string): Promise<Set<string>> {
    const results = await through(rules, citing(rule).filter((s) => passing.has(s.name)));
    return new Set(results.filter((r) => r.status === 'failed').flatMap((r) => r.rules));
  }

  beforeAll(async () => {
    kafka = await startKafka({ config: SMALL });
    const baseline = await through({}, citing('HB-03', 'GS-06', 'SG-07'));
    passing = new Set(baseline.filter((r) => r.status === 'passed').map((r) => r.name));
  });
  afterAll(() => kafka.close());

  it('[CONF-14] through a proxy that rewrites nothing, every probe passes', () => {
    expect(PROBES.filter((p) => !passing.has(p.name)).map((p) => p.name)).toEqual([]);
  });

  it('[CONF-14, HB-03] a broker answering Heartbeat in PreparingRebalance with NONE fails on HB-03', async () => {
    expect(await rulesBrokenBy(heartbeatNeverRebalancing, 'HB-03')).toContain('HB-03');
  });

  it('[CONF-14, GS-06] a broker that never bumps the generation fails on GS-06', async () => {
    expect(await rulesBrokenBy(generationStuck, 'GS-06')).toContain('GS-06');
  });

  it("[CONF-14, SG-07] a broker answering a follower's SyncGroup before the leader's fails on SG-07", async () => {
    expect(await rulesBrokenBy(followerSyncedEarly(), 'SG-07')).toContain('SG-07');
  });
});

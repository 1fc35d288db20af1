/**
 * The conformance suite over the wire: {@link WireTarget} against the project's own server
 * (`startKafka`) on real sockets, with small timers so the runs take seconds.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basics } from '../../spec/scenarios/basics.js';
import { setupChecks } from '../../spec/scenarios/setup-check.js';
import { runScenarios } from '../../src/conformance/runner.js';
import type { GroupSnapshot, Scenario } from '../../src/conformance/scenario.js';
import { advance, crashCoordinator, expect as expectStep, expectDurable, expectGroup, groupSnapshot, joinGroup, leaveGroup, send } from '../../src/conformance/scenario.js';
import { WireTarget } from '../../src/conformance/wire-target.js';
import type { WireSession } from '../../src/conformance/wire-session.js';
import type { GroupRequest, GroupResponse } from '../../src/protocol/messages/index.js';
import { supportedApiVersions } from '../../src/wire/registry.js';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';
import { startProxy } from '../helpers/rewriting-proxy.js';

const SMALL = { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000 };

/** A free loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until the labelled request is answered (real time). */
async function answer(session: WireSession, label: string, timeoutMs = 5000): Promise<GroupResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = session.response(label);
    if (r !== undefined) return r;
    if (Date.now() > deadline) throw new Error(`no answer to ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function exchange(session: WireSession, label: string, request: GroupRequest): Promise<GroupResponse & Record<string, unknown>> {
  await session.send(label, request);
  return (await answer(session, label)) as GroupResponse & Record<string, unknown>;
}

/** A JoinGroup with concrete timeouts (outside the runner no variables are bound). */
function join(fields: Parameters<typeof joinGroup>[0] = {}): GroupRequest {
  return joinGroup({ sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, ...fields });
}

function summary(results: Awaited<ReturnType<typeof runScenarios>>): string[] {
  return results.map((r) => `${r.status}: ${r.name}${r.status === 'failed' ? ` at ${r.step}: expected ${r.expected}, got ${r.actual}` : r.status === 'skipped' ? ` (${r.reason})` : ''}`);
}

describe('WireTarget against startKafka with small timers', () => {
  let kafka: RunningKafka;
  let target: WireTarget;
  beforeAll(async () => {
    kafka = await startKafka({ brokers: 3, config: SMALL });
    target = new WireTarget({ bootstrap: kafka.brokers, configs: SMALL });
  });
  afterAll(() => kafka.close());

  it('[CONF-10] the setup checks pass over the wire, run in parallel', async () => {
    const results = await runScenarios(setupChecks, target, { parallel: setupChecks.length });
    expect(summary(results)).toEqual(setupChecks.map((s) => `passed: ${s.name}`));
  });

  it('[CONF-12] a durable-record step is noted as not checked; a crash step skips the scenario, both saying why', async () => {
    const durable: Scenario = { name: 'durable', rules: [], steps: [send('j', joinGroup()), expectStep('j', { errorCode: 79 }), expectDurable('g', [])] };
    const crash: Scenario = { name: 'crash', rules: [], steps: [send('j', joinGroup()), crashCoordinator('g')] };
    const [d, c] = await runScenarios([durable, crash], target);
    expect(d).toMatchObject({ status: 'passed', notes: ['step 2 (expectDurable): the target cannot show durable records'] });
    expect(c).toMatchObject({ status: 'skipped', reason: 'the target cannot crash brokers' });
  });

  it('[CONF-11] a group over the wire looks like the in-process group without generation and leader, its protocol shown only in Stable', async () => {
    const session = (await target.start(SMALL, [])) as WireSession;
    const group = `snapshot-${Date.now()}`;
    const compare = async (): Promise<GroupSnapshot | undefined> => {
      const g = kafka.kafka.shardFor(group)?.state.groups.get(group);
      const inProcess = g === undefined ? undefined : groupSnapshot(g);
      const wire = await session.describeGroup(group);
      if (inProcess === undefined) expect(wire).toBeUndefined();
      else {
        const { generationId: _g, leader: _l, protocolName, ...rest } = inProcess;
        expect(wire).toEqual(inProcess.state === 'Stable' ? { ...rest, protocolName } : rest);
      }
      return wire;
    };
    try {
      expect(await compare()).toBeUndefined();
      const j1 = await exchange(session, 'j1', join({ groupId: group }));
      expect((await compare())?.state).toBe('Empty');
      await exchange(session, 'j1b', join({ groupId: group, memberId: j1['memberId'] as string }));
      expect((await compare())?.state).toBe('CompletingRebalance');
      const sync: GroupRequest = { api: 'SyncGroup', version: 5, clientId: 'c', clientHost: '', groupId: group, generationId: 1, memberId: j1['memberId'] as string, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [] };
      await exchange(session, 's1', sync);
      expect(await compare()).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocolName: 'range' });
      const j2 = await exchange(session, 'j2', join({ groupId: group, clientId: 'c2' }));
      await session.send('j2b', join({ groupId: group, clientId: 'c2', memberId: j2['memberId'] as string }));
      // The rejoin is parked (m1 has not rejoined); wait until the broker has it.
      const deadline = Date.now() + 5000;
      while (kafka.kafka.shardFor(group)?.state.groups.get(group)?.state !== 'PreparingRebalance' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await compare())?.state).toBe('PreparingRebalance');
      await exchange(session, 'leave', leaveGroup([j1['memberId'] as string, j2['memberId'] as string], { groupId: group }));
      expect(await compare()).toMatchObject({ state: 'Empty', members: [] });
    } finally {
      await session.close();
    }
  });

  it('[CONF-10] ListGroups asks every broker and DescribeGroups is split by coordinator and combined in request order', async () => {
    const session = (await target.start(SMALL, [])) as WireSession;
    const groups = Array.from({ length: 8 }, (_, i) => `spread-${Date.now()}-${i}`);
    try {
      for (const g of groups) await exchange(session, `j-${g}`, join({ groupId: g }));
      // The groups live on more than one broker, so one broker's answer would not do.
      expect(new Set(groups.map((g) => kafka.kafka.coordinatorFor(g))).size).toBeGreaterThan(1);
      const list = await exchange(session, 'list', { api: 'ListGroups', version: 5, clientId: 'c', clientHost: '', statesFilter: [], typesFilter: [] });
      const listed = (list['groups'] as { groupId: string }[]).map((g) => g.groupId);
      expect(listed.filter((g) => groups.includes(g)).sort()).toEqual([...groups].sort());
      const order = [...groups].reverse();
      const described = await exchange(session, 'describe', { api: 'DescribeGroups', version: 5, clientId: 'c', clientHost: '', groups: order, includeAuthorizedOperations: false });
      expect((described['groups'] as { groupId: string; groupState: string }[]).map((g) => [g.groupId, g.groupState])).toEqual(order.map((g) => [g, 'Empty']));
    } finally {
      await session.close();
    }
  });

  it('[CONF-10] a request naming no group still gets the broker its answer', async () => {
    const session = (await target.start(SMALL, [])) as WireSession;
    try {
      expect(await exchange(session, 'none', { api: 'DescribeGroups', version: 5, clientId: 'c', clientHost: '', groups: [], includeAuthorizedOperations: false })).toEqual({ api: 'DescribeGroups', groups: [] });
    } finally {
      await session.close();
    }
  });

  it('[CONF-10] the scenario topics are created (twice is fine) and exist before the first step', async () => {
    const topic = `topic-${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      const session = (await target.start(SMALL, [{ name: topic, partitions: 3 }])) as WireSession;
      await session.close();
    }
    expect(kafka.kafka.cluster.topic(topic)?.partitions.length).toBe(3);
  });
});

describe('WireTarget: versions, failures and a broker with the default initial delay', () => {
  it('[CONF-09] [CONF-07] a version the scenario names and the broker lacks skips it, naming both; a version left to the broker is negotiated, and fields it cannot carry are not checked', async () => {
    const kafka = await startKafka({ config: SMALL });
    const proxy = await startProxy(kafka.brokers, {
      rewrite: (_req, r) => (r.api === 'ApiVersions' ? { ...r, apiKeys: r.apiKeys.map((k) => (k.apiKey === 11 ? { ...k, maxVersion: 7 } : k)) } : r),
    });
    const ancient = await startProxy(kafka.brokers, {
      rewrite: (_req, r) => (r.api === 'ApiVersions' ? { ...r, apiKeys: r.apiKeys.map((k) => (k.apiKey === 11 ? { ...k, maxVersion: 3 } : k)) } : r),
    });
    try {
      const v9: Scenario = { name: 'v9', rules: [], steps: [send('j', joinGroup({ version: 9 })), expectStep('j', { errorCode: 79 })] };
      const v7: Scenario = { name: 'v7', rules: [], steps: [send('j', joinGroup({ version: 7 })), expectStep('j', { errorCode: 79 })] };
      // skipAssignment is a v9 field: at the negotiated v7 it is not checked.
      const any: Scenario = { name: 'any', rules: [], steps: [send('j', joinGroup()), expectStep('j', { errorCode: 79, skipAssignment: 'not at v7' })] };
      const results = await runScenarios([v9, v7, any], new WireTarget({ bootstrap: proxy.brokers, configs: SMALL }));
      expect(summary(results)).toEqual(['skipped: v9 (the broker offers JoinGroup v0-v7, the scenario sends v9)', 'passed: v7', 'passed: any']);
      const old = await runScenarios([any], new WireTarget({ bootstrap: ancient.brokers, configs: SMALL }));
      expect(summary(old)).toEqual(['skipped: any (the broker offers JoinGroup v0-v3; the scenario needs v4-v9)']);
    } finally {
      await proxy.close();
      await ancient.close();
      await kafka.close();
    }
  });

  it('[CONF-09] a broker that cannot parse our ApiVersions answers UNSUPPORTED_VERSION in the v0 layout, and its version list is used', async () => {
    const kafka = await startKafka({ config: SMALL });
    let refused = 0;
    const proxy = await startProxy(kafka.brokers, {
      // An older broker: ApiVersions v0-2 only.
      answer: (req) => {
        if (req.api !== 'ApiVersions' || req.version <= 2) return undefined;
        refused++;
        return { api: 'ApiVersions', errorCode: 35, throttleTimeMs: 0, apiKeys: supportedApiVersions({ 18: 2 }) };
      },
    });
    try {
      const results = await runScenarios(setupChecks.slice(0, 1), new WireTarget({ bootstrap: proxy.brokers, configs: SMALL }));
      expect(summary(results)).toEqual([`passed: ${setupChecks[0]!.name}`]);
      expect(refused).toBe(1);
    } finally {
      await proxy.close();
      await kafka.close();
    }
  });

  it('[CONF-13] a broker that cannot be reached fails each scenario at its start, naming the address and why', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const results = await runScenarios(setupChecks.slice(0, 2), new WireTarget({ bootstrap: [address], configs: SMALL }));
    for (const r of results) {
      expect(r).toMatchObject({ status: 'failed', step: 'start', expected: 'the target to start' });
      expect(r.status === 'failed' ? r.actual : '').toMatch(new RegExp(`cannot reach the broker: cannot connect to ${address}: .*ECONNREFUSED`));
    }
  });

  it('[CONF-15] a bounded run fails the scenario still running at the bound and skips those not started; waits beyond a scenario limit skip it', async () => {
    const kafka = await startKafka({ config: SMALL });
    // A broker that stops answering DescribeGroups.
    const proxy = await startProxy(kafka.brokers, { hold: (req) => req.api === 'DescribeGroups' });
    try {
      const stuck: Scenario = { name: 'stuck', rules: [], steps: [expectGroup('g', { state: 'Empty' })] };
      const later: Scenario = { name: 'later', rules: [], steps: [] };
      const t0 = Date.now();
      const [s, l] = await runScenarios([stuck, later], new WireTarget({ bootstrap: proxy.brokers, configs: SMALL }), { runTimeLimitMs: 500 });
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(s).toMatchObject({ status: 'failed', step: 'expectGroup g' });
      expect(s?.status === 'failed' ? s.expected : '').toMatch(/^the scenario to end within \d+ ms$/);
      expect(l).toMatchObject({ status: 'skipped', reason: "the run's time limit of 500 ms passed before it started" });
      // Waits longer than the limit skip the scenario at once, saying why.
      const [long] = await runScenarios([{ name: 'long', rules: [], steps: [advance(299_999)] }], new WireTarget({ bootstrap: kafka.brokers, configs: SMALL }));
      expect(long).toMatchObject({ status: 'skipped', reason: 'waits 299999 ms in real time, more than the scenario time limit of 120000 ms' });
    } finally {
      await proxy.close();
      await kafka.close();
    }
  });

  it('[CONF-10] a request whose connection is lost is a network error, with no answer', async () => {
    const kafka = await startKafka({ config: SMALL });
    const proxy = await startProxy(kafka.brokers, { drop: (req) => req.api === 'Heartbeat' });
    const target = new WireTarget({ bootstrap: proxy.brokers, configs: SMALL });
    const session = (await target.start(SMALL, [])) as WireSession;
    try {
      await exchange(session, 'j', join());
      expect(session.networkError('j')).toBe(false);
      await session.send('h', { api: 'Heartbeat', version: 4, clientId: 'c', clientHost: '', groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null });
      const deadline = Date.now() + 5000;
      while (!session.networkError('h') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(session.networkError('h')).toBe(true);
      expect(session.response('h')).toBeUndefined();
    } finally {
      await session.close();
      await proxy.close();
      await kafka.close();
    }
  });

  it('the basics scenario passes over the wire against a broker with the default 3 s initial delay', async () => {
    const configs = { 'group.initial.rebalance.delay.ms': 3000, 'group.min.session.timeout.ms': 1000 };
    const kafka = await startKafka({ config: configs });
    try {
      const results = await runScenarios(basics, new WireTarget({ bootstrap: kafka.brokers, configs }), { parallel: basics.length });
      expect(summary(results)).toEqual(basics.map((s) => `passed: ${s.name}`));
    } finally {
      await kafka.close();
    }
  }, 30_000);
});

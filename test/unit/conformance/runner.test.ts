/**
 * The runner's contract with targets (spec/conformance.md): environments, fixed configs, names,
 * generation shifts, reused labels, versions per broker, and outcomes.
 */
import { describe, expect, it } from 'vitest';
import { ClusterTarget } from '../../../src/conformance/cluster-target.js';
import {
  expect as expectStep,
  expectGroup,
  expectPending,
  heartbeat,
  joinGroup,
  leaveGroup,
  listGroups,
  Namespace,
  runScenario,
  runScenarios,
  scenarioEnv,
  send,
  shiftGenerations,
  syncGroup,
  Unobservable,
} from '../../../src/conformance/index.js';
import type { BrokerConfigs, ClusterSettings, Scenario, Target, TargetSession, TopicSpec } from '../../../src/conformance/index.js';
import type { GroupRequest } from '../../../src/protocol/messages/index.js';
import { setupChecks } from '../../../spec/scenarios/setup-check.js';

/** The cluster target, recording every request it is sent, with optional session overrides. */
function recording(options: { fixedConfigs?: BrokerConfigs; realTime?: boolean; session?: Partial<TargetSession> } = {}): { target: Target; sent: GroupRequest[] } {
  const sent: GroupRequest[] = [];
  const cluster = new ClusterTarget();
  const target: Target = {
    name: 'recording',
    ...(options.fixedConfigs ? { fixedConfigs: options.fixedConfigs } : {}),
    ...(options.realTime ? { realTime: true } : {}),
    async start(configs: BrokerConfigs, topics: readonly TopicSpec[], settings?: ClusterSettings) {
      const session = await cluster.start(configs, topics, settings);
      const send = session.send.bind(session);
      return Object.assign(session, { send: (label: string, r: GroupRequest) => (sent.push(r), send(label, r)) }, options.session);
    },
  };
  return { target, sent };
}

describe('environments', () => {
  it('[CONF-01] sessions follow the broker bounds: 10 s in virtual time, eight margins or the minimum in real time; rebalance = 3 sessions', () => {
    expect(scenarioEnv({}, false)).toMatchObject({ sessionMs: 10_000, rebalanceMs: 30_000, marginMs: 1, settleMs: 0, delayMs: 3000 });
    expect(scenarioEnv({ 'group.min.session.timeout.ms': 1000 }, true)).toMatchObject({ sessionMs: 2400, rebalanceMs: 7200, marginMs: 300 });
    expect(scenarioEnv({}, true).sessionMs).toBe(6000);
    expect(scenarioEnv({ 'group.max.session.timeout.ms': 5000, 'group.min.session.timeout.ms': 100 }, false).sessionMs).toBe(5000);
  });

  it('[CONF-01] a JoinGroup built without timeouts asks for the environment\'s; one that names them keeps them', async () => {
    const { target, sent } = recording({ fixedConfigs: { 'group.min.session.timeout.ms': 1000 }, realTime: false });
    const scenario: Scenario = { name: 'timeouts', rules: [], steps: [send('a', joinGroup()), send('b', joinGroup({ sessionTimeoutMs: 7000 }))] };
    expect((await runScenario(scenario, target)).status).toBe('passed');
    expect(sent.map((r) => (r.api === 'JoinGroup' ? [r.sessionTimeoutMs, r.rebalanceTimeoutMs] : []))).toEqual([[10_000, 30_000], [7000, 30_000]]);
  });

  it('[CONF-02] a broker with fixed configs skips a scenario that asks for other values, naming them; `needs` decides instead when given', async () => {
    const { target } = recording({ fixedConfigs: { 'group.max.size': 5 } });
    const asks: Scenario = { name: 'asks', rules: [], config: { 'group.max.size': 2 }, steps: [] };
    expect(await runScenario(asks, target)).toMatchObject({ status: 'skipped', reason: 'needs group.max.size=2; the target has 5' });
    const flexible: Scenario = { ...asks, needs: (env) => (env.configs['group.max.size']! <= 10 ? undefined : 'too large to fill') };
    expect((await runScenario(flexible, target)).status).toBe('passed');
    const { target: huge } = recording({ fixedConfigs: {} });
    expect(await runScenario(flexible, huge)).toMatchObject({ status: 'skipped', reason: 'too large to fill' });
  });

  it('[CONF-03] [CONF-04] with no initial delay the setups join one member at a time and shift generations: the text reads 1, the broker saw 3', async () => {
    const { target, sent } = recording({ fixedConfigs: { 'group.initial.rebalance.delay.ms': 0 } });
    const results = await runScenarios(setupChecks, target);
    expect(results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    const syncs = sent.filter((r): r is GroupRequest & { api: 'SyncGroup' } => r.api === 'SyncGroup');
    expect(Math.max(...syncs.map((r) => r.generationId))).toBe(3);
  });
});

describe('names and generations at the boundary', () => {
  it('[CONF-04] shifted generations: sent +k, received -k, -1 never shifted', () => {
    const ns = new Namespace('');
    ns.shift('g', 2);
    expect(ns.outbound(heartbeat({ generationId: 1 }))).toMatchObject({ generationId: 3 });
    expect(ns.outbound(heartbeat({ generationId: -1 }))).toMatchObject({ generationId: -1 });
    expect(ns.outbound(heartbeat({ groupId: 'other', generationId: 1 }))).toMatchObject({ generationId: 1 });
    const join = joinGroup();
    expect(ns.inbound(join, { api: 'JoinGroup', errorCode: 0, generationId: 4, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId: '', members: [] })).toMatchObject({ generationId: 2 });
    expect(ns.isShifted('g')).toBe(true);
  });

  it('[CONF-05] group ids and topics get the run prefix on the way out and lose it on the way back; ListGroups keeps only the scenario\'s groups', () => {
    const ns = new Namespace('run-7-');
    expect(ns.outbound(syncGroup())).toMatchObject({ groupId: 'run-7-g' });
    expect(ns.topics([{ name: 't', partitions: 2 }])).toEqual([{ name: 'run-7-t', partitions: 2 }]);
    const listed = ns.inbound(listGroups(), {
      api: 'ListGroups',
      errorCode: 0,
      groups: [
        { groupId: 'run-7-g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
        { groupId: 'someone-else', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
      ],
    } as never);
    expect(listed).toMatchObject({ groups: [{ groupId: 'g' }] });
    expect((listed as unknown as { groups: unknown[] }).groups).toHaveLength(1);
  });
});

describe('labels, versions and outcomes', () => {
  it('[CONF-06] a reused label is a new request: the check sees the latest one (parked), not the earlier answer', async () => {
    // A target that keeps the first answer it saw per label (as the README's old example did).
    const kept = new Map<string, unknown>();
    let inner: TargetSession | undefined;
    const { target: base } = recording();
    const target: Target = {
      name: 'first answer wins',
      async start(configs, topics) {
        inner = (await base.start(configs, topics)) as TargetSession;
        const response = inner.response.bind(inner);
        return Object.assign(inner, {
          response: (label: string) => {
            if (!kept.has(label)) {
              const r = response(label);
              if (r !== undefined) kept.set(label, r);
            }
            return kept.get(label) as ReturnType<TargetSession['response']>;
          },
        });
      },
    };
    const scenario: Scenario = {
      name: 'reuse',
      rules: [],
      steps: [send('x', heartbeat({ memberId: 'nobody' })), expectStep('x', { errorCode: 25 }), send('x', joinGroup({ memberId: '' , version: 3 })), expectPending('x')],
    };
    const r = await runScenario(scenario, target);
    expect(r.status, JSON.stringify(r)).toBe('passed');
  });

  it('[CONF-07] an older broker gets the newest version it offers in range, in that version\'s layout; what it cannot say is skipped with why', async () => {
    const oldest: Record<string, number> = { JoinGroup: 5, LeaveGroup: 1 };
    const negotiate = (api: string, low: number, high: number) => {
      const max = oldest[api] ?? high;
      return max < low ? { skip: `no ${api} in v${low}-v${high}` } : Math.min(max, high);
    };
    const { target, sent } = recording({ session: { negotiate } });
    // LeaveGroup v1 answers the member's outcome at the top level; the scenario reads it per member, as v3+ lays it out.
    const one: Scenario = { name: 'one leaves', rules: [], steps: [send('j', joinGroup()), send('l', leaveGroup(['m'])), expectStep('l', { errorCode: 0, members: [{ memberId: 'm', errorCode: 25 }] })] };
    expect((await runScenario(one, target)).status).toBe('passed');
    expect(sent.map((r) => [r.api, r.version])).toEqual([['JoinGroup', 5], ['LeaveGroup', 1]]);
    expect(sent[1]).toMatchObject({ memberId: 'm' });
    const two: Scenario = { name: 'two leave', rules: [], steps: [send('l', leaveGroup(['m', 'n']))] };
    expect(await runScenario(two, target)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('names one member') });
    const { target: ancient } = recording({ session: { negotiate: (api, low, high) => (api === 'JoinGroup' ? { skip: 'the broker offers JoinGroup v0-v3' } : high) } });
    expect(await runScenario({ name: 'join', rules: [], steps: [send('j', joinGroup())] }, ancient)).toMatchObject({ status: 'skipped', reason: 'the broker offers JoinGroup v0-v3' });
    const exact: Scenario = { name: 'exact', rules: [], steps: [send('j', joinGroup({ version: 9 }))] };
    sent.length = 0;
    await runScenario(exact, target);
    expect(sent[0]?.version).toBe(9);
  });

  it('[CONF-07] answer fields the version cannot carry are not checked', async () => {
    const { target } = recording({ session: { unobservable: () => ['protocolName'] } });
    const scenario: Scenario = { name: 'fields', rules: [], steps: [send('h', heartbeat({ memberId: 'x' })), expectStep('h', { errorCode: 25, protocolName: 'never there' })] };
    expect((await runScenario(scenario, target)).status).toBe('passed');
    const { target: plain } = recording();
    expect((await runScenario(scenario, plain)).status).toBe('failed');
  });

  it('[CONF-08] a target that throws while starting fails that scenario with its message; the run goes on', async () => {
    let starts = 0;
    const cluster = new ClusterTarget();
    const flaky: Target = {
      name: 'flaky',
      async start(configs, topics) {
        if (starts++ === 0) throw new Error('cannot reach the broker');
        return cluster.start(configs, topics);
      },
    };
    const s: Scenario = { name: 's', rules: ['X-01'], steps: [] };
    const results = await runScenarios([s, { ...s, name: 't' }], flaky);
    expect(results[0]).toMatchObject({ status: 'failed', step: 'start', expected: 'the target to start', actual: 'exception: cannot reach the broker' });
    expect(results[1]?.status).toBe('passed');
  });

  it('[CONF-08] a check the target cannot make is noted, not failed; failures carry the exchange', async () => {
    const blind = recording({ session: { describeGroup: () => Promise.reject(new Unobservable('the broker does not implement DescribeGroups')) } });
    const scenario: Scenario = { name: 'blind', rules: [], steps: [send('h', heartbeat({ memberId: 'x' })), expectGroup('g', { state: 'Stable' }), shiftGenerations('g', 0)] };
    expect(await runScenario(scenario, blind.target)).toMatchObject({ status: 'passed', notes: ['step 1 (expectGroup): the broker does not implement DescribeGroups'] });
    const failing: Scenario = { name: 'fails', rules: [], steps: [send('h', heartbeat({ memberId: 'x' })), expectStep('h', { errorCode: 0 })] };
    const r = await runScenario(failing, recording().target);
    expect(r).toMatchObject({ status: 'failed', stepIndex: 1, transcript: [{ label: 'h', response: { errorCode: 25 }, expected: '{"errorCode":0}' }] });
  });
});

describe('failures in shared setups', () => {
  it('[CONF-08] a failed check that names its own rules (a setup\'s) reports them, not the scenario\'s', async () => {
    const scenario: Scenario = { name: 'setup fails', rules: ['HB-03'], steps: [send('h', heartbeat({ memberId: 'x' })), expectStep('h', { errorCode: 0 }, ['SG-10'])] };
    const r = await runScenario(scenario, recording().target);
    expect(r).toMatchObject({ status: 'failed', stepRules: ['SG-10'] });
    const plain = await runScenario({ ...scenario, steps: [send('h', heartbeat({ memberId: 'x' })), expectStep('h', { errorCode: 0 })] }, recording().target);
    expect(plain.status === 'failed' && plain.stepRules).toBe(undefined);
  });
});

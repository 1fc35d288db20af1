/**
 * The runner's consumer-group (KIP-848) support (spec/conformance.md CONF-16..CONF-20): topic ids
 * by name, member ids per ConsumerGroupHeartbeat version, assignments as sets, consumer-group
 * snapshots, and brokers without the APIs. A scripted target stands in for a broker, so these
 * checks hold whatever the coordinator's consumer-group handler does.
 */
import { describe, expect, it } from 'vitest';
import {
  alignGeneration,
  assigned,
  consumerHeartbeat,
  clientMemberId,
  createTopic,
  expect as expectStep,
  expectConsumerGroup,
  fullHeartbeat,
  inAnyOrder,
  joinConsumer,
  match,
  owned,
  runScenario,
  sameAssignment,
  send,
  topicId,
} from '../../../src/conformance/index.js';
import type { ConsumerGroupSnapshot, Scenario, Target, TargetSession, TopicSpec } from '../../../src/conformance/index.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse, GroupRequest, GroupResponse } from '../../../src/protocol/messages/index.js';
import { WireSession } from '../../../src/conformance/wire-session.js';

/** What a scripted broker does: answers heartbeats, names topic ids, describes one group. */
interface Script {
  readonly ids?: Readonly<Record<string, string>>;
  readonly answer?: (r: ConsumerGroupHeartbeatRequest) => Partial<ConsumerGroupHeartbeatResponse>;
  readonly group?: ConsumerGroupSnapshot;
  readonly session?: Partial<TargetSession>;
}

/** A target whose sessions answer as the script says, recording what reaches them. */
function scripted(script: Script = {}): { target: Target; sent: GroupRequest[]; topics: TopicSpec[] } {
  const sent: GroupRequest[] = [];
  const topics: TopicSpec[] = [];
  const target: Target = {
    name: 'scripted',
    async start(_configs, declared) {
      topics.push(...declared);
      const answers = new Map<string, GroupResponse>();
      const ids = new Map(Object.entries(script.ids ?? {}));
      const session: TargetSession = {
        async send(label, request) {
          sent.push(request);
          if (request.api !== 'ConsumerGroupHeartbeat') return;
          const base: ConsumerGroupHeartbeatResponse = { api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode: 0, errorMessage: null, memberId: request.memberId || 'coordinator-made', memberEpoch: 1, heartbeatIntervalMs: 5000, assignment: null };
          answers.set(label, { ...base, ...script.answer?.(request) });
        },
        response: (label) => answers.get(label),
        async advance() {},
        async describeGroup() {
          return undefined;
        },
        async topicIds(names) {
          return new Map(names.flatMap((n) => (ids.has(n) ? [[n, ids.get(n)!] as const] : [])));
        },
        async createTopic(t) {
          topics.push(t);
          ids.set(t.name, `id-of-${t.name}`);
        },
        async describeConsumerGroup() {
          return script.group;
        },
        async close() {},
        ...script.session,
      };
      return session;
    },
  };
  return { target, sent, topics };
}

const heartbeats = (sent: GroupRequest[]): ConsumerGroupHeartbeatRequest[] => sent.filter((r): r is ConsumerGroupHeartbeatRequest => r.api === 'ConsumerGroupHeartbeat');

describe('topic ids by name', () => {
  it('[CONF-16] topicId(t) becomes the id the target gave the prefixed topic; subscribed names and regexes get the run prefix', async () => {
    const { target, sent } = scripted({ ids: { 'run-0-t': 'TTTTTTTTTTTTTTTTTTTTTT' } });
    const scenario: Scenario = {
      name: 'ids',
      rules: [],
      topics: [{ name: 't', partitions: 2 }],
      steps: [send('j', joinConsumer('$m1', ['t'], { subscribedTopicRegex: 'a|t.*' })), send('h', fullHeartbeat('$m1', 1, ['t'], owned({ t: [1, 0] })))],
    };
    const result = await runScenario(scenario, target, { runId: 'run' });
    expect(result.status, JSON.stringify(result)).toBe('passed');
    const [join, hb] = heartbeats(sent);
    expect(join).toMatchObject({ groupId: 'run-0-g', subscribedTopicNames: ['run-0-t'], subscribedTopicRegex: 'run-0-(a|t.*)', topicPartitions: [] });
    expect(hb!.topicPartitions).toEqual([{ topicId: 'TTTTTTTTTTTTTTTTTTTTTT', partitions: [1, 0] }]);
  });

  it('[CONF-16] a scenario naming the id of a topic the target cannot tell is skipped, saying which', async () => {
    const { target, sent } = scripted({ ids: {} });
    const scenario: Scenario = { name: 'no ids', rules: [], topics: [{ name: 't', partitions: 1 }], steps: [send('h', fullHeartbeat('$m1', 1, ['t'], owned({ t: [0] })))] };
    expect(await runScenario(scenario, target)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^the target cannot tell the id of topic t/) });
    expect(sent).toEqual([]);
  });

  it('[CONF-16] a target that cannot name topics by id skips a consumer scenario with topics before its first step', async () => {
    const { target, sent } = scripted({ session: { topicIds: undefined } });
    const scenario: Scenario = { name: 'no topicIds', rules: [], topics: [{ name: 't', partitions: 1 }], steps: [send('j', joinConsumer('$m1', ['t']))] };
    expect(await runScenario(scenario, target)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^the target cannot name topics by id/) });
    expect(sent).toEqual([]);
    // Without topics there is nothing to name: the scenario runs.
    expect((await runScenario({ ...scenario, topics: [], steps: [send('j', joinConsumer('$m1', []))] }, scripted({ session: { topicIds: undefined } }).target)).status).toBe('passed');
  });

  it('[CONF-16] [CONF-19] a createTopic step creates the prefixed topic and binds its id; a target that cannot create topics skips', async () => {
    const { target, sent, topics } = scripted();
    const scenario: Scenario = { name: 'create', rules: [], steps: [createTopic('u', 3), send('h', fullHeartbeat('$m1', 1, ['u'], owned({ u: [2] })))] };
    expect((await runScenario(scenario, target, { runId: 'r' })).status).toBe('passed');
    expect(topics).toEqual([{ name: 'r-0-u', partitions: 3 }]);
    expect(heartbeats(sent)[0]!.topicPartitions).toEqual([{ topicId: 'id-of-r-0-u', partitions: [2] }]);
    const without = scripted({ session: { createTopic: undefined } });
    expect(await runScenario(scenario, without.target)).toMatchObject({ status: 'skipped', reason: 'the target cannot create topics during a scenario' });
  });
});

describe('member ids per version', () => {
  const joinThenBeat = (version?: number): Scenario => ({
    name: 'member ids',
    rules: [],
    steps: [
      send('j', joinConsumer('$m1', [], version === undefined ? {} : { version })),
      expectStep('j', { errorCode: 0, memberId: '$m1' }),
      send('h', fullHeartbeat('$m1', 1, [], [], version === undefined ? {} : { version })),
    ],
  });

  it('[CONF-17] at v0 the join carries "" and the coordinator\'s id, bound from the answer, is sent afterwards', async () => {
    const { target, sent } = scripted();
    expect((await runScenario(joinThenBeat(0), target)).status).toBe('passed');
    expect(heartbeats(sent).map((r) => [r.version, r.memberId])).toEqual([[0, ''], [0, 'coordinator-made']]);
  });

  it('[CONF-17] from v1 (the default in process) the client generates a uuid-shaped id: deterministic per run prefix and variable', async () => {
    const { target, sent } = scripted();
    expect((await runScenario(joinThenBeat(), target, { runId: 'x' })).status).toBe('passed');
    const ids = heartbeats(sent).map((r) => [r.version, r.memberId]);
    const id = clientMemberId('x-0-', 'm1');
    expect(ids).toEqual([[1, id], [1, id]]);
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    expect(clientMemberId('x-0-', 'm2')).not.toBe(id);
    expect(clientMemberId('x-1-', 'm1')).not.toBe(id);
    // 1000 variables, 1000 ids, none starting with '-'.
    const many = Array.from({ length: 1000 }, (_, i) => clientMemberId('p-', `m${i}`));
    expect(new Set(many).size).toBe(1000);
    expect(many.every((m) => !m.startsWith('-'))).toBe(true);
  });

  it('[CONF-17] a broker whose newest ConsumerGroupHeartbeat is v0 gets v0; a regex subscription there skips the scenario', async () => {
    const session = { negotiate: (_api: string, _oldest: number, _newest: number) => 0 };
    const { target, sent } = scripted({ session });
    expect((await runScenario(joinThenBeat(), target)).status).toBe('passed');
    expect(heartbeats(sent).map((r) => r.memberId)).toEqual(['', 'coordinator-made']);
    const regex: Scenario = { name: 'regex', rules: [], steps: [send('j', joinConsumer('$m1', [], { subscribedTopicRegex: 't.*' }))] };
    expect(await runScenario(regex, scripted({ session }).target)).toMatchObject({ status: 'skipped', reason: expect.stringContaining('cannot subscribe by regex (v1+') });
  });
});

describe('assignments as sets', () => {
  const vars = (): Map<string, unknown> => new Map<string, unknown>([['topicId:t', 'T'], ['topicId:u', 'U']]);

  it('[CONF-18] exact partitions match in any order and across split entries; another topic or partition fails', () => {
    const actual = { topicPartitions: [{ topicId: 'U', partitions: [1] }, { topicId: 'T', partitions: [2, 0] }, { topicId: 'T', partitions: [1] }] };
    expect(match(assigned({ t: [0, 1, 2], u: [1] }), actual, vars())).toBeUndefined();
    expect(match(assigned({ t: [0, 1, 2] }), actual, vars())).toMatchObject({ expected: expect.stringContaining('t:[0,1,2]'), actual: '{t:[0,1,2] u:[1]}' });
    expect(match(assigned({ t: [0, 1], u: [1] }), actual, vars())).toBeDefined();
    expect(match(assigned({ t: [0, 1, 2], u: [0] }), actual, vars())).toBeDefined();
    expect(match(assigned({}), [], vars())).toBeUndefined();
    expect(match(assigned({}), null, vars())).toBeDefined();
    expect(match(assigned({ v: [0] }), [], vars())).toMatchObject({ expected: expect.stringContaining('the id of topic v is unknown') });
  });

  it('[CONF-18] counts accept any partitions; bind keeps the canonical list; disjointFrom fails an overlap', () => {
    const b = vars();
    expect(match(assigned({ t: 2 }, { bind: 'a1' }), [{ topicId: 'T', partitions: [3, 1] }], b)).toBeUndefined();
    expect(b.get('a1')).toEqual([{ topicId: 'T', partitions: [1, 3] }]);
    expect(match(assigned({ t: 2 }, { disjointFrom: ['a1'] }), [{ topicId: 'T', partitions: [0, 2] }], b)).toBeUndefined();
    expect(match(assigned({ t: 2 }, { disjointFrom: ['a1'] }), [{ topicId: 'T', partitions: [0, 1] }], b)).toMatchObject({ expected: expect.stringContaining('sharing no partition with $a1') });
    expect(match(assigned({ t: 3 }), [{ topicId: 'T', partitions: [0, 1] }], b)).toBeDefined();
    expect(match(sameAssignment('$a1'), [{ topicId: 'T', partitions: [3] }, { topicId: 'T', partitions: [1] }], b)).toBeUndefined();
    expect(match(sameAssignment('a1'), [{ topicId: 'T', partitions: [1] }], b)).toMatchObject({ expected: 'the assignment in $a1 = {t:[1,3]}' });
    expect(match(sameAssignment('a1'), [{ topicId: 'T', partitions: [1, 3] }, { topicId: 'U', partitions: [0] }], b)).toBeDefined();
    // A failed match binds nothing.
    expect(match(assigned({ t: 1 }, { bind: 'a2' }), [{ topicId: 'T', partitions: [0, 1] }], b)).toBeDefined();
    expect(b.has('a2')).toBe(false);
  });

  it('[CONF-18] inAnyOrder matches each element once, backtracking over bindings; a missing or extra element fails', () => {
    const b = new Map<string, unknown>();
    expect(match(inAnyOrder({ id: '$x', n: 2 }, { id: 'b', n: 1 }), [{ id: 'b', n: 1 }, { id: 'a', n: 2 }], b)).toBeUndefined();
    expect(b.get('x')).toBe('a');
    expect(match(inAnyOrder(1, 2), [2, 2], new Map())).toBeDefined();
    expect(match(inAnyOrder(1, 2), [1, 2, 3], new Map())).toBeDefined();
    // The first element matches '$y' first; only giving it to the literal 1 lets the second match.
    const y = new Map<string, unknown>();
    expect(match(inAnyOrder('$y', 1), [1, 2], y)).toBeUndefined();
    expect(y.get('y')).toBe(2);
  });
});

describe('consumer-group snapshots', () => {
  const group: ConsumerGroupSnapshot = {
    state: 'Stable',
    groupEpoch: 2,
    assignmentEpoch: 2,
    members: [
      { memberId: 'B', instanceId: null, memberEpoch: 2, subscribedTopicNames: ['p-0-t'], subscribedTopicRegex: null, assignment: [{ topicId: 'T', partitions: [1] }], targetAssignment: [{ topicId: 'T', partitions: [1] }] },
      { memberId: 'A', instanceId: null, memberEpoch: 2, subscribedTopicNames: ['p-0-t'], subscribedTopicRegex: 'p-0-(t.*)', assignment: [{ topicId: 'T', partitions: [0] }], targetAssignment: [{ topicId: 'T', partitions: [0] }] },
    ],
  };
  const steps = (members: unknown): Scenario => ({
    name: 'describe',
    rules: [],
    topics: [{ name: 't', partitions: 2 }],
    steps: [expectConsumerGroup('g', { state: 'Stable', groupEpoch: 2, assignmentEpoch: 2, members })],
  });

  it('[CONF-19] expectConsumerGroup sees state, epochs and members in the scenario\'s names, members in any order', async () => {
    const ok = inAnyOrder(
      { memberId: 'A', memberEpoch: 2, subscribedTopicNames: ['t'], subscribedTopicRegex: 't.*', assignment: assigned({ t: [0] }) },
      { memberId: 'B', memberEpoch: 2, assignment: assigned({ t: [1] }, { disjointFrom: [] }) },
    );
    const { target } = scripted({ ids: { 'p-0-t': 'T' }, group });
    expect((await runScenario(steps(ok), target, { runId: 'p' })).status).toBe('passed');
    const wrong = inAnyOrder({ memberId: 'A', assignment: assigned({ t: [1] }) }, { memberId: 'B' });
    expect(await runScenario(steps(wrong), scripted({ ids: { 'p-0-t': 'T' }, group }).target, { runId: 'p' })).toMatchObject({ status: 'failed', step: 'expectConsumerGroup g' });
  });

  it('[CONF-19] no consumer group fails the check; a target without the capability skips the scenario', async () => {
    expect(await runScenario(steps(anythingArray()), scripted({ ids: { 't': 'T' } }).target)).toMatchObject({ status: 'failed', expected: 'consumer group g', actual: 'no such group' });
    expect(await runScenario(steps(anythingArray()), scripted({ session: { describeConsumerGroup: undefined } }).target)).toMatchObject({ status: 'skipped', reason: 'the target cannot describe consumer groups' });
  });
});

function anythingArray(): unknown {
  return inAnyOrder();
}

describe('epochs aligned with the text', () => {
  it('[CONF-21] a broker whose first epoch is 3 is aligned: epochs above 0 go out +2 and come back -2; 0, -1 and -2 never move', async () => {
    // The scripted broker answers one more than it is sent (3 for a join), as a broker counting from elsewhere would.
    const { target, sent } = scripted({ answer: (r) => ({ memberEpoch: r.memberEpoch <= 0 ? (r.memberEpoch === 0 ? 3 : r.memberEpoch) : r.memberEpoch }) });
    const scenario: Scenario = {
      name: 'aligned',
      rules: [],
      steps: [
        send('j', joinConsumer('$m1', [])),
        alignGeneration('g', 'j', 1),
        expectStep('j', { memberEpoch: 1 }),
        send('h', fullHeartbeat('$m1', 1, [], [])),
        expectStep('h', { memberEpoch: 1 }),
        send('leave', consumerHeartbeat('$m1', -2)),
        expectStep('leave', { memberEpoch: -2 }),
      ],
    };
    const result = await runScenario(scenario, target);
    expect(result.status, JSON.stringify(result)).toBe('passed');
    expect(heartbeats(sent).map((r) => r.memberEpoch)).toEqual([0, 3, -2]);
    // Unaligned, the same answers fail the text's epoch.
    const plain: Scenario = { ...scenario, steps: [send('j', joinConsumer('$m1', [])), expectStep('j', { memberEpoch: 1 })] };
    expect(await runScenario(plain, scripted({ answer: () => ({ memberEpoch: 3 }) }).target)).toMatchObject({ status: 'failed', expected: '$.memberEpoch = 1', actual: '3' });
  });
});

describe('brokers without the KIP-848 APIs', () => {
  const session = (versions: [number, { min: number; max: number }][]): WireSession =>
    new WireSession({ bootstrap: 'nowhere:9', versions: new Map(versions), brokers: ['nowhere:9'] }, { connectTimeoutMs: 10, requestTimeoutMs: 10, settleTimeoutMs: 10 });

  it('[CONF-20] over the wire, a broker lacking ConsumerGroupHeartbeat skips its scenarios, naming the API; one offering it gets the newest version in range', async () => {
    expect(session([]).negotiate('ConsumerGroupHeartbeat', 0, 1)).toEqual({ skip: 'the broker does not offer ConsumerGroupHeartbeat' });
    // A broker that offers it gets the newest version both sides speak, within the range.
    expect(session([[68, { min: 0, max: 1 }]]).negotiate('ConsumerGroupHeartbeat', 0, 1)).toBe(1);
    expect(session([[68, { min: 0, max: 0 }]]).negotiate('ConsumerGroupHeartbeat', 0, 1)).toBe(0);
    expect(session([[69, { min: 0, max: 5 }]]).negotiate('ConsumerGroupDescribe', 0, 1)).toBe(1);
    const target: Target = { name: 'old broker', async start() { return Object.assign(session([]), { close: async () => undefined }); } };
    const scenario: Scenario = { name: 'join', rules: [], steps: [send('j', joinConsumer('$m1', []))] };
    expect(await runScenario(scenario, target)).toMatchObject({ status: 'skipped', reason: 'the broker does not offer ConsumerGroupHeartbeat' });
  });
});

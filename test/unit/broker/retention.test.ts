import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../src/broker/group-coordinator.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { CoordinatorShard } from '../../../src/broker/coordinator-shard.js';
import { joinGroup, leaveGroup } from '../../../src/conformance/scenario.js';
import { heartbeat } from '../../../src/conformance/scenario.js';
import { sessionTimerKey } from '../../../src/protocol/classic/index.js';
import type { GroupResponse, JoinGroupResponse } from '../../../src/protocol/messages/index.js';
import { stableGroup } from '../../../bench/coordinator.js';

/** What the runtime holds that could grow with the requests it serves. */
function held(rt: GroupCoordinatorRuntime): { unread: number; pending: number; timers: number } {
  return { unread: rt.unreadResponses, pending: rt.pendingRequests, timers: rt.timers().length };
}

describe('the lone runtime keeps nothing per request served', () => {
  it('[HB-04] a million heartbeats in a Stable group leave what it holds unchanged', () => {
    const rt = new GroupCoordinatorRuntime({ keepRecords: false });
    const ids = stableGroup(rt, 10);
    const before = held(rt);
    // One session timer per member, and the coordinator's offsets cleanup.
    expect(before).toEqual({ unread: 0, pending: 0, timers: 11 });
    let none = 0;
    const count = (r: GroupResponse): void => void ((r as { errorCode: number }).errorCode === 0 && none++);
    const requests = ids.map((memberId) => heartbeat({ memberId, generationId: 1 }));
    for (let i = 0; i < 1_000_000; i++) rt.send(requests[i % requests.length]!, count);
    expect(none).toBe(1_000_000);
    expect(held(rt)).toEqual(before);
  });

  it('[HB-04] an answer is kept until it is taken, then dropped; none is dropped unread', () => {
    const rt = new GroupCoordinatorRuntime();
    const [member] = stableGroup(rt, 1);
    const logged = rt.records.length;
    const ids = Array.from({ length: 1000 }, () => rt.submit(heartbeat({ memberId: member!, generationId: 1 })));
    expect(rt.unreadResponses).toBe(1000);
    expect(rt.response(ids[0]!)).toEqual({ api: 'Heartbeat', errorCode: 0 });
    for (const id of ids) expect(rt.take(id)).toEqual({ api: 'Heartbeat', errorCode: 0 });
    expect(rt.unreadResponses).toBe(0);
    expect(rt.take(ids[0]!)).toBeUndefined();
    // Heartbeats write no record, so even the record log kept for tests does not grow.
    expect(rt.records.length).toBe(logged);
  });

  it("[TM-03] a heartbeat moves its member's session deadline and re-arms the same event", () => {
    const rt = new GroupCoordinatorRuntime({ keepRecords: false });
    const [a, b] = stableGroup(rt, 2);
    const key = sessionTimerKey('g', a!);
    const armed = rt.timer(key)!;
    rt.advance(1000);
    let answer: GroupResponse | undefined;
    rt.send(heartbeat({ memberId: a!, generationId: 1 }), (r) => (answer = r));
    expect(answer).toEqual({ api: 'Heartbeat', errorCode: 0 });
    const rearmed = rt.timer(key)!;
    expect(rearmed.deadlineMs).toBe(armed.deadlineMs + 1000);
    expect(rearmed.seq).toBeGreaterThan(armed.seq);
    expect(rearmed.payload).toEqual({ type: 'timer.sessionExpired', groupId: 'g', memberId: a });
    expect(rearmed.payload).toEqual(armed.payload);
    // The other member's timer is its own.
    expect(rt.timer(sessionTimerKey('g', b!))!.payload).toEqual({ type: 'timer.sessionExpired', groupId: 'g', memberId: b });
  });

  it('[TM-01] [TM-03] session timers of several groups fire with the group timers in one order: deadline, then order armed', () => {
    const rt = new GroupCoordinatorRuntime({ keepRecords: false });
    const [a] = stableGroup(rt, 1, 'g');
    const [b] = stableGroup(rt, 1, 'h');
    rt.send(heartbeat({ groupId: 'h', memberId: b!, generationId: 1 }), () => undefined);
    rt.send(heartbeat({ groupId: 'g', memberId: a!, generationId: 1 }), () => undefined);
    const sessions = rt.timers().filter((t) => t.payload.type === 'timer.sessionExpired');
    // Equal deadlines: h's member was re-armed first.
    expect(sessions.map((t) => t.key)).toEqual([sessionTimerKey('h', b!), sessionTimerKey('g', a!)]);
    expect(sessions[0]!.deadlineMs).toBe(sessions[1]!.deadlineMs);
    const all = rt.timers();
    expect(all).toEqual([...all].sort((x, y) => x.deadlineMs - y.deadlineMs || x.seq - y.seq));
    rt.advance(sessions[0]!.deadlineMs - rt.clock.nowMs());
    // Both sessions expired at that deadline: each group lost its only member.
    expect(rt.state.groups.get('g')?.members.size).toBe(0);
    expect(rt.state.groups.get('h')?.members.size).toBe(0);
    expect(rt.timers().some((t) => t.payload.type === 'timer.sessionExpired')).toBe(false);
  });

  it('keeps no record log when asked not to', () => {
    const rt = new GroupCoordinatorRuntime({ keepRecords: false });
    stableGroup(rt, 2);
    expect(() => rt.records).toThrow(/keepRecords/);
  });

  it('[JG-08] [JG-13] a parked JoinGroup is pending until the join phase answers it, then handed over', () => {
    const rt = new GroupCoordinatorRuntime({ keepRecords: false });
    const answers: GroupResponse[] = [];
    rt.send({ ...joinV9(''), clientId: 'c0' }, (r) => answers.push(r));
    const memberId = (answers[0] as { memberId: string }).memberId;
    const id = rt.send({ ...joinV9(memberId), clientId: 'c0' }, (r) => answers.push(r));
    expect(rt.isPending(id)).toBe(true);
    expect(rt.pendingRequests).toBe(1);
    rt.advance(3000);
    expect(rt.isPending(id)).toBe(false);
    expect(answers).toHaveLength(2);
    expect(held(rt).unread).toBe(0);
    expect(rt.pendingRequests).toBe(0);
  });
});

function joinV9(memberId: string) {
  return {
    api: 'JoinGroup' as const, version: 9, clientId: 'c', clientHost: '/127.0.0.1', groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 1000,
    memberId, groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata: new Uint8Array(0) }], reason: null,
  };
}

describe('a shard keeps nothing for groups without session timers', () => {
  /** The shard coordinating `groupId` (the cluster's one broker leads every offsets partition). */
  function shardOf(kafka: InMemoryKafka, groupId: string): CoordinatorShard {
    const shard = [...kafka.brokers.get(kafka.coordinatorFor(groupId)!)!.shards.values()].find((s) => s.state.groups.has(groupId));
    if (shard === undefined) throw new Error(`no shard holds ${groupId}`);
    return shard;
  }

  it('[TM-03] [LG-05] [TM-04] a group\'s session-timer table goes with its last timer, cancelled or fired', () => {
    const kafka = new InMemoryKafka({ brokers: 1 });
    kafka.advance(1);
    const node = kafka.coordinatorFor('g')!;
    // Two pending members (JG-08), each with a session timer of its own group.
    const g = (kafka.response(kafka.send(node, joinGroup({ groupId: 'g', clientId: 'c1', memberId: '', sessionTimeoutMs: 10_000 }))) as JoinGroupResponse).memberId;
    kafka.response(kafka.send(node, joinGroup({ groupId: 'h', clientId: 'c2', memberId: '', sessionTimeoutMs: 10_000 })));
    const shard = shardOf(kafka, 'g');
    const both = shard === shardOf(kafka, 'h') ? 2 : 1;
    expect(shard.sessionTimerGroups).toBe(both);
    // g's pending member leaves: its timer is cancelled and g's table dropped.
    kafka.send(node, leaveGroup([g], { groupId: 'g' }));
    expect(shard.timers().some((t) => t.payload.type === 'timer.pendingMemberExpired' && t.payload.groupId === 'g')).toBe(false);
    expect(shard.sessionTimerGroups).toBe(both - 1);
    // h's pending member never comes back: its timer fires (TM-04) and h's table goes too.
    kafka.advance(10_000);
    expect(shardOf(kafka, 'h').sessionTimerGroups).toBe(0);
    expect(shardOf(kafka, 'h').timers().some((t) => t.payload.type === 'timer.pendingMemberExpired')).toBe(false);
  });
});

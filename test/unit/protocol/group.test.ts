import { describe, expect, it } from 'vitest';
import { bytes, protocols } from '../../../src/conformance/scenario.js';
import type { JoinGroupResponse } from '../../../src/protocol/messages/index.js';
import { GroupTestContext } from '../../helpers/test-context.js';

describe('deterministic choices where Kafka is arbitrary', () => {
  it('[GS-08] a protocol vote tie goes to the lexicographically smallest name', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const a = ctx.joinDynamic({ clientId: 'a', protocols: protocols('roundrobin', 'range') });
    ctx.joinDynamic({ clientId: 'b', protocols: protocols('range', 'roundrobin') });
    ctx.advance(200);
    expect(ctx.response<JoinGroupResponse>(a.requestId)?.protocolName).toBe('range');
    expect(ctx.group().protocolName).toBe('range');
  });

  it('[GS-13][GS-10] members are listed in join order, and a removed leader is replaced by the first remaining member', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const joins = ['z', 'a', 'm'].map((c) => ctx.joinDynamic({ clientId: c }));
    ctx.advance(200);
    const leader = ctx.response<JoinGroupResponse>(joins[0]!.requestId)!;
    expect(leader.members.map((m) => m.memberId)).toEqual(joins.map((j) => j.memberId));
    ctx.leaveGroup([joins[0]!.memberId]);
    expect(ctx.group().leaderId).toBe(joins[1]!.memberId);
  });
});

describe('protocol lists shared between members', () => {
  it('[JG-12] [JG-14] a member whose protocols equal the leader\'s (names and bytes) holds the leader\'s list; a different one keeps its own', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const a = ctx.joinDynamic({ clientId: 'a', protocols: protocols('range', 'roundrobin') });
    const b = ctx.joinDynamic({ clientId: 'b', protocols: protocols('range', 'roundrobin') });
    const c = ctx.joinDynamic({ clientId: 'c', protocols: [{ name: 'range', metadata: bytes('range:other') }, { name: 'roundrobin', metadata: bytes('roundrobin:meta') }] });
    const d = ctx.joinDynamic({ clientId: 'd', protocols: protocols('range') });
    const held = (id: string) => ctx.group().members.get(id)!.protocols;
    expect(held(b.memberId)).toBe(held(a.memberId));
    expect(held(c.memberId)).not.toBe(held(a.memberId));
    expect(held(c.memberId)[0]!.metadata).toEqual(bytes('range:other'));
    expect(held(d.memberId)).not.toBe(held(a.memberId));
    expect(held(d.memberId)).toEqual(protocols('range'));
    // A rejoin with changed metadata (JG-14, during the join phase) stores the new list, not the leader's.
    const changed = [{ name: 'range', metadata: bytes('range:new') }];
    ctx.joinGroup({ clientId: 'b', memberId: b.memberId, protocols: changed });
    expect(held(b.memberId)).toEqual(changed);
    ctx.advance(200);
    expect(ctx.group().protocolName).toBe('range');
  });
});

describe('static member ids', () => {
  it('[ST-02] a new static member id is <group.instance.id>-<generated id>', () => {
    const ctx = new GroupTestContext();
    const r = ctx.joinGroup({ version: 5, groupInstanceId: 'instance-a', clientId: 'client-x' });
    expect(r.response).toBeUndefined();
    const [memberId] = [...ctx.group().members.keys()];
    expect(memberId).toMatch(/^instance-a-[0-9a-f-]{36}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { protocols } from '../../../src/conformance/scenario.js';
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

describe('static member ids', () => {
  it('[ST-02] a new static member id is <group.instance.id>-<generated id>', () => {
    const ctx = new GroupTestContext();
    const r = ctx.joinGroup({ version: 5, groupInstanceId: 'instance-a', clientId: 'client-x' });
    expect(r.response).toBeUndefined();
    const [memberId] = [...ctx.group().members.keys()];
    expect(memberId).toMatch(/^instance-a-[0-9a-f-]{36}$/);
  });
});

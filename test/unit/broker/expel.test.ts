/** FLT-06: expelling a member runs the session-timeout handler now, with everything an expiry does. */
import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { heartbeat, joinGroup, syncGroup } from '../../../src/conformance/scenario.js';
import type { CoordinatorRecord } from '../../../src/protocol/records.js';
import type { JoinGroupResponse } from '../../../src/protocol/messages/index.js';

/** A Stable group `g` of two members (generation 1), and the records its coordinator writes from now on. */
function stableGroup() {
  const records: CoordinatorRecord[] = [];
  const kafka = new InMemoryKafka({ brokers: 3, config: { initialRebalanceDelayMs: 100 }, observe: (e) => e.type === 'records' && records.push(...e.records) });
  const node = kafka.coordinatorFor('g')!;
  const ids = ['c1', 'c2'].map((clientId) => (kafka.response(kafka.send(node, joinGroup({ clientId, memberId: '' }))) as JoinGroupResponse).memberId);
  const joins = ids.map((memberId, i) => kafka.send(node, joinGroup({ clientId: `c${i + 1}`, memberId })));
  kafka.advance(300); // the initial delay, extended once for the second member (TM-11)
  const generationId = (kafka.response(joins[0]!) as JoinGroupResponse).generationId;
  for (const memberId of ids) kafka.send(node, syncGroup({ memberId, generationId }));
  kafka.advance(1);
  records.length = 0;
  const group = () => kafka.shardFor('g')!.state.groups.get('g')!;
  expect(group().state).toBe('Stable');
  return { kafka, node, ids: ids as [string, string], generationId, records, group };
}

describe('expelling a member', () => {
  it('[FLT-06] [TM-05] removes a member as its session expiry would: the same records, a rebalance, UNKNOWN_MEMBER_ID after', () => {
    const { kafka, node, ids, generationId, records, group } = stableGroup();
    expect(kafka.expel('g', ids[1])).toBe('expelled');
    expect(records.map((r) => r.type)).toContain('MemberRemoved');
    expect(group().state).toBe('PreparingRebalance');
    expect([...group().members.keys()]).toEqual([ids[0]]);
    expect(kafka.response(kafka.send(node, heartbeat({ memberId: ids[1], generationId })))).toMatchObject({ errorCode: 25 });
    expect(kafka.expel('g', ids[1])).toBe('unknownMember');
    expect(kafka.expel('nope', ids[0])).toBe('unknownGroup');

    // The same fault by waiting: a session that really expires writes the same records.
    const expired = stableGroup();
    expired.kafka.send(expired.node, heartbeat({ memberId: expired.ids[0], generationId: expired.generationId }));
    expired.kafka.advance(9_999);
    expired.kafka.send(expired.node, heartbeat({ memberId: expired.ids[0], generationId: expired.generationId }));
    expired.kafka.advance(2);
    expect(expired.records.map((r) => r.type)).toEqual(records.map((r) => r.type));
  });

  it('[FLT-06] [TM-05] keeps a member waiting in a JoinGroup, as an expiry keeps it; says no coordinator while none is up', () => {
    const { kafka, node, ids, group } = stableGroup();
    const parked = kafka.send(node, joinGroup({ clientId: 'c1', memberId: ids[0] }));
    expect(kafka.delivery(parked)).toBeUndefined();
    expect(kafka.expel('g', ids[0])).toBe('kept');
    expect(group().members.has(ids[0])).toBe(true);
    expect(kafka.expel('g', ids[1])).toBe('expelled');
    for (const b of [0, 1, 2]) kafka.crash(b);
    expect(kafka.expel('g', ids[0])).toBe('noCoordinator');
  });
});

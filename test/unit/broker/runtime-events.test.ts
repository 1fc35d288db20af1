import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../src/broker/group-coordinator.js';
import type { RuntimeEvent } from '../../../src/broker/group-coordinator.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { CoordinatorEvent } from '../../../src/broker/kafka-broker.js';
import { joinGroup } from '../../../src/conformance/scenario.js';
import type { GroupResponse, JoinGroupResponse } from '../../../src/protocol/messages/index.js';

/** Two members join group g (two-step) and the join phase ends; returns every answer, in order. */
function formTwo(rt: GroupCoordinatorRuntime): GroupResponse[] {
  const answers: GroupResponse[] = [];
  for (const clientId of ['a', 'b']) {
    rt.send(joinGroup({ clientId }), (r) => {
      answers.push(r);
      rt.send(joinGroup({ clientId, memberId: (r as JoinGroupResponse).memberId }), (second) => answers.push(second));
    });
  }
  rt.advance(6000);
  return answers;
}

describe('events are built only for someone who takes them', () => {
  it('[DET-01] a runtime without a record log answers the same whether or not a listener joins midway, and the listener gets the events from then on', () => {
    const quiet = new GroupCoordinatorRuntime({ keepRecords: false });
    const watched = new GroupCoordinatorRuntime({ keepRecords: false });
    const events: RuntimeEvent[] = [];
    watched.send(joinGroup({ clientId: 'a' }), () => {});
    quiet.send(joinGroup({ clientId: 'a' }), () => {});
    watched.subscribe((e) => events.push(e));
    expect(formTwo(watched)).toEqual(formTwo(quiet));
    expect(watched.state.groups.get('g')).toEqual(quiet.state.groups.get('g'));
    // Nothing from before the subscription; the requests, the join timer and the state moves after it.
    expect(events.filter((e) => e.type === 'request')).toHaveLength(4);
    expect(events.some((e) => e.type === 'timer' && e.event.type === 'timer.joinPhaseExpired')).toBe(true);
    expect(events.filter((e) => e.type === 'transition').map((e) => e.type === 'transition' && e.to)).toEqual(['PreparingRebalance', 'CompletingRebalance']);
  });

  it('[DET-01] a cluster observer that says it wants nothing gets nothing, and one that wants everything gets every kind', () => {
    let wanted = false;
    const seen: CoordinatorEvent['type'][] = [];
    const kafka = new InMemoryKafka({ brokers: 1, observe: (e) => seen.push(e.type), observing: () => wanted });
    const broker = kafka.brokers.get(0)!;
    let n = 0;
    // A member joins (two-step) and the initial delay runs out.
    const join = (clientId: string): void => {
      broker.handleGroup(`r${n++}`, joinGroup({ groupId: clientId, clientId }), (r) => {
        broker.handleGroup(`r${n++}`, joinGroup({ groupId: clientId, clientId, memberId: (r as JoinGroupResponse).memberId }), () => {});
      });
      kafka.advance(3000);
    };
    join('a');
    expect(seen).toEqual([]);
    wanted = true;
    join('b');
    expect(new Set(seen)).toEqual(new Set(['request', 'records', 'transition', 'timer']));
  });
});

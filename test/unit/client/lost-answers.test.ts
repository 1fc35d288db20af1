/**
 * Classic members whose requests or answers are lost (issue 16): what the whole-group properties
 * found with `loseAnswer` in classic histories, each made deterministic here.
 */
import { describe, expect, it } from 'vitest';
import type { BrokerRequest, BrokerResponse } from '../../../src/broker/kafka-broker.js';
import type { ConsumerConfig } from '../../../src/client/index.js';
import type { Transport } from '../../../src/transport/channel.js';
import type { FaultRule } from '../../../src/transport/faults.js';
import { cluster, Member, World } from './world.js';

/** A world whose members each have their own transport, so that one member's faults cut only its traffic. */
class FaultyWorld extends World {
  private readonly transports = new Map<Member, Transport<BrokerRequest, BrokerResponse>>();
  /** Every instant at which two members could read the same partition, as `atMs: partition`. */
  readonly shared: string[] = [];

  join(config: Partial<ConsumerConfig>): Member {
    const transport = this.kafka.createTransport();
    const m = this.add(config, { transport });
    this.transports.set(m, transport);
    return m;
  }

  faults(m: Member, rules: FaultRule[] | undefined): void {
    this.transports.get(m)!.setFaults(rules);
  }

  override run(ms: number, stepMs = 50): void {
    for (let t = 0; t < ms; t += stepMs) {
      super.run(stepMs, stepMs);
      const readers = this.members.flatMap((m) => m.consumer.readablePartitions().map((tp) => `${tp.topic}-${tp.partition}`));
      for (const p of new Set(readers)) if (readers.filter((x) => x === p).length > 1) this.shared.push(`${this.kafka.loop.nowMs()}: ${p}`);
    }
  }
}

const COOPERATIVE: Partial<ConsumerConfig> = { 'partition.assignment.strategy': ['cooperative-sticky'], 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 2000, 'request.timeout.ms': 5000, 'max.poll.interval.ms': 15_000 };

describe('classic members and lost answers', () => {
  it('[CL-58][CL-14] a member whose heartbeats stop reaching the coordinator stops reading once its session has passed, before anyone else is given its partitions', () => {
    const w = new FaultyWorld(cluster(2, { initialRebalanceDelayMs: 0 }));
    const a = w.join(COOPERATIVE);
    w.until(() => w.stable(1));
    const b = w.join(COOPERATIVE);
    w.until(() => w.stable(2));
    const owned = a.consumer.readablePartitions();
    expect(owned).toHaveLength(1);
    // Every Heartbeat and OffsetCommit of a (an accepted commit keeps its session too: OC-09) is
    // lost on the way: the coordinator stops hearing from it, while a finds its coordinator again
    // and again (FindCoordinator still gets through) and, without the session check, reads on.
    w.faults(a, ['Heartbeat', 'OffsetCommit'].map((api) => ({ match: { api, direction: 'request' as const }, action: { type: 'drop' as const } })));
    w.until(() => b.partitions().length === 2, 30_000);
    w.run(2_000);
    expect(w.shared).toEqual([]);
    expect(a.consumer.readablePartitions()).toEqual([]);
    // Once its heartbeats get through again, the coordinator's answer tells a it is no longer a member.
    w.faults(a, undefined);
    w.until(() => w.stable(2));
    expect(w.shared).toEqual([]);
  });

  it('[CL-58] a JoinGroup answer of a completed join phase proves the membership: a member reads as soon as it is assigned, before its first heartbeat', () => {
    const w = new FaultyWorld(cluster(2, { initialRebalanceDelayMs: 0 }));
    w.run(10_000);
    const a = w.join(COOPERATIVE);
    w.until(() => a.partitions().length === 2);
    expect(a.sent('Heartbeat')).toEqual([]);
    expect(a.consumer.memberView().outOfSession).toBe(false);
    expect(a.consumer.readablePartitions()).toHaveLength(2);
  });

  it('[CL-58][CL-14] a cooperative member whose JoinGroup answer is lost stops reading once its session has passed', () => {
    const w = new FaultyWorld(cluster(1, { initialRebalanceDelayMs: 0 }));
    const a = w.join(COOPERATIVE);
    w.until(() => w.stable(1));
    expect(a.partitions()).toEqual([0]);
    // a's rejoin (after b joins) completes at the coordinator, but a never hears of it: the
    // coordinator expires a one session after the join and gives its partition to b.
    w.faults(a, [{ match: { api: 'JoinGroup', direction: 'response' }, action: { type: 'drop' }, limit: 1 }]);
    const b = w.join(COOPERATIVE);
    w.until(() => b.partitions().length === 1, 30_000);
    expect(a.consumer.state).toBe('preparingRebalance');
    w.run(1_000);
    expect(w.shared).toEqual([]);
    expect(a.consumer.readablePartitions()).toEqual([]);
    w.until(() => w.stable(2), 60_000);
    expect(w.shared).toEqual([]);
  });
});

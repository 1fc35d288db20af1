/**
 * The FC_SEED=59 history of the group properties (its 11th KIP-848 history, shrunk), kept as a
 * fixed history so the settled condition of INV-17 stays checked without the generator: a member
 * that rejoined after its poll timer expired lost the heartbeat answer that handed it the
 * partition another member had just released. Its request timed out (`request.timeout.ms`), and
 * for the 2 ms until its full retry (CL-53) was answered the coordinator was a step ahead of it;
 * a watcher that took the timeout for an answer called the group settled there and reported a
 * partition with no owner.
 */
import { describe, expect, it } from 'vitest';
import type { ConsumerGroupHeartbeatRequest } from '../../../src/protocol/messages/consumer-group-heartbeat.js';
import { Kip848GroupProperties } from '../../helpers/consumer-group-kip848.js';
import { ConsumerGroupWorld, type History } from '../../helpers/consumer-group-world.js';

const consumer = (atStart: boolean, autoCommit: boolean) => ({ autoCommit, maxPollRecords: 2, topics: 1, atStart });

/** The shrunk counterexample fast-check printed for FC_SEED=59. */
const HISTORY = {
  setup: {
    brokers: 1, partitions: [2], strategy: ['roundrobin'], initialRebalanceDelayMs: 0, autoCommitIntervalMs: 1000, trickle: false,
    consumers: [consumer(false, true), consumer(true, true), consumer(false, false)],
    initialRecords: new Array<number>(36).fill(0), initialCommitted: new Array<number>(36).fill(0),
  },
  actions: [
    { kind: 'join', c: 0 }, { kind: 'join', c: 0 }, { kind: 'pause', c: 1, ms: 20000 }, { kind: 'wait', ms: 8000 },
    { kind: 'leave', c: 0 }, { kind: 'wait', ms: 8000 }, { kind: 'wait', ms: 3000 }, { kind: 'wait', ms: 1000 },
    { kind: 'loseAnswer', c: 1, api: 'group' }, { kind: 'join', c: 0 },
  ],
} as unknown as History;

describe('the settled condition of INV-17 after a lost heartbeat answer (FC_SEED=59)', () => {
  it('[INV-17][CL-53] a group is not settled between a heartbeat timeout and the answer to the full retry', () => {
    const w = new ConsumerGroupWorld(HISTORY, new Kip848GroupProperties(), 'consumer');
    w.run();
    // The history still reaches the situation: a heartbeat of consumer 1 timed out, and its next
    // heartbeat sent every field and got the partition.
    const trace = w.consumers()[1]!.consumer.trace;
    const timedOut = trace.findIndex((e) => e.type === 'networkError' && e.api === 'ConsumerGroupHeartbeat');
    expect(timedOut).toBeGreaterThan(0);
    const retry = trace.slice(timedOut).find((e) => e.type === 'request' && e.api === 'ConsumerGroupHeartbeat');
    expect(retry?.type === 'request' ? (retry.request as ConsumerGroupHeartbeatRequest).subscribedTopicNames : null).toEqual(['a']);
    expect(w.violations).toEqual({});
    expect(w.stats.settledAfterHeal).toBe(true);
  });
});

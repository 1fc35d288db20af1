import { describe, expect, it } from 'vitest';
import type { ConsumerError } from '../../../src/client/index.js';
import { cluster, GROUP, TOPIC, World } from './world.js';

describe('error answers to joining', () => {
  it('[CL-10][CL-09] a JoinGroup answered COORDINATOR_LOAD_IN_PROGRESS is sent again after retry.backoff.ms', () => {
    const kafka = cluster(2, {}, { loadRecordsPerMs: 1, offsetsTopicPartitions: 1 });
    const w = new World(kafka);
    const a = w.add({ 'enable.auto.commit': false });
    w.until(() => w.stable(1));
    // Give the offsets partition enough records that loading it takes a while.
    for (let i = 1; i <= 100; i++) a.consumer.commitSync([{ topic: TOPIC, partition: 0, offset: i }]);
    const old = kafka.coordinatorFor(GROUP)!;
    kafka.moveCoordinator(GROUP, kafka.cluster.partition('__consumer_offsets', 0)!.isr.find((n) => n !== old)!);
    const b = w.add();
    w.until(() => w.stable(2));
    const joins = b.consumer.trace.flatMap((e) => (e.type !== 'state' && e.api === 'JoinGroup' ? [e] : []));
    const loading = joins.find((e) => e.type === 'response' && (e.response as { errorCode: number }).errorCode === 14);
    expect(loading).toBeDefined();
    const retry = joins.find((e) => e.type === 'request' && e.atMs > loading!.atMs);
    expect(retry!.atMs - loading!.atMs).toBe(100);
    expect(retry!.nodeId).toBe(loading!.nodeId);
  });

  it('[CL-12][CL-20] a JoinGroup answered GROUP_MAX_SIZE_REACHED is fatal: every poll raises it', () => {
    const w = new World(cluster(2, { maxSize: 1 }));
    w.add();
    w.until(() => w.stable(1));
    const b = w.add();
    b.polling = false;
    let error: ConsumerError | undefined;
    for (let i = 0; i < 100 && error === undefined; i++) {
      try {
        b.consumer.poll(0);
      } catch (e) {
        error = e as ConsumerError;
      }
      w.run(50);
    }
    expect(error).toMatchObject({ kind: 'GroupFatal', errorCode: 81 });
    expect(b.consumer.state).toBe('fatal');
    expect(() => b.consumer.poll(0)).toThrow(/GROUP_MAX_SIZE_REACHED/);
    b.consumer.close();
    expect(b.consumer.state).toBe('left');
    expect(b.sent('LeaveGroup')).toEqual([]);
  });
});

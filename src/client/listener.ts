/**
 * Runs the application's rebalance listener for either group protocol: a callback that throws
 * does not stop the step that called it; its error is raised afterwards, from `poll()` or
 * `close()` (Kafka's KafkaException wrapping it).
 *
 * @see spec/consumer-member.md
 * @packageDocumentation
 */
import { ConsumerError } from './errors.js';
import type { ConsumerRebalanceListener, TopicPartition } from './types.js';

/** A listener method. */
export type ListenerMethod = 'onPartitionsRevoked' | 'onPartitionsAssigned' | 'onPartitionsLost';

/** The subscription's listener and the first error it threw. */
export class RebalanceCallbacks {
  listener: ConsumerRebalanceListener | undefined;
  private error: unknown = undefined;

  /** Calls `method` with `partitions`; Kafka's default onPartitionsLost calls onPartitionsRevoked. */
  invoke(method: ListenerMethod, partitions: readonly TopicPartition[]): void {
    const l = this.listener;
    if (l === undefined) return;
    try {
      if (method === 'onPartitionsLost' && l.onPartitionsLost === undefined) l.onPartitionsRevoked?.(partitions);
      else l[method]?.(partitions);
    } catch (e) {
      this.error ??= e;
    }
  }

  /** Raises what a listener threw, after the step that called it completed. */
  throwError(): void {
    const e = this.error;
    if (e === undefined) return;
    this.error = undefined;
    throw new ConsumerError('RebalanceListener', `User rebalance callback throws an error: ${(e as Error).message ?? String(e)}`, { cause: e });
  }
}

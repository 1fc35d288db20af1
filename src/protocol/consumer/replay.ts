/**
 * Replay of the ConsumerGroup* records onto the live consumer groups.
 * @see spec/consumer-group-records.md
 */
import type { MutableConsumerGroup } from './group.js';
import type { ConsumerGroupRecord } from './records.js';
import { InvariantViolation } from '../invariant.js';

/** Applies one ConsumerGroup* record to the consumer groups, in place. */
export function replayConsumerGroup(groups: Map<string, MutableConsumerGroup>, record: ConsumerGroupRecord): void {
  void groups;
  throw new InvariantViolation('REC-01', `replay of ${record.type} is not implemented yet`);
}

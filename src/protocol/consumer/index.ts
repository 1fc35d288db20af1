/**
 * The consumer-group (KIP-848) entry points: ConsumerGroupHeartbeat, ConsumerGroupDescribe and
 * the consumer-group timers.
 * @see spec/consumer-group.md
 */
import type { ConsumerGroupHeartbeatRequest, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import type { GroupTimerEvent, HandlerContext, HandlerResult } from '../handler/index.js';
import { answered } from '../handler/index.js';
import { ErrorCodes } from '../errors.js';
import { consumerGroupHeartbeatError } from './responses.js';

export { consumerGroupDescribe, preferredServerAssignor } from './describe.js';

/** A consumer-group timer event. */
export type ConsumerTimerEvent = Extract<GroupTimerEvent, { type: 'timer.consumerSessionExpired' | 'timer.consumerRebalanceExpired' }>;

/** ConsumerGroupHeartbeat. */
export function consumerGroupHeartbeat(state: CoordinatorState, env: RequestEnvelope<ConsumerGroupHeartbeatRequest>, ctx: HandlerContext): HandlerResult {
  void state;
  void ctx;
  return answered(env.requestId, consumerGroupHeartbeatError(ErrorCodes.UNSUPPORTED_VERSION));
}

/** Whether a timer event belongs to consumer groups. */
export function isConsumerTimer(event: GroupTimerEvent): event is ConsumerTimerEvent {
  return event.type === 'timer.consumerSessionExpired' || event.type === 'timer.consumerRebalanceExpired';
}

/** A consumer-group timer fired. */
export function fireConsumerTimer(state: CoordinatorState, event: ConsumerTimerEvent, ctx: HandlerContext): HandlerResult {
  void state;
  void event;
  void ctx;
  return { responses: [], records: [], timers: [] };
}

/**
 * The consumer-group (KIP-848) entry points: ConsumerGroupHeartbeat, ConsumerGroupDescribe and
 * the consumer-group timers.
 * @see spec/consumer-group.md
 */
import type { ConsumerGroupHeartbeatRequest, RequestEnvelope } from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import type { GroupTimerEvent, HandlerContext, HandlerResult } from '../handler/index.js';
import { consumerGroupHeartbeatWith } from './heartbeat.js';
import { DEFAULT_SERVICES } from './default-services.js';
import { fireConsumerTimer as fireTimer } from './timers.js';

export { consumerGroupDescribe } from './describe.js';
export { selectAssignor } from './heartbeat-target.js';

/** A consumer-group timer event. */
export type ConsumerTimerEvent = Extract<GroupTimerEvent, { type: 'timer.consumerSessionExpired' | 'timer.consumerRebalanceExpired' }>;

/** ConsumerGroupHeartbeat, with the project's server assignors. @see spec/consumer-group.md CG-01 */
export function consumerGroupHeartbeat(state: CoordinatorState, env: RequestEnvelope<ConsumerGroupHeartbeatRequest>, ctx: HandlerContext): HandlerResult {
  return consumerGroupHeartbeatWith(DEFAULT_SERVICES, state, env, ctx);
}

/** Whether a timer event belongs to consumer groups. */
export function isConsumerTimer(event: GroupTimerEvent): event is ConsumerTimerEvent {
  return event.type === 'timer.consumerSessionExpired' || event.type === 'timer.consumerRebalanceExpired';
}

/** A consumer-group timer fired. @see spec/consumer-group.md CG-33, CG-34 */
export function fireConsumerTimer(state: CoordinatorState, event: ConsumerTimerEvent, ctx: HandlerContext): HandlerResult {
  return fireTimer(state, event, ctx);
}

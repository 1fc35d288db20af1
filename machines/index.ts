/**
 * The statecharts of kafka-group-spec: the abstract models of the classic group (coordinator
 * side), of the consumer member (client side), of a KIP-848 consumer group and one of its
 * members' reconciliation (coordinator side), and of a KIP-848 member (client side), with what
 * model-based tests need to drive them: event types, factories, the events offered in a state,
 * and pure readers of the model's predictions.
 *
 * @remarks
 * Depends on XState and on types only; never on `src/` logic (TIDY-02).
 * @packageDocumentation
 */
export * from './classic-group.types.js';
export * from './classic-group.context.js';
export { stepGroup, timerDue, timerEventOf, timerKey } from './classic-group.model.js';
export * from './classic-group.events.js';
export { createClassicGroupMachine } from './classic-group.machine.js';
export type { ClassicGroupMachine } from './classic-group.machine.js';
export * from './classic-member.types.js';
export { initialMemberContext, memberEvents, readablePartitions, stepMember } from './classic-member.model.js';
export type { ClassicMemberOptions } from './classic-member.model.js';
export { createClassicMemberMachine } from './classic-member.machine.js';
export type { ClassicMemberMachine } from './classic-member.machine.js';
export { explore } from './explore.js';
export type { ExploredEdge, ExploreOptions } from './explore.js';
export * from './consumer-group.types.js';
export {
  CG_ERR,
  availableTopics,
  consumerGroupEvents,
  consumerGroupKey,
  consumerGroupSteps,
  groupStateOf,
  heldByOther,
  initialConsumerGroupContext,
  memberStateOf,
  reconcile,
  slotOfEvent,
  stepConsumerGroup,
} from './consumer-group.model.js';
export { CG_RULES, rulesOf } from './consumer-group.rules.js';
export type { CgRuleKey } from './consumer-group.rules.js';
export { CASE_EVENT, createConsumerGroupMachine } from './consumer-group.machine.js';
export type { ConsumerGroupMachine, ConsumerGroupMachineOptions } from './consumer-group.machine.js';
export { FOCAL, createConsumerGroupMemberMachine, groupEventOf, memberEventOf } from './consumer-group-member.machine.js';
export type { CgMemberCase, ConsumerGroupMemberMachine } from './consumer-group-member.machine.js';
export {
  CONSUMER_MEMBER_OMITTED,
  createConsumerMemberMachine,
  initialConsumerMemberContext,
} from './consumer-member.machine.js';
export type { ConsumerMemberContext, ConsumerMemberEvent, ConsumerMemberMachine, ConsumerMemberOptions } from './consumer-member.machine.js';

/**
 * kafka-group-spec: the executable, formally specified reference implementation of Apache
 * Kafka's consumer group protocol.
 *
 * - The pure core ({@link handleRequest}, {@link fireTimer}, {@link replay}) answers classic
 *   group requests exactly as Kafka's group coordinator does, returning responses, records
 *   and timers as data.
 * - {@link GroupCoordinatorRuntime} wraps it with a log, timers and an outbox, in virtual time.
 * - The conformance suite ({@link runConformance}, {@link Target}) runs the normative scenarios
 *   against the built-in broker or any other implementation.
 *
 * @packageDocumentation
 */
export * from './protocol/errors.js';
export * from './protocol/messages/index.js';
export * from './protocol/config.js';
export * from './protocol/group.js';
export * from './protocol/records.js';
export * from './protocol/replay.js';
export * from './protocol/ids.js';
export { InvariantViolation, InvalidRequestError } from './protocol/invariant.js';
export { validateRequest } from './protocol/validate.js';
export { handleRequest, fireTimer, sessionTimer, sessionTimerKey, joinTimerKey, syncTimerKey, timerKeyText } from './protocol/classic/index.js';
export type { HandlerContext, HandlerResult, SessionTimerKey, TimerEvent, TimerKey, TimerOp } from './protocol/classic/index.js';
export * from './time/index.js';
export { GroupCoordinatorRuntime } from './broker/group-coordinator.js';
export type { RuntimeEvent, RuntimeOptions } from './broker/group-coordinator.js';
export * from './conformance/index.js';
export * from './conformance/client-obligations/index.js';
export { allScenarios } from '../spec/scenarios/index.js';
export * from './protocol/consumer-protocol/index.js';
export * from './protocol/assignors/types.js';
export { rangeAssignor, createRangeAssignor, assignRange, RANGE_ASSIGNOR_NAME } from './protocol/assignors/range.js';
export { roundRobinAssignor, assignRoundRobin, ROUND_ROBIN_ASSIGNOR_NAME } from './protocol/assignors/round-robin.js';
export * from './broker/cluster/index.js';
export * from './broker/coordinator-placement.js';
export * from './broker/find-coordinator.js';
export { produce, type ProduceResult } from './broker/produce.js';
export * from './transport/index.js';
export { EventLoop } from './time/event-loop.js';
export * from './client/index.js';
/** The consumer over TCP: `new KafkaConsumer(config, { transport: new TcpTransport(), scheduler: new RealTimeScheduler() })` (SRV-19). */
export { TcpTransport, RealTimeScheduler, type TcpTransportOptions } from './wire/client/index.js';

/**
 * The in-memory transport between clients and brokers: deterministic delivery in virtual
 * time, network errors for down brokers, and faults as data.
 *
 * @see spec/cluster.md NET- rules
 * @packageDocumentation
 */
export {
  Transport,
  type RequestContext,
  type RequestHandler,
  type TransportEvent,
  type TransportOptions,
  type TransportTapEvent,
} from './channel.js';
export {
  parseBootstrapServers,
  type ClientTransport,
  type NetworkErrorReason,
  type NodeAddress,
  type SendOptions,
  type SendResult,
} from './client-transport.js';
export {
  FaultInjector,
  XorShift32,
  matches,
  type Direction,
  type FaultAction,
  type FaultPlan,
  type FaultRule,
  type MessageInfo,
  type MessageMatch,
  type Prng,
} from './faults.js';

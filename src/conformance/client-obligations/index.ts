/**
 * The client-obligation monitor: checks what each consumer-group member must do
 * (spec/client-obligations.md) on the requests and answers a server sees.
 *
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
export { ClientObligationMonitor } from './monitor.js';
export {
  OBLIGATIONS,
  type Evidence,
  type MemberStatus,
  type MemberSummary,
  type MonitorOptions,
  type ObligationId,
  type ObservedExchange,
  type Severity,
  type Unchecked,
  type Violation,
} from './types.js';

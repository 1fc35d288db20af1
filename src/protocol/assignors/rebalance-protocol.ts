/**
 * The rebalance protocol a consumer uses, chosen from its configured assignors as Kafka's
 * `ConsumerCoordinator` constructor chooses it (KIP-429).
 *
 * @see spec/assignors-sticky.md (AS-21)
 * @packageDocumentation
 */
import type { PartitionAssignor, RebalanceProtocol } from './types.js';

/** Kafka's protocol ids (`RebalanceProtocol.id()`): a higher id is a more advanced protocol. */
const PROTOCOL_ID: Readonly<Record<RebalanceProtocol, number>> = { EAGER: 0, COOPERATIVE: 1 };

/**
 * The highest-id protocol every assignor supports (AS-21).
 *
 * @returns the protocol, or null when no assignor is configured (Kafka leaves it unset then).
 * @throws Error naming the assignors when they share no protocol, as Kafka's constructor
 * rejects the configuration with an `IllegalArgumentException`.
 */
export function selectRebalanceProtocol(
  assignors: readonly Pick<PartitionAssignor, 'name' | 'supportedProtocols'>[],
): RebalanceProtocol | null {
  const [first, ...rest] = assignors;
  if (first === undefined) return null;
  let common: RebalanceProtocol[] = [...first.supportedProtocols];
  for (const assignor of rest) common = common.filter((protocol) => assignor.supportedProtocols.includes(protocol));
  if (common.length === 0) {
    const names = [...new Set(assignors.map((assignor) => assignor.name))].sort().join(', ');
    throw new Error(`Specified assignors [${names}] do not have commonly supported rebalance protocol`);
  }
  return common.reduce((best, protocol) => (PROTOCOL_ID[protocol] > PROTOCOL_ID[best] ? protocol : best));
}

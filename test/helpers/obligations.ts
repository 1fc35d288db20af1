/**
 * The client-obligation monitor on the in-memory cluster: every consumer of the world talks
 * through one transport whose tap feeds the monitor, as the wire server's tap would.
 */
import { ClientObligationMonitor, type MonitorOptions, type Violation } from '../../src/conformance/client-obligations/index.js';
import type { ConsumerConfig } from '../../src/client/index.js';
import type { GroupCoordinatorConfig } from '../../src/protocol/config.js';
import type { KafkaRequest, KafkaResponse } from '../../src/protocol/messages/index.js';
import type { Transport } from '../../src/transport/channel.js';
import { cluster, World, type Member } from '../unit/client/world.js';
import type { ConsumerTransport } from './client-faults.js';

/** A world of consumers of group `g` on topic `t`, watched by a monitor. */
export interface MonitoredWorld {
  readonly world: World;
  readonly monitor: ClientObligationMonitor;
  /** The tapped transport every consumer of the world goes through (wrap it to inject faults). */
  readonly transport: Transport<KafkaRequest, KafkaResponse>;
  /** Adds a consumer, its transport optionally wrapped by a fault. */
  add(config?: Partial<ConsumerConfig>, wrap?: (inner: ConsumerTransport) => ConsumerTransport): Member;
}

/**
 * A cluster with topic `t` of `partitions` partitions whose traffic a monitor watches. KIP-848
 * consumers (`group.protocol=consumer`) get no classic session or heartbeat keys (CL-52): their
 * coordinator's `config` gives them.
 */
export function monitoredWorld(partitions: number, options: MonitorOptions = {}, config: Partial<GroupCoordinatorConfig> = {}): MonitoredWorld {
  const kafka = cluster(partitions, config);
  const monitor = new ClientObligationMonitor(options);
  const transport = kafka.createTransport({ tap: (e) => monitor.observe(e) });
  const world = new World(kafka);
  const small = { 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1_000 };
  return {
    world,
    monitor,
    transport,
    add: (c = {}, wrap) => world.add({ ...(c['group.protocol'] === 'consumer' ? {} : small), ...c }, { transport: wrap ? wrap(transport) : transport }),
  };
}

/** The rules broken, sorted and without repeats. */
export function rulesOf(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.rule))].sort();
}

/** Violations as readable lines, for failure messages. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.rule} ${v.severity} ${v.memberId} @${v.atMs}: ${v.message}\n    ${v.evidence.map((e) => `${e.atMs} [${e.connectionId}] ${e.kind} ${e.summary}`).join('\n    ')}`).join('\n');
}

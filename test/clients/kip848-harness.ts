/**
 * What the KIP-848 real-client tests share: broker configs with short consumer-group timeouts, a
 * probe that tells whether the server runs consumer groups yet (it answers ConsumerGroupHeartbeat
 * with UNSUPPORTED_VERSION until it does), and a log of every ConsumerGroupHeartbeat a client sent.
 */
import { ConnectionPool } from '../../src/wire/client/index.js';
import { startKafka } from '../../src/wire/server/index.js';
import type { Exchange } from '../../src/wire/server/connection.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src/protocol/messages/index.js';
import { ErrorCodes } from '../../src/protocol/errors.js';
import { consumerGroupState } from '../../src/protocol/consumer/group.js';
import type { InMemoryKafka } from '../../src/broker/in-memory-kafka.js';

/**
 * Broker configs of a KIP-848 run: a 3 s session (the SIGKILLed member is fenced 3 s after its
 * last heartbeat) and a 300 ms heartbeat interval, inside lowered min/max bounds, since Kafka's
 * minimum session is 45 s.
 */
export const KIP848_CONFIG: Readonly<Record<string, number>> = {
  'group.consumer.min.session.timeout.ms': 1000,
  'group.consumer.session.timeout.ms': 3000,
  'group.consumer.min.heartbeat.interval.ms': 100,
  'group.consumer.heartbeat.interval.ms': 300,
};

/**
 * Why KIP-848 clients cannot run against the server, or undefined when they can: a
 * ConsumerGroupHeartbeat join sent over the wire to the group's coordinator, answered
 * UNSUPPORTED_VERSION while the coordinator has no consumer-group handler.
 */
export async function kip848Unavailable(): Promise<string | undefined> {
  const server = await startKafka({ brokers: 1, config: KIP848_CONFIG });
  const pool = new ConnectionPool();
  try {
    const request: ConsumerGroupHeartbeatRequest = {
      api: 'ConsumerGroupHeartbeat', version: 1, clientId: 'probe', clientHost: '', groupId: 'kip848-probe', memberId: 'probe-member', memberEpoch: 0,
      instanceId: null, rackId: null, rebalanceTimeoutMs: 10_000, subscribedTopicNames: [], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: [],
    };
    const answer = (await pool.request(server.brokers[0]!, request)) as ConsumerGroupHeartbeatResponse;
    if (answer.errorCode !== ErrorCodes.UNSUPPORTED_VERSION) return undefined;
    return 'the coordinator answers ConsumerGroupHeartbeat with UNSUPPORTED_VERSION: consumer groups (KIP-848) are not implemented in this build yet';
  } finally {
    pool.close();
    await server.close();
  }
}

/**
 * Whether the coordinator calls consumer group `groupId` Stable: every member acknowledged its
 * target assignment. Before that a reconciling group can show a disjoint cover of the partitions
 * that is not yet the final one (a member still holding a partition it is about to revoke).
 */
export function consumerGroupStable(kafka: InMemoryKafka, groupId: string): boolean {
  const group = kafka.shardFor(groupId)?.state.consumerGroups.get(groupId);
  return group !== undefined && consumerGroupState(group) === 'Stable';
}

/** What the clients' ConsumerGroupHeartbeats looked like over a run. */
export interface HeartbeatLog {
  /** Feed it the server's tap. */
  readonly tap: (exchange: Exchange) => void;
  /** One line per finding: versions, counts, which nullable fields were sent non-null, errors answered. */
  summary(): string[];
  /** Classic group requests sent (JoinGroup, SyncGroup, Heartbeat, LeaveGroup): none from a KIP-848 member. */
  classicRequests(): number;
  /** ConsumerGroupHeartbeats with member epoch -1 (a member leaving). */
  leaves(): number;
}

const CLASSIC_APIS: ReadonlySet<string> = new Set(['JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup']);

const NULLABLE_FIELDS = ['instanceId', 'rackId', 'subscribedTopicNames', 'subscribedTopicRegex', 'serverAssignor', 'topicPartitions'] as const;

/** A {@link HeartbeatLog}: counts by API and version, nullable fields set, member epochs sent, error codes answered. */
export function heartbeatLog(): HeartbeatLog {
  const apis = new Map<string, number>();
  const fieldsSet = new Map<string, number>();
  const epochs = new Map<number, number>();
  const errors = new Map<number, number>();
  const memberIds = new Set<string>();
  let heartbeats = 0;
  let classic = 0;
  const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);
  return {
    tap: (e) => {
      bump(apis, `${e.request.api} v${e.header.requestApiVersion}`);
      if (CLASSIC_APIS.has(e.request.api)) classic++;
      if (e.request.api !== 'ConsumerGroupHeartbeat') return;
      const r = e.request;
      heartbeats++;
      const epochKind = r.memberEpoch > 0 ? 1 : r.memberEpoch;
      bump(epochs, epochKind);
      if (r.memberId !== '') memberIds.add(r.memberId);
      for (const f of NULLABLE_FIELDS) if (r[f] !== null) bump(fieldsSet, f);
      const code = (e.response as ConsumerGroupHeartbeatResponse | undefined)?.errorCode ?? 0;
      if (code !== 0) bump(errors, code);
    },
    classicRequests: () => classic,
    leaves: () => epochs.get(-1) ?? 0,
    summary: () => [
      `requests: ${[...apis].sort().map(([k, n]) => `${k} x${n}`).join(', ')}`,
      `heartbeats: ${heartbeats}; member epochs sent: ${[...epochs].sort(([a], [b]) => a - b).map(([k, n]) => `${k === 1 ? '>0' : k} x${n}`).join(', ')}`,
      `nullable fields sent non-null: ${NULLABLE_FIELDS.map((f) => `${f} ${fieldsSet.get(f) ?? 0}/${heartbeats}`).join(', ')}`,
      `member ids: ${[...memberIds].slice(0, 3).join(', ')}${memberIds.size > 3 ? ', ...' : ''}`,
      `errors answered: ${[...errors].map(([c, n]) => `${c} x${n}`).join(', ') || 'none'}`,
    ],
  };
}

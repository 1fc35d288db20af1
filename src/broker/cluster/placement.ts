/**
 * Deterministic replica placement and topic-name validation.
 *
 * @remarks
 * The placement is Kafka's `AdminUtils.assignReplicasToBrokers` (server-common
 * `org/apache/kafka/admin/AdminUtils.java`) with a fixed start index instead of a random
 * one, so the same cluster always places a topic the same way (RP-01).
 * @see spec/cluster.md RP-01, RP-02
 */

/** A broker as placement sees it. */
export interface PlacementBroker {
  readonly nodeId: number;
  readonly rack: string | null;
}

/** Kafka's `replicaIndex`: where the (j+2)-th replica of a partition goes. */
function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, j: number, nBrokers: number): number {
  const shift = 1 + ((secondReplicaShift + j) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/**
 * Kafka's rack-alternated broker list: racks in name order, brokers of a rack in id order,
 * taking one broker per rack in turn (`getRackAlternatedBrokerList`).
 */
export function rackAlternatedBrokerList(brokers: readonly PlacementBroker[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const b of [...brokers].sort((x, y) => x.nodeId - y.nodeId)) {
    const rack = b.rack ?? '';
    const list = byRack.get(rack);
    if (list === undefined) byRack.set(rack, [b.nodeId]);
    else list.push(b.nodeId);
  }
  const racks = [...byRack.keys()].sort();
  const cursors = racks.map(() => 0);
  const result: number[] = [];
  for (let r = 0; result.length < brokers.length; r = (r + 1) % racks.length) {
    const list = byRack.get(racks[r] ?? '') ?? [];
    const at = cursors[r] ?? 0;
    if (at < list.length) {
      result.push(list[at] ?? -1);
      cursors[r] = at + 1;
    }
  }
  return result;
}

/** The rack-unaware branch of AdminUtils over brokers sorted by id. */
function assignRackUnaware(
  ids: readonly number[],
  nPartitions: number,
  rf: number,
  startIndex: number,
  startPartitionId: number,
): number[][] {
  const out: number[][] = [];
  let shift = startIndex;
  for (let i = 0, p = startPartitionId; i < nPartitions; i++, p++) {
    if (p > 0 && p % ids.length === 0) shift += 1;
    const first = (p + startIndex) % ids.length;
    const replicas = [ids[first] ?? -1];
    for (let j = 0; j < rf - 1; j++) replicas.push(ids[replicaIndex(first, shift, j, ids.length)] ?? -1);
    out.push(replicas);
  }
  return out;
}

/** The rack-aware branch of AdminUtils: each partition spreads over as many racks as it can. */
function assignRackAware(
  brokers: readonly PlacementBroker[],
  nPartitions: number,
  rf: number,
  startIndex: number,
  startPartitionId: number,
): number[][] {
  const rackOf = new Map(brokers.map((b) => [b.nodeId, b.rack ?? ''] as const));
  const numRacks = new Set(rackOf.values()).size;
  const arranged = rackAlternatedBrokerList(brokers);
  const n = arranged.length;
  const out: number[][] = [];
  let shift = startIndex;
  for (let i = 0, p = startPartitionId; i < nPartitions; i++, p++) {
    if (p > 0 && p % n === 0) shift += 1;
    const first = (p + startIndex) % n;
    const leader = arranged[first] ?? -1;
    const replicas = [leader];
    const racks = new Set([rackOf.get(leader)]);
    const chosen = new Set([leader]);
    let k = 0;
    for (let j = 0; j < rf - 1; j++) {
      for (;;) {
        const broker = arranged[replicaIndex(first, shift * numRacks, k, n)] ?? -1;
        const rack = rackOf.get(broker);
        k += 1;
        // AdminUtils skips a broker whose rack already has a replica while some rack has none,
        // and a broker that already has one while some broker has none.
        if ((!racks.has(rack) || racks.size === numRacks) && (!chosen.has(broker) || chosen.size === n)) {
          replicas.push(broker);
          racks.add(rack);
          chosen.add(broker);
          break;
        }
      }
    }
    out.push(replicas);
  }
  return out;
}

/**
 * Places `nPartitions` partitions of `rf` replicas each on `brokers` (RP-01).
 *
 * @remarks
 * Rack-aware when every broker has a rack, rack-unaware otherwise (Kafka's
 * `RackAwareMode.Safe`). The first replica of partition `p` is broker
 * `(p + startIndex) mod n` of the (rack-alternated) list sorted by id; the others follow
 * with AdminUtils' increasing shift, which also starts at `startIndex`.
 * The caller has checked `1 <= rf <= brokers.length` and `nPartitions >= 1`.
 * @param startPartitionId - The id of the first partition placed (existing count, for addPartitions).
 */
export function assignReplicas(
  brokers: readonly PlacementBroker[],
  nPartitions: number,
  rf: number,
  startIndex = 0,
  startPartitionId = 0,
): number[][] {
  // rf <= n, so with a single broker rf is 1 and replicaIndex (which divides by n - 1) is never called.
  const sorted = [...brokers].sort((a, b) => a.nodeId - b.nodeId);
  const rackAware = sorted.every((b) => b.rack !== null);
  return rackAware
    ? assignRackAware(sorted, nPartitions, rf, startIndex, startPartitionId)
    : assignRackUnaware(sorted.map((b) => b.nodeId), nPartitions, rf, startIndex, startPartitionId);
}

const LEGAL_TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/;

/** Whether `name` is a legal Kafka topic name (`Topic.validate`: 1-249 of `[a-zA-Z0-9._-]`, not `.` or `..`). */
export function isValidTopicName(name: string): boolean {
  return name.length > 0 && name.length <= 249 && name !== '.' && name !== '..' && LEGAL_TOPIC_CHARS.test(name);
}

/** Kafka's internal topics (`Topic.INTERNAL_TOPICS` plus the share-group state topic). */
export const INTERNAL_TOPICS: readonly string[] = ['__consumer_offsets', '__transaction_state', '__share_group_state'];

/**
 * RP-22: the id of the `n`th topic created (from 1), in Kafka's printed form (url-safe base64
 * of 16 bytes). Kafka draws topic ids at random; here they are deterministic: the bytes of
 * `kgspec-topic` and then `n` as a big-endian int32, never the zero uuid or Kafka's reserved ids.
 */
export function topicIdFor(n: number): string {
  const bytes = Buffer.alloc(16);
  bytes.write('kgspec-topic', 0, 'latin1');
  bytes.writeInt32BE(n, 12);
  return bytes.toString('base64url');
}

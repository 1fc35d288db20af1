/**
 * Offset commits of the simulated members, for INV-15: each commit names the member and its
 * epoch (OffsetCommit v9, as a KIP-848 consumer commits), and the offsets only ever grow, so the
 * newest acknowledged offset of each partition is a floor that no later state of any coordinator
 * may fall below.
 */
import type { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { ErrorCodes } from '../../../src/protocol/errors.js';
import type { OffsetCommitRequest } from '../../../src/protocol/messages/index.js';
import type { CoordinatorState } from '../../../src/protocol/replay.js';
import { offsetKey } from '../../../src/protocol/replay.js';
import type { SimMember } from './member.js';

/** What one member's commit covers. */
interface CommitInFlight {
  readonly keys: readonly string[];
  readonly offset: number;
}

/** Tracks commits and what was acknowledged. */
export class CommitTracker {
  private nextOffset = 1;
  private readonly inFlight = new Map<string, CommitInFlight>();
  /** The newest acknowledged offset per `offsetKey(topic, partition)`. */
  readonly acked = new Map<string, number>();
  /** Commits acknowledged in all. */
  ackedCount = 0;

  constructor(
    private readonly kafka: InMemoryKafka,
    private readonly groupId: string,
  ) {}

  /** The member commits the next offset for every partition it owns, at its epoch. */
  commit(m: SimMember): void {
    if (m.phase !== 'member' || m.leaving || m.owned.size === 0) return;
    const node = this.kafka.coordinatorFor(this.groupId);
    if (node === null) return;
    const offset = this.nextOffset++;
    const topics: { name: string; partitions: OffsetCommitRequest['topics'][number]['partitions'][number][] }[] = [];
    const keys: string[] = [];
    for (const [topicId, ps] of [...m.owned].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const name = this.kafka.cluster.topicNameById(topicId);
      if (name === undefined) continue;
      const sorted = [...ps].sort((a, b) => a - b);
      topics.push({ name, partitions: sorted.map((p) => ({ partitionIndex: p, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null })) });
      for (const p of sorted) keys.push(offsetKey(name, p));
    }
    const request: OffsetCommitRequest = {
      api: 'OffsetCommit', version: 9, clientId: `consumer-${m.slot}`, clientHost: '/127.0.0.1', groupId: this.groupId,
      generationIdOrMemberEpoch: m.memberEpoch, memberId: m.memberId, groupInstanceId: m.instanceId, retentionTimeMs: -1, topics,
    };
    this.inFlight.set(this.kafka.send(node, request), { keys, offset });
  }

  /** Reads every commit answer that arrived; an acknowledged partition raises its floor. */
  collect(): void {
    for (const [id, c] of this.inFlight) {
      const d = this.kafka.delivery(id);
      if (d === undefined) continue;
      this.kafka.take(id);
      this.inFlight.delete(id);
      if (d.kind !== 'response' || d.response.api !== 'OffsetCommit') continue;
      for (const t of d.response.topics) {
        for (const p of t.partitions) {
          if (p.errorCode !== ErrorCodes.NONE) continue;
          const key = offsetKey(t.name, p.partitionIndex);
          if (!c.keys.includes(key)) continue;
          this.acked.set(key, Math.max(this.acked.get(key) ?? -1, c.offset));
          this.ackedCount++;
        }
      }
    }
  }

  /** INV-15: every acknowledged offset is still there (or a newer one) in `state`. */
  check(state: CoordinatorState, where: string): string[] {
    const offsets = state.offsets.get(this.groupId);
    const out: string[] = [];
    for (const [key, floor] of this.acked) {
      const now = offsets?.get(key)?.offset ?? -1;
      if (now < floor) out.push(`[INV-15] ${where}: ${key} is at offset ${now} after ${floor} was acknowledged`);
    }
    return out;
  }
}

/**
 * Previously owned partitions: which claims count, and who keeps a partition that several
 * members claim (Kafka's `AbstractStickyAssignor.allSubscriptionsEqual`, KAFKA-12984 and
 * KAFKA-14639).
 *
 * @see spec/assignors-sticky.md (AS-25 to AS-27)
 * @packageDocumentation
 */
import type { Claims } from './claims.js';
import type { GroupIndex } from './group-index.js';
import { DEFAULT_GENERATION } from './user-data.js';

/** The outcome of conflict resolution. */
export interface Ownership {
  /** The highest generation any member reported (-1 when none did). */
  readonly maxGeneration: number;
  /** Each member's generation from its member data, -1 when absent (AS-27). */
  readonly generation: Int32Array;
  /**
   * Every valid claim of member `m`, in the member's order and each partition once:
   * `claims[claimStart[m] .. claimStart[m + 1]]`. Conflicts are not yet resolved here.
   */
  readonly claimStart: Int32Array;
  /** All members' claims, one member after the other (see {@link Ownership.claimStart}). */
  readonly claims: Int32Array;
  /** The claims each member keeps after conflict resolution, same layout and order. */
  readonly ownedStart: Int32Array;
  /** All members' kept claims, one member after the other (see {@link Ownership.ownedStart}). */
  readonly owned: Int32Array;
  /** 1 for a partition that two members of one generation claimed (AS-26). */
  readonly multiplyClaimed: Uint8Array;
}

/**
 * The valid claims of every member (AS-25): partitions of assignable topics whose number is in
 * range, each at most once per member, in the member's order.
 */
function collectClaims(index: GroupIndex, data: readonly Claims[]): { start: Int32Array; claims: Int32Array } {
  let total = 0;
  for (const member of data) total += member.partitions.length;
  const claims = new Int32Array(total);
  const start = new Int32Array(data.length + 1);
  // The last member that claimed each partition: drops a member's repeated claim in O(1).
  const lastClaimer = new Int32Array(index.partitionCount).fill(-1);
  const { topicStart } = index;
  let at = 0;
  for (let m = 0; m < data.length; m++) {
    start[m] = at;
    const { topics, partitions } = data[m] as Claims;
    for (let i = 0; i < topics.length; i++) {
      const t = topics[i] as number;
      const partition = partitions[i] as number;
      if (t < 0 || partition < 0) continue;
      const first = topicStart[t] as number;
      if (partition >= (topicStart[t + 1] as number) - first) continue;
      const g = first + partition;
      if (lastClaimer[g] === m) continue;
      lastClaimer[g] = m;
      claims[at++] = g;
    }
  }
  start[data.length] = at;
  return { start, claims: claims.slice(0, at) };
}

/**
 * Resolves conflicting claims (AS-26), visiting members in member id order.
 *
 * @param data - each member's claims and generation (index order).
 * @param protocolGeneration - each member's subscription `generationId` (-1 when absent):
 * Kafka compares a claimant's member-data generation with the current holder's subscription
 * generation, which differ only for `sticky`.
 */
export function resolveOwnership(index: GroupIndex, data: readonly Claims[], protocolGeneration: Int32Array): Ownership {
  const { start, claims } = collectClaims(index, data);
  const memberCount = data.length;
  const generation = new Int32Array(memberCount);
  const holder = new Int32Array(index.partitionCount).fill(-1);
  // Whether `holder[g]` still has `g` in its owned list: after a same-generation clash the
  // last claimant becomes the holder Kafka compares against, but keeps nothing.
  const held = new Uint8Array(index.partitionCount);
  const multiplyClaimed = new Uint8Array(index.partitionCount);
  let maxGeneration = DEFAULT_GENERATION;
  for (let m = 0; m < memberCount; m++) {
    const own = (data[m] as Claims).generation ?? DEFAULT_GENERATION;
    generation[m] = own;
    if (own > maxGeneration) maxGeneration = own;
    const end = start[m + 1] as number;
    for (let i = start[m] as number; i < end; i++) {
      const g = claims[i] as number;
      const other = holder[g] as number;
      if (other < 0) {
        holder[g] = m;
        held[g] = 1;
        continue;
      }
      const otherGeneration = protocolGeneration[other] as number;
      if (own === otherGeneration) {
        multiplyClaimed[g] = 1;
        held[g] = 0;
        holder[g] = m;
      } else if (own > otherGeneration) {
        held[g] = 1;
        holder[g] = m;
      }
    }
  }
  const owned = new Int32Array(claims.length);
  const ownedStart = new Int32Array(memberCount + 1);
  let at = 0;
  for (let m = 0; m < memberCount; m++) {
    ownedStart[m] = at;
    const end = start[m + 1] as number;
    for (let i = start[m] as number; i < end; i++) {
      const g = claims[i] as number;
      if (holder[g] === m && held[g] === 1) owned[at++] = g;
    }
  }
  ownedStart[memberCount] = at;
  return {
    maxGeneration,
    generation,
    claimStart: start,
    claims,
    ownedStart,
    owned: owned.slice(0, at),
    multiplyClaimed,
  };
}

import { InvariantViolation } from '../../invariant.js';

/**
 * The least/most-loaded member picker of the heterogeneous `uniform` builder: Kafka's
 * `UniformHeterogeneousAssignmentBuilder.MemberAssignmentBalancer`, over member indices and one
 * shared array of assignment sizes.
 *
 * @remarks
 * It keeps the members of one topic sorted by (assigned partitions, member index) and two ranges
 * of equally loaded members: the least loaded at the front, which grows rightwards as its members
 * each receive a partition, and the most loaded at the back, which grows leftwards as its members
 * each give one up. It assumes that the caller actually moves the partitions it announces, so the
 * sizes it reads stay consistent with the ranges (SA-32, SA-33).
 * @see spec/server-assignors.md
 */
export class MemberAssignmentBalancer {
  private sortedMembers: number[] = [];
  private leastLoadedRangeEnd = 0;
  private leastLoadedRangePartitionCount = -1;
  private nextLeastLoaded = 0;
  private mostLoadedRangeStart = 0;
  private mostLoadedRangeEnd = 0;
  private mostLoadedRangePartitionCount = 1;
  private nextMostLoaded = -1;

  /** @param sizes the number of partitions each member (by index) holds, updated by the caller. */
  constructor(private readonly sizes: Int32Array) {}

  /**
   * Resets the balancer for a topic's subscribers (member indices, ascending); returns the
   * difference in partition counts between the most and the least loaded of them.
   */
  initialize(members: readonly number[]): number {
    // Every topic the builder balances has a subscriber: an empty list is a bug in the builder.
    if (members.length === 0) throw new InvariantViolation('SA-32', 'Cannot balance an empty subscriber list.');
    const sizes = this.sizes;
    this.sortedMembers = [...members].sort((a, b) => (sizes[a] as number) - (sizes[b] as number) || a - b);
    const first = this.sortedMembers[0] as number;
    const last = this.sortedMembers[this.sortedMembers.length - 1] as number;
    this.leastLoadedRangeEnd = 0;
    this.leastLoadedRangePartitionCount = (sizes[first] as number) - 1;
    this.nextLeastLoaded = 0;
    this.mostLoadedRangeStart = this.sortedMembers.length;
    this.mostLoadedRangeEnd = this.sortedMembers.length;
    this.mostLoadedRangePartitionCount = (sizes[last] as number) + 1;
    this.nextMostLoaded = this.sortedMembers.length - 1;
    return (sizes[last] as number) - (sizes[first] as number);
  }

  /**
   * The least loaded member to give the next partition to; the balancer assumes it gets one.
   * Members of the least loaded range each get one in turn; when all have, the range's level
   * rises by one and it takes in the members that were one above it.
   */
  nextLeastLoadedMember(): number {
    if (this.nextLeastLoaded >= this.leastLoadedRangeEnd) {
      this.leastLoadedRangePartitionCount++;
      while (
        this.leastLoadedRangeEnd < this.sortedMembers.length &&
        this.sizes[this.sortedMembers[this.leastLoadedRangeEnd] as number] === this.leastLoadedRangePartitionCount
      ) {
        this.leastLoadedRangeEnd++;
      }
      this.nextLeastLoaded = 0;
    }
    return this.sortedMembers[this.nextLeastLoaded++] as number;
  }

  /**
   * The most loaded member to take the next partition from, or -1 when no member is left that
   * could give one up; the balancer assumes it gives one.
   */
  nextMostLoadedMember(): number {
    if (this.nextMostLoaded < this.mostLoadedRangeStart) {
      if (this.mostLoadedRangeEnd <= this.mostLoadedRangeStart && this.mostLoadedRangeStart > 0) {
        // The range was emptied by exclusions: restart it from the next member down, or it
        // might not expand and we would return a member outside it.
        this.mostLoadedRangePartitionCount = this.sizes[this.sortedMembers[this.mostLoadedRangeStart - 1] as number] as number;
      } else {
        this.mostLoadedRangePartitionCount--;
      }
      while (
        this.mostLoadedRangeStart > 0 &&
        this.sizes[this.sortedMembers[this.mostLoadedRangeStart - 1] as number] === this.mostLoadedRangePartitionCount
      ) {
        this.mostLoadedRangeStart--;
      }
      this.nextMostLoaded = this.mostLoadedRangeEnd - 1;
    }
    if (this.nextMostLoaded < 0) return -1;
    return this.sortedMembers[this.nextMostLoaded--] as number;
  }

  /** Drops the member last returned by {@link nextMostLoadedMember} from the most loaded range (it has nothing to give). */
  excludeMostLoadedMember(): void {
    const at = this.nextMostLoaded + 1;
    const member = this.sortedMembers[at] as number;
    this.sortedMembers[at] = this.sortedMembers[this.mostLoadedRangeEnd - 1] as number;
    this.sortedMembers[this.mostLoadedRangeEnd - 1] = member;
    this.mostLoadedRangeEnd--;
  }

  /** The most and least loaded ranges differ by at most one partition. */
  isBalanced(): boolean {
    return this.mostLoadedRangePartitionCount - this.leastLoadedRangePartitionCount <= 1;
  }
}

/**
 * The least/most-loaded picker of the heterogeneous `uniform` builder (Kafka's
 * `UniformHeterogeneousAssignmentBuilder.MemberAssignmentBalancer`), driven as the builder drives
 * it: the caller gives a partition to each least loaded member it is handed, takes one from each
 * most loaded member that holds one, and excludes a most loaded member that holds none.
 */
import { describe, expect, it } from 'vitest';
import { MemberAssignmentBalancer } from '../../../../../src/protocol/consumer/assignors/member-balancer.js';
import { InvariantViolation } from '../../../../../src/protocol/invariant.js';

/** `count` least loaded picks, each member picked receiving one partition. */
function giveTo(balancer: MemberAssignmentBalancer, sizes: Int32Array, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const m = balancer.nextLeastLoadedMember();
    out.push(m);
    sizes[m] = (sizes[m] as number) + 1;
  }
  return out;
}

describe('member assignment balancer (heterogeneous uniform builder)', () => {
  it('[SA-32] an empty subscriber list is a bug in the builder: InvariantViolation naming SA-32', () => {
    const balancer = new MemberAssignmentBalancer(new Int32Array(2));
    expect(() => balancer.initialize([])).toThrow(InvariantViolation);
    try {
      balancer.initialize([]);
    } catch (e) {
      expect((e as InvariantViolation).ruleId).toBe('SA-32');
      expect((e as Error).message).toMatch(/^\[SA-32\] \S/);
    }
  });

  it('[SA-33] initialize answers the spread between the most and the least loaded subscriber', () => {
    const sizes = Int32Array.from([2, 9, 5, 3]);
    expect(new MemberAssignmentBalancer(sizes).initialize([0, 2, 3])).toBe(3);
    expect(new MemberAssignmentBalancer(sizes).initialize([1, 3])).toBe(6);
  });

  it('[SA-32] least loaded first; equal loads each take one in turn, lowest member first, before the level rises', () => {
    const sizes = Int32Array.from([1, 0, 0, 1]);
    const balancer = new MemberAssignmentBalancer(sizes);
    balancer.initialize([0, 1, 2, 3]);
    // Level 0: members 1 and 2. Then all four are at 1, in the order the balancer sorted them.
    expect(giveTo(balancer, sizes, 6)).toEqual([1, 2, 1, 2, 0, 3]);
  });

  it('[SA-32][SA-34] many tied members are handed out by member number, also past the short-sort size', () => {
    const n = 120;
    const sizes = Int32Array.from({ length: n }, (_, i) => (i * 7) % 3);
    const balancer = new MemberAssignmentBalancer(sizes);
    balancer.initialize(Array.from({ length: n }, (_, i) => i));
    const zero = Array.from({ length: n }, (_, i) => i).filter((i) => (i * 7) % 3 === 0);
    expect(giveTo(balancer, sizes, zero.length)).toEqual(zero);
  });

  it('[SA-33] most loaded first, skipping an excluded member for good, then the next level down', () => {
    const sizes = Int32Array.from([4, 4, 4, 0]);
    const balancer = new MemberAssignmentBalancer(sizes);
    balancer.initialize([0, 1, 2, 3]);
    const first = balancer.nextMostLoadedMember();
    expect(first).toBe(2); // the last of the equally most loaded: holds nothing of this topic
    balancer.excludeMostLoadedMember();
    const taken: number[] = [];
    for (let i = 0; i < 4; i++) {
      const m = balancer.nextMostLoadedMember();
      taken.push(m);
      sizes[m] = (sizes[m] as number) - 1;
    }
    // 1 and 0 give one each (4 -> 3); the range drops to level 3 and again holds 1 and 0, never 2.
    expect(taken).toEqual([1, 0, 1, 0]);
  });

  it('[SA-33] an exclusion in the middle of the range keeps the others', () => {
    const sizes = Int32Array.from([4, 4, 4, 0]);
    const balancer = new MemberAssignmentBalancer(sizes);
    balancer.initialize([0, 1, 2, 3]);
    const seq: number[] = [];
    let m = balancer.nextMostLoadedMember();
    seq.push(m);
    sizes[m] = (sizes[m] as number) - 1; // 2 gives one
    m = balancer.nextMostLoadedMember();
    seq.push(m);
    balancer.excludeMostLoadedMember(); // 1 holds none
    for (let i = 0; i < 4; i++) {
      m = balancer.nextMostLoadedMember();
      seq.push(m);
      sizes[m] = (sizes[m] as number) - 1;
    }
    // 0 gives (4 -> 3); level 3 holds 0 and 2, most loaded last: 2, 0; then level 2: 2, 0.
    expect(seq).toEqual([2, 1, 0, 2, 0, 2]);
  });

  it('[SA-33] when every subscriber is excluded the balancer answers -1: no member is left to give one up', () => {
    const sizes = Int32Array.from([0, 5]);
    const balancer = new MemberAssignmentBalancer(sizes);
    balancer.initialize([0, 1]);
    expect(balancer.nextMostLoadedMember()).toBe(1);
    balancer.excludeMostLoadedMember();
    expect(balancer.nextMostLoadedMember()).toBe(0);
    balancer.excludeMostLoadedMember();
    expect(balancer.nextMostLoadedMember()).toBe(-1);
  });
});

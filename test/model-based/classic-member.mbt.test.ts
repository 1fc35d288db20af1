/**
 * Model-based tests of the consumer member statechart against the real coordinator: one test
 * per edge of the member statechart and member variant (eager or cooperative, dynamic or
 * static). A driver plays the member's side on an in-memory cluster: it sends the requests
 * the statechart says the member sent, sets the scene for each planned answer (other
 * clients, an admin, coordinator moves) and feeds the broker's real answers to the statechart,
 * which must accept each one and do what the path planned; the member must read only what the
 * broker assigned it (`readablePartitions`).
 * @see test/model-based/member-paths.ts and member-driver.ts
 */
import { describe, expect, it } from 'vitest';
import { Coverage } from './coverage.js';
import { MEMBER_VARIANTS, UNREALIZABLE, generateMemberPaths, memberMachine, runMemberPath } from './member-paths.js';
import { MUTATION } from '../helpers/seed.js';

const paths = generateMemberPaths();
const coverage = new Coverage(memberMachine(MEMBER_VARIANTS[0]!));

describe(`consumer member statechart vs the coordinator: ${paths.length} paths over ${MEMBER_VARIANTS.length} variants`, () => {
  for (const path of paths) {
    it(path.title, () => {
      const own = new Coverage(memberMachine(path.variant));
      runMemberPath(path.variant, path.events, own);
      coverage.merge(own);
    });
  }

  // A fact about the whole file's paths: a mutation run replays only the tests covering a mutant.
  it.skipIf(MUTATION)('[CL-08][OC-08] the paths reach every state and fire every transition except the two no classic coordinator answer can fire', () => {
    expect(coverage.unreached()).toEqual([]);
    expect(coverage.missing().map((e) => e.key)).toEqual(Object.keys(UNREALIZABLE));
  });
});

/**
 * Model-based tests of the real KafkaConsumer (`group.protocol=consumer`) against the KIP-848
 * member statechart: one test per situation (`consumer-member-paths.ts`), each replaying every
 * consumer's own state trace and rebalance callbacks on the statechart, which must accept each
 * step and land where the consumer did; then every state and transition must have been reached.
 */
import { describe, expect, it } from 'vitest';
import { Coverage } from './coverage.js';
import { SITUATIONS, consumerMemberMachine, playSituation } from './consumer-member-paths.js';

const coverage = new Coverage(consumerMemberMachine());

describe(`KIP-848 member statechart vs KafkaConsumer: ${SITUATIONS.length} situations`, () => {
  for (const situation of SITUATIONS) {
    it(`[CL-35] ${situation.title}`, () => {
      playSituation(situation, coverage);
    });
  }

  it('[CL-35] the situations reach every state and fire every transition of the member statechart', () => {
    expect(coverage.unreached()).toEqual([]);
    expect(coverage.missing().map((e) => e.key)).toEqual([]);
  });
});

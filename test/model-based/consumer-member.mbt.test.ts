/**
 * Model-based tests of the real KafkaConsumer (`group.protocol=consumer`) against the KIP-848
 * member statechart: one test per situation (`consumer-member-paths.ts`), each replaying every
 * consumer's own state trace and rebalance callbacks on the statechart, which must accept each
 * step and land where the consumer did; then every state and transition must have been reached.
 */
import { describe, expect, it } from 'vitest';
import { CONSUMER_MEMBER_OMITTED } from '../../machines/index.js';
import { PREVIOUS_STATES } from '../../src/client/index.js';
import { Coverage } from './coverage.js';
import { SITUATIONS, consumerMemberMachine, playSituation } from './consumer-member-paths.js';
import { MUTATION } from '../helpers/seed.js';

const coverage = new Coverage(consumerMemberMachine());

describe(`KIP-848 member statechart vs KafkaConsumer: ${SITUATIONS.length} situations`, () => {
  for (const situation of SITUATIONS) {
    it(`${situation.rules.map((r) => `[${r}]`).join('')} ${situation.title}`, () => {
      playSituation(situation, coverage);
    });
  }

  // A fact about the whole file's paths: a mutation run replays only the tests covering a mutant.
  it.skipIf(MUTATION)('[CL-46] the situations reach every state and fire every transition of the member statechart', () => {
    expect(coverage.unreached()).toEqual([]);
    expect(coverage.missing().map((e) => e.key)).toEqual([]);
  });

  it('[CL-35][CL-46] every move of MemberState is in the statechart or argued as omitted, and nothing else is', () => {
    const inMachine = new Set(coverage.edges.filter((e) => e.source !== e.target).map((e) => `${e.source}>${e.target}`));
    const omitted = new Set(Object.keys(CONSUMER_MEMBER_OMITTED).flatMap((k) => k.split(', ').map((m) => m.replace(/ \(.*\)$/, ''))));
    const java = Object.entries(PREVIOUS_STATES).flatMap(([to, froms]) => froms.filter((from) => from !== to).map((from) => `${from}>${to}`));
    expect([...inMachine].filter((m) => !java.includes(m))).toEqual([]);
    expect(java.filter((m) => !inMachine.has(m) && !omitted.has(m))).toEqual([]);
  });
});

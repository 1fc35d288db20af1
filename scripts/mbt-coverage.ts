/**
 * `npm run mbt:coverage`: runs the model-based paths of both statecharts and prints, per
 * statechart, `coverage <machine-id>: states S/S_total, transitions T/T_total`. The totals come
 * from the statechart (its states, the edges of `toDirectedGraph`); S and T count only states
 * reached and transitions fired in steps the system agreed with.
 *
 * - `classic-group`: the group statechart's paths against the coordinator runtime
 *   (`test/model-based/group-paths.ts`).
 * - `classic-member`: the member statechart's paths walked by a real `KafkaConsumer` against the
 *   in-memory brokers (`test/model-based/consumer-paths.ts`), as `consumer.mbt.test.ts` runs them.
 *   Should the real consumer ever reach less than every state and transition, the line falls back
 *   to the protocol-level driver (`member-paths.ts`, which plays the member's side itself) and the
 *   consumer's own count follows as `coverage classic-member (KafkaConsumer): ...`, reported
 *   without failing.
 *
 * - `consumer-group` and `consumer-group-member`: the KIP-848 statecharts' paths against the
 *   coordinator runtime, driven with ConsumerGroupHeartbeats and timers
 *   (`test/model-based/consumer-group-paths.ts`).
 *
 * - `consumer-member`: the KIP-848 member statechart (client side), counted from real
 *   `KafkaConsumer`s (`group.protocol=consumer`) in the situations of
 *   `test/model-based/consumer-member-paths.ts`, whose own traces are replayed on it.
 *
 * Exits 1 below 100% or when a path fails (or the consumer disagrees with the statechart); what
 * is missing and why goes to stderr.
 */
import { runAllGroupPaths } from '../test/model-based/group-paths.js';
import { UNREALIZABLE, runAllMemberPaths } from '../test/model-based/member-paths.js';
import { runAllConsumerPaths } from '../test/model-based/consumer-paths.js';
import { runAllCgPaths } from '../test/model-based/consumer-group-paths.js';
import { runAllConsumerMemberPaths } from '../test/model-based/consumer-member-paths.js';
import type { Coverage } from '../test/model-based/coverage.js';

interface Run {
  readonly coverage: Coverage;
  readonly paths: number;
  readonly failures: readonly { title: string; message: string }[];
}

function report(run: Run, why: Readonly<Record<string, string>> = {}, label?: string): boolean {
  const line = run.coverage.line();
  console.log(label === undefined ? line : line.replace(`coverage ${run.coverage.id}:`, `coverage ${run.coverage.id} (${label}):`));
  for (const f of run.failures) console.error(`  failed path: ${f.title}\n    ${f.message.split('\n').join('\n    ')}`);
  for (const s of run.coverage.unreached()) console.error(`  state never reached: ${s}`);
  for (const e of run.coverage.missing()) console.error(`  transition never fired: ${e.key} ${e.rules.map((r) => `[${r}]`).join('')}${why[e.key] ? `: ${why[e.key]}` : ''}`);
  return run.failures.length === 0 && run.coverage.complete();
}

function member(): boolean {
  const consumer = runAllConsumerPaths();
  const agreed = consumer.failures.length === 0;
  if (consumer.coverage.complete()) return report(consumer);
  for (const u of consumer.unrealized) console.error(`  not realized with KafkaConsumer: ${u.title}\n    ${u.message.split('\n').join('\n    ')}`);
  const driver = report(runAllMemberPaths(), UNREALIZABLE);
  report(consumer, {}, 'KafkaConsumer');
  return driver && agreed;
}

const ok = [report(runAllGroupPaths()), member(), report(runAllCgPaths('group')), report(runAllCgPaths('member')), report(runAllConsumerMemberPaths())];
if (!ok.every(Boolean)) process.exitCode = 1;

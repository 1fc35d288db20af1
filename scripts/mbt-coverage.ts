/**
 * `npm run mbt:coverage`: runs the model-based paths of both statecharts against the real
 * broker (the same path generation and drivers as `test/model-based/*.mbt.test.ts`) and prints,
 * per statechart, `coverage <machine-id>: states S/S_total, transitions T/T_total`. The totals
 * come from the statechart (its states, the edges of `toDirectedGraph`); S and T count only
 * states reached and transitions fired in steps the broker agreed with. Exits 1 below 100% or
 * when a path fails; what is missing and why goes to stderr.
 */
import { runAllGroupPaths } from '../test/model-based/group-paths.js';
import { UNREALIZABLE, runAllMemberPaths } from '../test/model-based/member-paths.js';
import type { Coverage } from '../test/model-based/coverage.js';

interface Run {
  readonly coverage: Coverage;
  readonly paths: number;
  readonly failures: readonly { title: string; message: string }[];
}

function report(run: Run, why: Readonly<Record<string, string>> = {}): boolean {
  console.log(run.coverage.line());
  for (const f of run.failures) console.error(`  failed path: ${f.title}\n    ${f.message.split('\n').join('\n    ')}`);
  for (const s of run.coverage.unreached()) console.error(`  state never reached: ${s}`);
  for (const e of run.coverage.missing()) console.error(`  transition never fired: ${e.key} ${e.rules.map((r) => `[${r}]`).join('')}${why[e.key] ? `: ${why[e.key]}` : ''}`);
  return run.failures.length === 0 && run.coverage.complete();
}

const ok = [report(runAllGroupPaths()), report(runAllMemberPaths(), UNREALIZABLE)];
if (!ok.every(Boolean)) process.exitCode = 1;

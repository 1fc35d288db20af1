/**
 * Progress of a conformance run on stderr: a progress bar on a terminal (cli-progress, each
 * failure logged above the bar as it happens), plain lines otherwise (a CI log, a pipe), so a
 * log file never fills with redraws.
 */
import cliProgress from 'cli-progress';
import type { ScenarioResult } from '../conformance/runner.js';
import { summarize, summaryLine } from '../conformance/report.js';
import type { CliIo } from './command.js';

/** Reports each finished scenario; {@link RunProgress.stop} ends the display. */
export interface RunProgress {
  result(r: ScenarioResult, done: number, total: number): void;
  stop(): void;
}

/** A plain progress line every this many scenarios (and at each failure, and at the end). */
const PLAIN_EVERY = 25;

function plainProgress(io: CliIo): RunProgress {
  const soFar: ScenarioResult[] = [];
  return {
    result(r, done, total) {
      soFar.push(r);
      if (done % PLAIN_EVERY === 0 || done === total || r.status === 'failed') {
        io.err(`[${done}/${total}] ${summaryLine(summarize(soFar))}${r.status === 'failed' ? ` (failed: ${r.name})` : ''}`);
      }
    },
    stop() {},
  };
}

function barProgress(terminal: NodeJS.WritableStream, total: number): RunProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream: terminal,
      format: 'conformance [{bar}] {value}/{total} | {passed} passed {failed} failed {skipped} skipped',
      barCompleteChar: '#',
      barIncompleteChar: '-',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      // A run of the built-in broker is a second or two; redraw often enough to look alive.
      fps: 10,
    },
    cliProgress.Presets.legacy,
  );
  const bar = bars.create(total, 0, { passed: 0, failed: 0, skipped: 0 });
  const counts = { passed: 0, failed: 0, skipped: 0 };
  return {
    result(r, done) {
      counts[r.status]++;
      bar.update(done, { ...counts });
      if (r.status === 'failed') {
        bars.log(`failed: ${r.name} [${r.rules.join(', ')}]\n`);
        // The log is written at the next redraw; draw now, as a fast run may end before the timer fires.
        bars.update();
      }
    },
    stop() {
      bars.stop();
    },
  };
}

/** The progress display for a run of `total` scenarios: a bar when `io.terminal` is set, else plain lines. */
export function runProgress(io: CliIo, total: number): RunProgress {
  return io.terminal === undefined ? plainProgress(io) : barProgress(io.terminal, total);
}

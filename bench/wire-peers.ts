/**
 * The brokers the wire benchmarks run against, each a child process on 127.0.0.1 that prints
 * `BOOTSTRAP host:port,...` then `READY`: `kgspec serve` (`node bin/kgspec.js serve --port 0`)
 * and, when built, librdkafka's mock cluster (`tools/mock-cluster`).
 *
 * @remarks
 * The mock's binary is `$KGSPEC_MOCK_CLUSTER`, else `tools/mock-cluster/mock_cluster` in
 * the project (git-ignored); {@link mockClusterPath} returns undefined when neither exists and
 * {@link MOCK_BUILD_HINT} says how to build it. Every peer is killed by {@link Peer.stop}, and
 * {@link stopAllPeers} kills whatever is left when the suite ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the bench looks for the mock when `KGSPEC_MOCK_CLUSTER` is not set. */
export const DEFAULT_MOCK_PATH = `${root}tools/mock-cluster/mock_cluster`;

/** How to build the mock, printed when it is absent. */
export const MOCK_BUILD_HINT =
  'build it with: apt-get update && apt-get install -y librdkafka-dev && make -C tools/mock-cluster ' +
  '(or set KGSPEC_MOCK_CLUSTER=/path/to/mock_cluster)';

/** The mock's binary, or undefined when it is not built. */
export function mockClusterPath(): string | undefined {
  const path = process.env.KGSPEC_MOCK_CLUSTER ?? DEFAULT_MOCK_PATH;
  return existsSync(path) ? path : undefined;
}

/** A running broker process. */
export interface Peer {
  readonly name: string;
  /** `host:port,...` as printed on its BOOTSTRAP line. */
  readonly bootstrap: string;
  /** Milliseconds from spawn to its READY line. */
  readonly readyMs: number;
  /** Kills the process (SIGKILL after 3 s) and waits for its exit. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** What to spawn for each kind of peer. */
export type PeerKind = 'kgspec' | 'mock';

function command(kind: PeerKind, brokers: number, timeoutS: number, topics: readonly string[]): [string, string[]] {
  if (kind === 'kgspec') {
    const config = ['group.initial.rebalance.delay.ms=3000', 'num.partitions=6'].flatMap((c) => ['--config', c]);
    return [process.execPath, [`${root}bin/kgspec.js`, 'serve', '--port', '0', '--brokers', String(brokers), '--log-level', 'error', ...config]];
  }
  const path = mockClusterPath();
  if (path === undefined) throw new Error(`the mock cluster is not built: ${MOCK_BUILD_HINT}`);
  return [path, [String(brokers), String(timeoutS), ...topics]];
}

/**
 * Spawns a peer and resolves once it printed READY (rejects after `readyTimeoutMs`, killing it).
 * `timeoutS` bounds the mock's life (it stops by itself); kgspec serve runs until stopped.
 */
export function startPeer(kind: PeerKind, options: { brokers?: number; timeoutS?: number; topics?: readonly string[]; readyTimeoutMs?: number } = {}): Promise<Peer> {
  const [cmd, args] = command(kind, options.brokers ?? 1, options.timeoutS ?? 300, options.topics ?? []);
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  };
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    if (stderr.length < 4000) stderr += c.toString();
  });
  return new Promise<Peer>((resolve, reject) => {
    let out = '';
    let bootstrap: string | undefined;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${kind}: no READY within ${options.readyTimeoutMs ?? 30000} ms: ${stderr}`));
    }, options.readyTimeoutMs ?? 30000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code}) before READY: ${stderr}`));
    });
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      bootstrap ??= /^BOOTSTRAP (\S+)$/m.exec(out)?.[1];
      if (bootstrap !== undefined && /^READY$/m.test(out)) {
        const readyMs = performance.now() - t0;
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ name: kind, bootstrap, readyMs, stop });
      }
    });
  });
}

/** Kills every peer still running (the suite's last step, also on failure). */
export async function stopAllPeers(): Promise<void> {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

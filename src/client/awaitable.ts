/**
 * Promise forms of the consumer's blocking calls, `commitSync` and `committed`, for any transport
 * and scheduler (SRV-25).
 *
 * @remarks
 * The blocking forms let virtual time pass inside the call (`Scheduler.advance`), which real time
 * cannot do (SRV-21). These forms instead resolve from the scheduler's own tasks: the answer's
 * delivery, the retry after `retry.backoff.ms` on a retriable failure, and the deadline, exactly
 * the steps the blocking forms take. Over TCP the application awaits them between polls; in
 * virtual time they settle as the loop advances.
 * @see spec/server.md SRV-25
 * @packageDocumentation
 */
import type { Scheduler } from '../time/scheduler.js';
import type { Committer } from './committer.js';
import { ConsumerError } from './errors.js';
import { tpKey, type OffsetAndMetadata, type TopicPartition } from './types.js';

/** What the promise forms need from the consumer. */
export interface AwaitableHost {
  readonly committer: Committer;
  readonly scheduler: Scheduler;
  readonly retryBackoffMs: number;
  /** A fresh timer key for one call's retries and deadline. */
  timerKey(): string;
}

/**
 * Settles once: `run` gets resolve/reject wrappers that also cancel the call's timers, and the
 * call fails with `Timeout` (`timeoutMessage`) if nothing settled it by `timeoutMs`.
 */
function settleOnce<T>(host: AwaitableHost, timeoutMs: number, timeoutMessage: string, run: (done: (value: T) => void, fail: (e: unknown) => void, retryKey: string, deadlineMs: number) => void): Promise<T> {
  const key = host.timerKey();
  const deadlineMs = host.scheduler.nowMs() + timeoutMs;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      host.scheduler.cancel(`${key}:retry`);
      host.scheduler.cancel(`${key}:deadline`);
      f();
    };
    host.scheduler.schedule(`${key}:deadline`, timeoutMs, () => finish(() => reject(new ConsumerError('Timeout', timeoutMessage))));
    run((v) => finish(() => resolve(v)), (e) => finish(() => reject(e)), `${key}:retry`, deadlineMs);
  });
}

/** SRV-25: `commitSync` as a promise: the committed offsets, or the error `commitSync` throws. */
export function commitAwaitable(host: AwaitableHost, offsets: readonly OffsetAndMetadata[], timeoutMs: number): Promise<readonly OffsetAndMetadata[]> {
  return settleOnce(host, timeoutMs, `Timeout of ${timeoutMs}ms expired before successfully committing offsets`, (done, fail, retryKey, deadlineMs) => {
    const attempt = (): void => {
      host.committer.commit(offsets, undefined, (o) => {
        if (o.status === 'committed') return done(o.offsets);
        if (o.status === 'pending') return;
        const retriable = o.error instanceof ConsumerError && o.error.kind === 'Retriable';
        const left = deadlineMs - host.scheduler.nowMs();
        if (!retriable || left <= 0) return fail(o.error);
        host.scheduler.schedule(retryKey, Math.min(left, host.retryBackoffMs), attempt);
      });
    };
    attempt();
  });
}

/** SRV-25: `committed` as a promise: each partition's committed offset in order (null: none). */
export function committedAwaitable(host: AwaitableHost, partitions: readonly TopicPartition[], timeoutMs: number): Promise<(OffsetAndMetadata | null)[]> {
  return settleOnce(host, timeoutMs, 'Timeout expired before the committed offsets were fetched', (done, _fail, retryKey, deadlineMs) => {
    const attempt = (): void => {
      host.committer.fetchCommitted(partitions, (got) => {
        if (got === null) {
          // Asked again after the backoff (coordinator unknown or moved, partitions unstable); the deadline fails the call.
          const left = deadlineMs - host.scheduler.nowMs();
          if (left > 0) host.scheduler.schedule(retryKey, Math.min(left, host.retryBackoffMs), attempt);
          return;
        }
        done(partitions.map((tp) => {
          const offset = got.get(tpKey(tp)) ?? -1;
          return offset < 0 ? null : { topic: tp.topic, partition: tp.partition, offset, metadata: '' };
        }));
      });
    };
    attempt();
  });
}

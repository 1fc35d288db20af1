/**
 * Deliberately broken brokers for tests that must see the suite fail: the in-memory cluster with
 * every answer passed through a rewrite.
 */
import { ClusterTarget } from '../../src/conformance/cluster-target.js';
import type { Target } from '../../src/conformance/target.js';
import type { GroupResponse } from '../../src/protocol/messages/index.js';

/** The cluster target whose sessions answer `rewrite(answer)` instead of each answer. */
export function brokenTarget(name: string, rewrite: (r: GroupResponse) => GroupResponse): Target {
  const inner = new ClusterTarget();
  return {
    name,
    async start(configs, topics, cluster) {
      const session = await inner.start(configs, topics, cluster);
      if ('skip' in session) return session;
      // Everything but `response` goes to the real session.
      return new Proxy(session, {
        get(target, prop, receiver) {
          if (prop === 'response') {
            return (label: string) => {
              const r = target.response(label);
              return r === undefined ? undefined : rewrite(r);
            };
          }
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}

/** A broker answering Heartbeat in PreparingRebalance with NONE instead of REBALANCE_IN_PROGRESS (breaks HB-03). */
export function heartbeatNeverRebalancing(): Target {
  return brokenTarget('heartbeat-never-rebalancing', (r) => (r.api === 'Heartbeat' && r.errorCode === 27 ? { ...r, errorCode: 0 } : r));
}

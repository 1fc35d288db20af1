/**
 * The in-memory transport wired to a cluster: liveness, crashes and advertised addresses.
 *
 * @remarks
 * `src/transport` knows nothing of brokers (it sits below this layer), so the cluster hands
 * it three facts through plain functions: whether a node is up, which node advertises an
 * address, and when a node crashes.
 * @see spec/cluster.md NET-02, NET-03
 * @packageDocumentation
 */
import { Transport, type TransportOptions } from '../../transport/channel.js';
import type { NodeAddress } from '../../transport/client-transport.js';
import type { Cluster } from './cluster.js';

/** The id an address no broker advertises resolves to: no broker listens there (UNKNOWN_NODE). */
const NO_NODE = -1;

/** The broker of `cluster` advertising `destination`'s host and port, or -1 (no broker: UNKNOWN_NODE). */
export function resolveAddress(cluster: Cluster<unknown>, destination: NodeAddress): number {
  const broker = cluster.brokers().find((b) => b.host === destination.host && b.port === destination.port);
  return broker?.nodeId ?? NO_NODE;
}

/**
 * NET-02, NET-03: a transport over `cluster`'s brokers: a request reaching a down broker
 * fails with `BROKER_DOWN`, a crash fails the requests outstanding there with
 * `DISCONNECTED`, and an address resolves to the broker advertising it. Handlers are
 * registered with {@link Transport.listen} as usual.
 */
export function clusterTransport<Req extends { readonly api: string }, Res>(
  cluster: Cluster<unknown>,
  options: Omit<TransportOptions<Req, Res>, 'loop' | 'isNodeUp' | 'resolve'> = {},
): Transport<Req, Res> {
  const transport = new Transport<Req, Res>({
    ...options,
    loop: cluster.loop,
    isNodeUp: (id) => cluster.isUp(id),
    resolve: (destination) => resolveAddress(cluster, destination),
  });
  cluster.on((e) => {
    if (e.type === 'brokerDown') transport.disconnect(e.nodeId);
  });
  return transport;
}

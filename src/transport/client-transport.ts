/**
 * The contract between a client and whatever carries its requests to the brokers: the
 * in-memory channel ({@link Transport}), or TCP (`TcpTransport` in src/wire/client, SRV-19).
 *
 * @remarks
 * A client names its destination the way Kafka clients do: by the address it learned, with a
 * node id. Bootstrap servers are only addresses, so they get negative ids (-1, -2, ... in
 * `bootstrap.servers` order, as Kafka's `ClientUtils.parseAndValidateAddresses` plus
 * `Cluster.bootstrap`); brokers named by Metadata or FindCoordinator keep their own ids. The
 * transport resolves the address; the client never needs to know what is behind it.
 * @see spec/cluster.md NET-01..NET-05
 * @packageDocumentation
 */

/** Why a request failed at the network level. */
export type NetworkErrorReason =
  /** The broker was down when the request reached it. */
  | 'BROKER_DOWN'
  /** The broker crashed while the request was outstanding (connection reset). */
  | 'DISCONNECTED'
  /** No broker listens at that address (or under that node id). */
  | 'UNKNOWN_NODE';

/** The one outcome of a request. */
export type SendResult<Res> =
  | { readonly type: 'response'; readonly correlationId: number; readonly response: Res }
  | { readonly type: 'networkError'; readonly correlationId: number; readonly reason: NetworkErrorReason }
  | { readonly type: 'timeout'; readonly correlationId: number }
  /**
   * The broker speaks no version of the request's API that the client does (or none that can say
   * what the request says): Kafka's `UnsupportedVersionException`, raised without sending
   * (SRV-23). Only a transport that negotiates versions (TCP) gives it; `message` names the API
   * and the ranges.
   */
  | { readonly type: 'unsupportedVersion'; readonly correlationId: number; readonly message: string };

/** Options of one send. */
export interface SendOptions {
  /** Fails the request with `timeout` if no result came within this many ms. */
  readonly timeoutMs?: number;
}

/**
 * A broker as a client knows it: Kafka's `Node`. The address is what the transport connects
 * to; the id is the client's name for it (negative for a bootstrap server).
 */
export interface NodeAddress {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

/**
 * What a client needs from the network: send a typed request to a node and get exactly one
 * typed result (the response, a network error or a timeout).
 *
 * @remarks
 * `onResult` runs exactly once, and never inside `send` itself, so a client may send from a
 * result callback without re-entering its own state. Implementations keep the order of the
 * requests a client sends to one node (Kafka's one-connection-per-node ordering).
 */
export interface ClientTransport<Req extends { readonly api: string }, Res> {
  /** Sends `request` from `clientId` to `destination`; returns the request's correlation id. */
  send(clientId: string, destination: NodeAddress, request: Req, onResult: (result: SendResult<Res>) => void, options?: SendOptions): number;
}

/**
 * Parses Kafka's `bootstrap.servers` (`host:port` strings, or one comma-separated string) into
 * nodes with ids -1, -2, ... in the order given.
 *
 * @throws RangeError naming the entry that is not `host:port` with a port from 1 to 65535.
 */
export function parseBootstrapServers(servers: string | readonly string[]): NodeAddress[] {
  const list = typeof servers === 'string' ? servers.split(',') : servers;
  return list
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((entry, i) => {
      const colon = entry.lastIndexOf(':');
      const host = entry.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
      const port = Number(entry.slice(colon + 1));
      if (colon <= 0 || host === '' || !Number.isInteger(port) || port < 1 || port > 65_535) {
        throw new RangeError(`Invalid url in bootstrap.servers: ${entry}`);
      }
      return { nodeId: -(i + 1), host, port };
    });
}

/**
 * The consumer's side of the transport: typed sends with a request timeout, the addresses of
 * the nodes it knows, and the trace of every request, answer and network error, in the order
 * they were delivered.
 *
 * @remarks
 * The consumer names brokers by node id everywhere else; this is the one place that turns an
 * id into the address the transport connects to (Kafka's `NetworkClient` with its
 * `Metadata`). Addresses are learned from `bootstrap.servers` (negative ids), Metadata
 * answers and FindCoordinator answers, and never forgotten: a broker that left the metadata
 * may still be the leader or coordinator a stale view points at.
 * @packageDocumentation
 */
import type { KafkaRequest, KafkaResponse } from '../protocol/messages/index.js';
import type { Clock } from '../time/clock.js';
import type { ClientTransport, NodeAddress } from '../transport/client-transport.js';
import { ConsumerError } from './errors.js';
import type { ConsumerTraceEntry } from './types.js';

/** The answer type of a request type. */
export type ResponseOf<R extends KafkaRequest> = Extract<KafkaResponse, { readonly api: R['api'] }>;

/** What a request came to: its answer, or why there is none (network error or timeout). */
export type NetResult<R> = { readonly ok: true; readonly response: R } | { readonly ok: false; readonly reason: string };

/** Typed request/response over a {@link ClientTransport}, with a trace. */
export class ConsumerNetwork {
  readonly trace: ConsumerTraceEntry[] = [];
  private outstanding = 0;
  private readonly nodes = new Map<number, NodeAddress>();
  private unsupported: ConsumerError | null = null;

  constructor(
    private readonly transport: ClientTransport<KafkaRequest, KafkaResponse>,
    private readonly clientId: string,
    private readonly loop: Clock,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Records where node `node.nodeId` listens (a later answer may move it). */
  learn(node: NodeAddress): void {
    this.nodes.set(node.nodeId, { nodeId: node.nodeId, host: node.host, port: node.port });
  }

  /** The address of `nodeId`; a node never heard of gets an address nobody listens at. */
  addressOf(nodeId: number): NodeAddress {
    return this.nodes.get(nodeId) ?? { nodeId, host: '', port: -1 };
  }

  /**
   * The first request the broker could take at no version the client speaks (SRV-23), as the
   * error `poll` raises from then on; null while there is none. The request itself fails with
   * reason `UNSUPPORTED_VERSION`, so the member backs off as for any failure.
   */
  get unsupportedVersion(): ConsumerError | null {
    return this.unsupported;
  }

  /** Requests sent and not yet answered (or failed). */
  get inFlight(): number {
    return this.outstanding;
  }

  /**
   * Sends `request` to broker `nodeId`; `onResult` runs once, from the loop task that delivers
   * the answer, a network error, or the timeout (`timeoutMs`, default `request.timeout.ms`).
   * Returns the correlation id.
   */
  send<R extends KafkaRequest>(nodeId: number, request: R, onResult: (result: NetResult<ResponseOf<R>>) => void, timeoutMs?: number): number {
    this.outstanding++;
    const atMs = this.loop.nowMs();
    let correlationId = -1;
    correlationId = this.transport.send(
      this.clientId,
      this.addressOf(nodeId),
      request,
      (result) => {
        this.outstanding--;
        const base = { atMs: this.loop.nowMs(), correlationId, nodeId, api: request.api };
        if (result.type === 'response') {
          this.trace.push({ type: 'response', ...base, response: result.response });
          onResult({ ok: true, response: result.response as ResponseOf<R> });
        } else {
          if (result.type === 'unsupportedVersion') this.unsupported ??= new ConsumerError('UnsupportedVersion', result.message);
          const reason = result.type === 'timeout' ? 'REQUEST_TIMED_OUT' : result.type === 'unsupportedVersion' ? 'UNSUPPORTED_VERSION' : result.reason;
          this.trace.push({ type: 'networkError', ...base, reason });
          onResult({ ok: false, reason });
        }
      },
      { timeoutMs: timeoutMs ?? this.requestTimeoutMs },
    );
    this.trace.push({ type: 'request', atMs, correlationId, nodeId, api: request.api, request });
    return correlationId;
  }
}

/**
 * The consumer's side of the transport: typed sends with a request timeout, and the trace of
 * every request, answer and network error, in the order the loop delivered them.
 *
 * @packageDocumentation
 */
import type { EventLoop } from '../time/event-loop.js';
import type { BrokerRequest, BrokerResponse } from '../broker/kafka-broker.js';
import type { Transport } from '../transport/channel.js';
import type { ConsumerTraceEntry } from './types.js';

/** The answer type of a request type. */
export type ResponseOf<R extends BrokerRequest> = Extract<BrokerResponse, { readonly api: R['api'] }>;

/** What a request came to: its answer, or why there is none (network error or timeout). */
export type NetResult<R> = { readonly ok: true; readonly response: R } | { readonly ok: false; readonly reason: string };

/** Typed request/response over a {@link Transport}, with a trace. */
export class ConsumerNetwork {
  readonly trace: ConsumerTraceEntry[] = [];
  private outstanding = 0;

  constructor(
    private readonly transport: Transport<BrokerRequest, BrokerResponse>,
    private readonly clientId: string,
    private readonly loop: EventLoop,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Requests sent and not yet answered (or failed). */
  get inFlight(): number {
    return this.outstanding;
  }

  /**
   * Sends `request` to broker `nodeId`; `onResult` runs once, from the loop task that delivers
   * the answer, a network error, or the timeout (`timeoutMs`, default `request.timeout.ms`).
   * Returns the correlation id.
   */
  send<R extends BrokerRequest>(nodeId: number, request: R, onResult: (result: NetResult<ResponseOf<R>>) => void, timeoutMs?: number): number {
    this.outstanding++;
    const atMs = this.loop.nowMs();
    let correlationId = -1;
    correlationId = this.transport.send(
      this.clientId,
      nodeId,
      request,
      (result) => {
        this.outstanding--;
        const base = { atMs: this.loop.nowMs(), correlationId, nodeId, api: request.api };
        if (result.type === 'response') {
          this.trace.push({ type: 'response', ...base, response: result.response });
          onResult({ ok: true, response: result.response as ResponseOf<R> });
        } else {
          const reason = result.type === 'timeout' ? 'REQUEST_TIMED_OUT' : result.reason;
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

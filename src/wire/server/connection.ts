/**
 * One client connection: frames in, typed requests to the broker one at a time, answers out
 * in order.
 *
 * @remarks
 * Kafka mutes a connection's channel while one of its requests is being handled, so a
 * connection's requests are answered strictly in the order sent and a parked JoinGroup holds
 * every later request of that connection (SRV-02). Frames that arrive meanwhile wait here;
 * reading from the socket pauses while any wait, as Kafka stops reading a muted channel.
 * Nothing here interprets a request: the codec translates, the broker answers.
 * @see spec/server.md
 */
import type { Socket } from 'node:net';
import { ErrorCodes } from '../../protocol/errors.js';
import { FrameReader, lengthPrefixed, readHeaderPrefix } from './framing.js';
import type { RequestHeader, WireCodec, WireRequest, WireResponse } from './codec-port.js';
import type { LogLevel } from './log.js';

/** ApiVersions' API key (its error answer is written here, in the v0 layout every client reads). */
const API_VERSIONS_KEY = 18;

/** One decoded request and its answer, as the tap sees them. */
export interface Exchange {
  /** The cluster's time when the request arrived (arrival taps) or the answer was written. */
  readonly atMs: number;
  readonly connectionId: number;
  readonly nodeId: number;
  readonly clientId: string | null;
  readonly header: RequestHeader;
  readonly request: WireRequest;
  /** Absent for Produce with acks=0, which Kafka never answers. */
  readonly response?: WireResponse;
}

/** What a connection needs from its server. */
export interface ConnectionContext {
  readonly nodeId: number;
  readonly connectionId: number;
  readonly codec: WireCodec;
  readonly maxRequestBytes: number;
  /** `connections.max.idle.ms`: how long a connection may sit with no traffic and nothing in flight. */
  readonly maxIdleMs: number;
  /**
   * Hands a request to the broker `nodeId`; `reply` is called once, maybe later; `arrived`, once
   * the cluster's clock has caught up, before the broker sees the request.
   */
  readonly handle: (request: WireRequest, reply: (response: WireResponse) => void, arrived?: () => void) => void;
  readonly log: (level: LogLevel, line: string) => void;
  /** The cluster's time (the taps' `atMs`). */
  readonly now: () => number;
  /** Sees every answered request with its answer (and a Produce with acks=0, unanswered). */
  readonly tap?: (exchange: Exchange) => void;
  /** Sees every request the broker is about to handle, without an answer (ApiVersions is the connection's own). */
  readonly tapArrival?: (exchange: Exchange) => void;
  readonly onClose: () => void;
}

/** A client connection to one broker's listener. */
export class Connection {
  private readonly reader: FrameReader;
  private readonly queue: Uint8Array[] = [];
  private busy = false;
  private closed = false;
  private readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: ConnectionContext,
  ) {
    this.reader = new FrameReader(ctx.maxRequestBytes);
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => ctx.log('debug', `connection ${ctx.connectionId} (${this.peer}): ${e.message}`));
    socket.on('close', () => this.markClosed());
    // SRV-16: Kafka closes a connection idle for longer than connections.max.idle.ms, so a client
    // that connects and sends nothing, or a half-open socket, holds its memory for a bounded time.
    socket.setTimeout(ctx.maxIdleMs);
    socket.on('timeout', () => {
      if (!this.busy && this.queue.length === 0) this.close(`idle for more than connections.max.idle.ms (${ctx.maxIdleMs} ms)`);
    });
  }

  /** The client's address as Kafka's `clientHost` shows it (`/127.0.0.1`). */
  get clientHost(): string {
    return `/${this.socket.remoteAddress ?? 'unknown'}`;
  }

  /** Closes the connection at once (server shutdown, or a peer that broke the protocol). */
  close(reason?: string): void {
    if (reason !== undefined) this.ctx.log('warn', `closing connection ${this.ctx.connectionId} from ${this.peer} to broker ${this.ctx.nodeId}: ${reason}`);
    this.socket.destroy();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.ctx.onClose();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const { frames, error } = this.reader.push(chunk);
    this.queue.push(...frames);
    if (error !== undefined) {
      // SRV-10: Kafka's InvalidReceiveException; requests already framed are dropped too.
      const what = error.type === 'frameTooLarge' ? `a frame of ${error.size} bytes exceeds socket.request.max.bytes (${this.ctx.maxRequestBytes})` : `invalid frame length ${error.size}`;
      this.close(what);
      return;
    }
    if (this.queue.length > 0 && this.busy) this.socket.pause();
    if (!this.busy) this.next();
  }

  /** Starts on the next queued frame, if any and none is being handled. */
  private next(): void {
    if (this.closed || this.busy) return;
    const frame = this.queue.shift();
    if (frame === undefined) {
      this.socket.resume();
      return;
    }
    this.busy = true;
    this.handleFrame(frame);
  }

  private handleFrame(frame: Uint8Array): void {
    let decoded: { header: RequestHeader; request: WireRequest };
    try {
      decoded = this.ctx.codec.decodeRequest(frame);
    } catch (e) {
      // SRV-09: only record sets were bad (WIRE-05): the broker answers those partitions.
      const partial = partialRequest(e);
      if (partial === undefined) return this.refuse(frame, e);
      decoded = partial;
    }
    const { header } = decoded;
    const request = withClientHost(decoded.request, this.clientHost);
    if (request.api === 'ApiVersions') {
      this.answer(header, request, { api: 'ApiVersions', errorCode: ErrorCodes.NONE, apiKeys: this.ctx.codec.supportedVersions, throttleTimeMs: 0 });
      return;
    }
    const unanswered = request.api === 'Produce' && request.acks === 0;
    const tapArrival = this.ctx.tapArrival;
    // Without an arrival tap nothing is built per request (the closure is only made with one).
    const arrived = tapArrival === undefined ? undefined : () => tapArrival({ atMs: this.ctx.now(), connectionId: this.ctx.connectionId, nodeId: this.ctx.nodeId, clientId: header.clientId, header, request });
    try {
      let done = false;
      this.ctx.handle(
        request,
        (response) => {
          if (done) return;
          done = true;
          if (unanswered) {
            this.ctx.tap?.({ atMs: this.ctx.now(), connectionId: this.ctx.connectionId, nodeId: this.ctx.nodeId, clientId: header.clientId, header, request });
            this.finish();
          } else this.answer(header, request, response);
        },
        arrived,
      );
    } catch (e) {
      this.close(`broker refused ${request.api} v${header.requestApiVersion}: ${(e as Error).message}`);
    }
  }

  /**
   * SRV-05, SRV-09: a frame the codec can't read. An ApiVersions request of a version we don't
   * know gets UNSUPPORTED_VERSION with our ranges (the codec writes it in the v0 layout,
   * KIP-511), so the client can retry with a version we speak; anything else closes the
   * connection, as Kafka does.
   */
  private refuse(frame: Uint8Array, error: unknown): void {
    const header = headerOf(error) ?? headerFromPrefix(frame);
    const range = this.ctx.codec.supportedVersions.find((v) => v.apiKey === API_VERSIONS_KEY);
    if (header !== undefined && header.requestApiKey === API_VERSIONS_KEY && range !== undefined && header.requestApiVersion > range.maxVersion) {
      this.ctx.log('debug', `connection ${this.ctx.connectionId}: ApiVersions v${header.requestApiVersion} is not supported; answering UNSUPPORTED_VERSION`);
      const response: WireResponse = { api: 'ApiVersions', errorCode: ErrorCodes.UNSUPPORTED_VERSION, apiKeys: this.ctx.codec.supportedVersions, throttleTimeMs: 0 };
      this.answer(header, undefined, response);
      return;
    }
    const what = header === undefined ? 'a frame shorter than a request header' : `API key ${header.requestApiKey} v${header.requestApiVersion}`;
    this.close(`cannot read ${what}: ${(error as Error)?.message ?? String(error)}`);
  }

  private answer(header: RequestHeader, request: WireRequest | undefined, response: WireResponse): void {
    if (this.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = this.ctx.codec.encodeResponse(header, response);
    } catch (e) {
      this.close(`cannot encode the ${response.api} v${header.requestApiVersion} answer: ${(e as Error).message}`);
      return;
    }
    this.write(lengthPrefixed(bytes));
    if (request !== undefined) this.ctx.tap?.({ atMs: this.ctx.now(), connectionId: this.ctx.connectionId, nodeId: this.ctx.nodeId, clientId: header.clientId, header, request, response });
    this.finish();
  }

  private write(bytes: Uint8Array): void {
    if (!this.closed) this.socket.write(bytes);
  }

  /**
   * The request in hand is done: take the next one, on a fresh stack (answers may be
   * synchronous), once the client has read what was written (a client that stops reading
   * stops being served, as Kafka stops reading a channel whose responses are not sent).
   */
  private finish(): void {
    this.busy = false;
    if (this.socket.writableNeedDrain) this.socket.once('drain', () => this.next());
    else setImmediate(() => this.next());
  }
}

/** `request` with the connection's address in `clientHost`, for the request types that carry it. */
function withClientHost(request: WireRequest, clientHost: string): WireRequest {
  return 'clientHost' in request ? ({ ...request, clientHost } as WireRequest) : request;
}

/** The request a codec error still carries whole (bad record sets read as null), with its header. */
function partialRequest(error: unknown): { header: RequestHeader; request: WireRequest } | undefined {
  const e = error as { header?: RequestHeader; request?: WireRequest } | null;
  return e?.header !== undefined && e.request !== undefined ? { header: e.header, request: e.request } : undefined;
}

/** The request header a codec error carries, if it got that far. */
function headerOf(error: unknown): RequestHeader | undefined {
  const header = (error as { header?: RequestHeader } | null)?.header;
  return header !== undefined && typeof header.requestApiKey === 'number' ? header : undefined;
}

/** A header from the fixed 8-byte prefix, when the codec could not read the whole header. */
function headerFromPrefix(frame: Uint8Array): RequestHeader | undefined {
  const p = readHeaderPrefix(frame);
  return p === undefined ? undefined : { requestApiKey: p.apiKey, requestApiVersion: p.apiVersion, correlationId: p.correlationId, clientId: null };
}

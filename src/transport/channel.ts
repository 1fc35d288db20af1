/**
 * The in-memory request/response channel between clients and brokers, in virtual time.
 *
 * @remarks
 * A client sends a typed request to a broker, by node id or by an address the channel
 * resolves (see {@link ClientTransport}), and gets exactly one {@link SendResult}: the response, a network error, or a timeout. Every delivery is a task
 * on the shared {@link EventLoop}, `latencyMs` after it was sent (default 1), so nothing
 * arrives before the loop is advanced and two runs with the same inputs and seed deliver the
 * same messages at the same virtual times in the same order. Messages on one connection in
 * one direction keep their order unless a fault says otherwise (NET-01).
 *
 * A broker that is down answers nothing: a request reaching it fails with
 * `BROKER_DOWN`, and {@link Transport.disconnect} (wired to the cluster's crashes by
 * `clusterTransport` in `src/broker`, since this layer knows no cluster) fails every request outstanding at a crashed broker with
 * `DISCONNECTED` (NET-02, NET-03). Faults come from a {@link FaultPlan} (NET-04).
 *
 * The callback API ({@link Transport.send}) runs the callback inside the loop task that
 * delivers the result, so a client can react at that virtual instant. The promise API
 * ({@link Transport.request}) resolves then too, but its continuation runs as a microtask,
 * after the current `advance` returns: use it for scripts, not for clients that must act
 * within the same advance.
 * @see spec/cluster.md NET-01..NET-05
 */
import type { EventLoop } from '../time/event-loop.js';
import type { ClientTransport, NetworkErrorReason, NodeAddress, SendOptions, SendResult } from './client-transport.js';
import { FaultInjector, XorShift32, type FaultAction, type FaultPlan, type MessageInfo, type Prng } from './faults.js';

export type { NetworkErrorReason, SendOptions, SendResult } from './client-transport.js';

/** What a broker's handler gets besides the request. */
export interface RequestContext<Res> {
  readonly client: string;
  readonly nodeId: number;
  readonly correlationId: number;
  /** Sends the response (later, for a parked request); a second call throws. */
  respond(response: Res): void;
}

/** A broker's request handler: returns the response, or undefined and calls `respond` later. */
export type RequestHandler<Req, Res> = (request: Req, ctx: RequestContext<Res>) => Res | undefined;

/** Options of a {@link Transport} of `Req` requests and `Res` responses. */
export interface TransportOptions<Req = unknown, Res = unknown> {
  readonly loop: EventLoop;
  /** One-way delivery latency in virtual ms (default 1). */
  readonly latencyMs?: number;
  /** The fault plan (default: deliver everything). */
  readonly faults?: FaultPlan;
  /** The generator fault probabilities draw from (default `new XorShift32(seed)`). */
  readonly rng?: Prng;
  /** Seed of the default generator (default 1). */
  readonly seed?: number;
  /** Whether a broker is running (default: always). */
  readonly isNodeUp?: (nodeId: number) => boolean;
  /**
   * The broker listening at an address, or a negative id when none does (default: the node id
   * the client gives). Lets clients name bootstrap servers by address, as they do over TCP.
   */
  readonly resolve?: (destination: NodeAddress) => number;
  /**
   * Sees every request as it reaches its broker and every answer as the broker sends it, as a
   * server would (the client-obligation monitor's feed). Absent: nothing is built for it.
   */
  readonly tap?: (event: TransportTapEvent<Req, Res>) => void;
}

/**
 * One request reaching a broker (no `response`) or the answer the broker sends to it, as the
 * {@link TransportOptions.tap} sees it.
 */
export interface TransportTapEvent<Req, Res> {
  readonly atMs: number;
  /** `client->nodeId`: messages on one connection keep their order (NET-01). */
  readonly connectionId: string;
  readonly clientId: string;
  readonly nodeId: number;
  readonly correlationId: number;
  readonly request: Req;
  readonly response?: Res;
}

/** What the transport reports, for traces and sequence diagrams. */
export interface TransportEvent extends Omit<MessageInfo, 'seq'> {
  readonly type: 'send' | 'deliver' | 'drop' | 'delay' | 'duplicate' | 'hold' | 'networkError' | 'timeout' | 'ignored';
  readonly detail?: string;
}

interface Outstanding<Res> {
  readonly client: string;
  readonly nodeId: number;
  readonly api: string;
  readonly onResult: (result: SendResult<Res>) => void;
}

interface Message<Req, Res> {
  readonly info: MessageInfo;
  /** The broker incarnation the message belongs to; a crash makes older messages void. */
  readonly incarnation: number;
  readonly request?: Req;
  readonly response?: Res;
}

/** A deterministic request/response channel with fault hooks; the in-memory {@link ClientTransport}. */
export class Transport<Req extends { readonly api: string }, Res> implements ClientTransport<Req, Res> {
  readonly loop: EventLoop;
  readonly latencyMs: number;
  private readonly rng: Prng;
  private injector: FaultInjector | undefined;
  private readonly isNodeUp: (nodeId: number) => boolean;
  private readonly resolve: (destination: NodeAddress) => number;
  private readonly handlers = new Map<number, RequestHandler<Req, Res>>();
  private readonly outstanding = new Map<number, Outstanding<Res>>();
  private readonly incarnations = new Map<number, number>();
  private readonly held = new Map<string, { readonly key: string; readonly message: Message<Req, Res> }>();
  private readonly listeners: ((e: TransportEvent) => void)[] = [];
  private readonly tap: ((event: TransportTapEvent<Req, Res>) => void) | undefined;
  private nextCorrelationId = 1;
  private nextSeq = 0;
  /** This transport's number on its loop: its loop keys carry it (two transports may share a loop). */
  private readonly id: number;

  constructor(options: TransportOptions<Req, Res>) {
    this.loop = options.loop;
    this.id = transportsOf.get(this.loop) ?? 0;
    transportsOf.set(this.loop, this.id + 1);
    this.latencyMs = options.latencyMs ?? 1;
    if (!Number.isFinite(this.latencyMs) || this.latencyMs < 0) throw new RangeError(`latencyMs must be non-negative, got ${this.latencyMs}`);
    this.rng = options.rng ?? new XorShift32(options.seed ?? 1);
    this.injector = options.faults === undefined ? undefined : new FaultInjector(options.faults, this.rng);
    this.isNodeUp = options.isNodeUp ?? (() => true);
    this.resolve = options.resolve ?? ((d) => d.nodeId);
    this.tap = options.tap;
  }

  /** Registers the handler of broker `nodeId` (replacing any). */
  listen(nodeId: number, handler: RequestHandler<Req, Res>): void {
    this.handlers.set(nodeId, handler);
  }

  /** Replaces the fault plan (rule budgets start afresh); undefined removes it. */
  setFaults(plan: FaultPlan | undefined): void {
    this.injector = plan === undefined ? undefined : new FaultInjector(plan, this.rng);
  }

  /** Subscribes to transport events; returns the unsubscribe function. */
  onEvent(listener: (e: TransportEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Number of requests still waiting for their result. */
  get inFlight(): number {
    return this.outstanding.size;
  }

  /**
   * Sends `request` from `client` to broker `destination` (a node id, or an address the
   * transport resolves); `onResult` runs exactly once, from a loop task. Returns the request's
   * correlation id.
   */
  send(client: string, destination: number | NodeAddress, request: Req, onResult: (result: SendResult<Res>) => void, options: SendOptions = {}): number {
    const nodeId = typeof destination === 'number' ? destination : this.resolve(destination);
    const correlationId = this.nextCorrelationId++;
    this.outstanding.set(correlationId, { client, nodeId, api: request.api, onResult });
    if (options.timeoutMs !== undefined) {
      this.loop.schedule(timeoutKey(this.id, correlationId), options.timeoutMs, () => this.finish(correlationId, { type: 'timeout', correlationId }));
    }
    const info = this.info('request', client, nodeId, request.api, correlationId);
    this.report('send', info);
    this.transmit({ info, incarnation: this.incarnation(nodeId), request });
    return correlationId;
  }

  /** {@link Transport.send} as a promise (see the module remarks on microtask timing). */
  request(client: string, destination: number | NodeAddress, request: Req, options: SendOptions = {}): Promise<SendResult<Res>> {
    return new Promise((resolve) => this.send(client, destination, request, resolve, options));
  }

  /**
   * NET-03: broker `nodeId` went down: every request outstanding there fails with
   * `DISCONNECTED` (in send order), and whatever that incarnation still sends or receives is void.
   */
  disconnect(nodeId: number): void {
    this.incarnations.set(nodeId, this.incarnation(nodeId) + 1);
    for (const [correlationId, o] of [...this.outstanding]) {
      if (o.nodeId === nodeId) this.finish(correlationId, { type: 'networkError', correlationId, reason: 'DISCONNECTED' });
    }
  }

  private incarnation(nodeId: number): number {
    return this.incarnations.get(nodeId) ?? 0;
  }

  private info(direction: MessageInfo['direction'], client: string, nodeId: number, api: string, correlationId: number): MessageInfo {
    return { direction, client, nodeId, api, correlationId, seq: this.nextSeq++, atMs: this.loop.nowMs() };
  }

  /** NET-04: applies the fault plan to one message and schedules its copies. */
  private transmit(message: Message<Req, Res>): void {
    const action: FaultAction = this.injector?.decide(message.info) ?? { type: 'deliver' };
    switch (action.type) {
      case 'deliver':
        this.scheduleDelivery(message, this.latencyMs);
        return;
      case 'drop':
        this.report('drop', message.info);
        return;
      case 'delay':
        this.report('delay', message.info, `${action.ms}ms`);
        this.scheduleDelivery(message, this.latencyMs + action.ms);
        return;
      case 'duplicate': {
        const copies = action.copies ?? 1;
        this.scheduleDelivery(message, this.latencyMs);
        for (let i = 1; i <= copies; i++) {
          this.report('duplicate', message.info, `copy ${i}`);
          this.scheduleDelivery(message, this.latencyMs + (action.gapMs ?? 0) * i, `:dup${i}`);
        }
        return;
      }
      case 'reorder': {
        const link = linkOf(message.info);
        this.releaseHeld(link, this.latencyMs);
        const key = messageKey(this.id, message.info.seq);
        this.report('hold', message.info);
        this.held.set(link, { key, message });
        this.loop.schedule(key, this.latencyMs + (action.holdMs ?? 100), () => {
          this.held.delete(link);
          this.deliver(message);
        });
        return;
      }
    }
  }

  /** Schedules one delivery; a message held on the same link now goes right after it. */
  private scheduleDelivery(message: Message<Req, Res>, delayMs: number, suffix = ''): void {
    this.loop.schedule(messageKey(this.id, message.info.seq) + suffix, delayMs, () => this.deliver(message));
    this.releaseHeld(linkOf(message.info), delayMs);
  }

  /** Re-arms the message held on `link` at `delayMs`: armed later, it fires after the message just scheduled. */
  private releaseHeld(link: string, delayMs: number): void {
    const held = this.held.get(link);
    if (held === undefined) return;
    this.held.delete(link);
    this.loop.schedule(held.key, delayMs, () => this.deliver(held.message));
  }

  private deliver(message: Message<Req, Res>): void {
    const { info } = message;
    if (message.incarnation !== this.incarnation(info.nodeId)) {
      this.report('ignored', info, 'sent to or from an earlier incarnation of the broker');
      return;
    }
    if (info.direction === 'response') {
      const o = this.outstanding.get(info.correlationId);
      if (o === undefined) {
        this.report('ignored', info, 'no request waits for this response');
        return;
      }
      this.report('deliver', info);
      this.finish(info.correlationId, { type: 'response', correlationId: info.correlationId, response: message.response as Res });
      return;
    }
    this.deliverRequest(message);
  }

  /** NET-02: a request reaches its broker, which must be up and listening. */
  private deliverRequest(message: Message<Req, Res>): void {
    const { info } = message;
    const handler = this.handlers.get(info.nodeId);
    if (handler === undefined || !this.isNodeUp(info.nodeId)) {
      const reason: NetworkErrorReason = handler === undefined ? 'UNKNOWN_NODE' : 'BROKER_DOWN';
      this.finish(info.correlationId, { type: 'networkError', correlationId: info.correlationId, reason });
      return;
    }
    this.report('deliver', info);
    const request = message.request as Req;
    const tapped = this.tap === undefined ? undefined : { connectionId: `${info.client}->${info.nodeId}`, clientId: info.client, nodeId: info.nodeId, correlationId: info.correlationId, request };
    if (tapped !== undefined) this.tap!({ atMs: this.loop.nowMs(), ...tapped });
    let responded = false;
    const respond = (response: Res): void => {
      if (responded) throw new Error(`request ${info.correlationId} was already answered`);
      responded = true;
      if (message.incarnation !== this.incarnation(info.nodeId)) {
        this.report('ignored', info, 'answered by an earlier incarnation of the broker');
        return;
      }
      if (tapped !== undefined) this.tap!({ atMs: this.loop.nowMs(), ...tapped, response });
      const out = this.info('response', info.client, info.nodeId, info.api, info.correlationId);
      this.report('send', out);
      this.transmit({ info: out, incarnation: message.incarnation, response });
    };
    const ctx: RequestContext<Res> = { client: info.client, nodeId: info.nodeId, correlationId: info.correlationId, respond };
    const response = handler(request, ctx);
    if (response !== undefined) respond(response);
  }

  /** Completes a request once; later results for it are ignored. */
  private finish(correlationId: number, result: Exclude<SendResult<Res>, { readonly type: 'unsupportedVersion' }>): void {
    const o = this.outstanding.get(correlationId);
    if (o === undefined) return;
    this.outstanding.delete(correlationId);
    this.loop.cancel(timeoutKey(this.id, correlationId));
    if (result.type !== 'response') {
      const info = { direction: 'request' as const, client: o.client, nodeId: o.nodeId, api: o.api, correlationId, atMs: this.loop.nowMs() };
      this.emit({ ...info, type: result.type, ...(result.type === 'networkError' ? { detail: result.reason } : {}) });
    }
    o.onResult(result);
  }

  private report(type: TransportEvent['type'], info: MessageInfo, detail?: string): void {
    const { seq: _seq, ...rest } = info;
    this.emit(detail === undefined ? { ...rest, type, atMs: this.loop.nowMs() } : { ...rest, type, atMs: this.loop.nowMs(), detail });
  }

  private emit(event: TransportEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}

function timeoutKey(transport: number, correlationId: number): string {
  return `transport-timeout:${transport}:${correlationId}`;
}

function messageKey(transport: number, seq: number): string {
  return `transport-msg:${transport}:${seq}`;
}

/** How many transports each loop has, so that the loop keys of two transports never collide. */
const transportsOf = new WeakMap<EventLoop, number>();

function linkOf(info: MessageInfo): string {
  return `${info.direction}:${info.client}:${info.nodeId}`;
}

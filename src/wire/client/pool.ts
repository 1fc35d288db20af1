/**
 * Connections to a cluster's brokers, shared by requests that may be parked.
 *
 * @remarks
 * A broker answers a connection's requests one at a time (SRV-02): a JoinGroup parked until
 * its join phase ends would hold every request sent after it on the same connection. So each
 * request takes an idle connection to its broker (or opens one) and gives it back once answered,
 * as Kafka's clients keep one connection per purpose. A connection that failed is dropped.
 * @see spec/conformance.md CONF-10
 */
import type { WireRequest, WireResponse } from '../frames.js';
import { KafkaConnection } from './connection.js';

/** A request on its way: see `KafkaConnection.send`. */
export interface PooledRequest {
  /** Resolves once the request's bytes are handed to the socket. */
  readonly written: Promise<void>;
  /** The broker's answer; rejects with `ConnectionLost` on connection failure. */
  readonly answer: Promise<WireResponse>;
}

/** Connections to brokers by `host:port`, one request in flight on each. */
export class ConnectionPool {
  private readonly idle = new Map<string, KafkaConnection[]>();
  private readonly all = new Set<KafkaConnection>();
  private closed = false;

  /** @param connectTimeoutMs - how long opening a connection may take. */
  constructor(private readonly connectTimeoutMs = 10_000) {}

  /** Connections open now (idle or busy). */
  get size(): number {
    return this.all.size;
  }

  /**
   * Sends `request` to the broker at `address` on an idle connection, or a new one.
   * @throws `ConnectionLost` when no connection can be opened.
   */
  async send(address: string, request: WireRequest): Promise<PooledRequest> {
    const conn = await this.take(address);
    const sent = conn.send(request);
    const giveBack = (): void => this.giveBack(address, conn);
    sent.answer.then(giveBack, giveBack);
    return sent;
  }

  /** Sends and waits for the answer. */
  async request(address: string, request: WireRequest): Promise<WireResponse> {
    return (await this.send(address, request)).answer;
  }

  /** Closes every connection; requests still waiting fail. */
  close(): void {
    this.closed = true;
    for (const c of this.all) c.close();
    this.all.clear();
    this.idle.clear();
  }

  private async take(address: string): Promise<KafkaConnection> {
    if (this.closed) throw new Error('the connection pool is closed');
    const list = this.idle.get(address) ?? [];
    for (let c = list.pop(); c !== undefined; c = list.pop()) {
      if (c.usable) return c;
      this.all.delete(c);
    }
    const conn = await KafkaConnection.open(address, this.connectTimeoutMs);
    if (this.closed) {
      conn.close();
      throw new Error('the connection pool is closed');
    }
    this.all.add(conn);
    return conn;
  }

  private giveBack(address: string, conn: KafkaConnection): void {
    if (this.closed || !this.all.has(conn)) return;
    if (!conn.usable) {
      this.all.delete(conn);
      return;
    }
    const list = this.idle.get(address) ?? [];
    list.push(conn);
    this.idle.set(address, list);
  }
}

/**
 * A minimal raw-TCP Kafka client for the wire benchmarks, built on the project's own codec
 * (`encodeRequest`, `decodeResponse`, `requestHeaderFor`, `withSizePrefix` of `src/wire`): one
 * request in flight per connection, every answer decoded and checked by the caller.
 *
 * @remarks
 * {@link joinGroupMember} does what a consumer does before its heartbeats: FindCoordinator (v2)
 * on the bootstrap broker, then on the coordinator JoinGroup (v5) with an empty member id, again
 * with the member id of its MEMBER_ID_REQUIRED answer (a broker that assigns the id at once,
 * like librdkafka's mock, answers NONE to the first), then SyncGroup (v3) as leader. The versions
 * are the highest that both `kgspec serve` and librdkafka 2.0.2's mock cluster advertise.
 */
import { connect, type Socket } from 'node:net';
import { decodeResponse, encodeRequest, requestHeaderFor, withSizePrefix } from '../src/wire/index.js';
import type { RequestHeader, WireRequest, WireResponse } from '../src/wire/index.js';
import type { FindCoordinatorResponse, HeartbeatRequest, JoinGroupResponse, SyncGroupResponse } from '../src/protocol/messages/index.js';
import { check } from './harness.js';

/** Kafka's MEMBER_ID_REQUIRED error code. */
const MEMBER_ID_REQUIRED = 79;

/** One TCP connection speaking Kafka frames, one request at a time. */
export class WireConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { header: RequestHeader; resolve: (r: WireResponse) => void; reject: (e: Error) => void } | undefined;
  private correlationId = 0;
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects to `host:port` (loopback), failing after `timeoutMs`. */
  static open(host: string, port: number, timeoutMs = 5000): Promise<WireConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new WireConnection(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  /** Sends `request` and resolves with its decoded answer (rejects on a closed connection). */
  send(request: WireRequest): Promise<WireResponse> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    check(this.pending === undefined, 'one request in flight per connection');
    const header = requestHeaderFor(request, ++this.correlationId);
    return new Promise((resolve, reject) => {
      this.pending = { header, resolve, reject };
      this.socket.write(withSizePrefix(encodeRequest(header, request)));
    });
  }

  /** Closes the connection. */
  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const pending = this.pending;
      this.pending = undefined;
      if (pending === undefined) return this.fail(new Error('an answer nobody asked for'));
      try {
        pending.resolve(decodeResponse(pending.header, frame));
      } catch (e) {
        pending.reject(e as Error);
      }
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(this.failure);
  }
}

/** A member that joined a group and can heartbeat. */
export interface JoinedMember {
  readonly connection: WireConnection;
  readonly groupId: string;
  readonly memberId: string;
  readonly generationId: number;
}

function hostPort(address: string): [string, number] {
  const [host, port] = address.split(':');
  return [host!, Number(port)];
}

const base = { clientId: 'kgspec-bench', clientHost: '' } as const;

/**
 * Joins `groupId` as its only member through the broker at `bootstrap` (`host:port`) and returns
 * the member, connected to the coordinator. Every step's answer is checked.
 */
export async function joinGroupMember(bootstrap: string, groupId: string, sessionTimeoutMs: number): Promise<JoinedMember> {
  const [bHost, bPort] = hostPort(bootstrap);
  const boot = await WireConnection.open(bHost, bPort);
  const found = (await boot.send({ api: 'FindCoordinator', version: 2, key: groupId, keyType: 0, coordinatorKeys: [] } as WireRequest)) as FindCoordinatorResponse;
  boot.close();
  check(found.errorCode === 0, `FindCoordinator ${groupId}: error ${found.errorCode}`);
  const connection = await WireConnection.open(found.host, found.port);
  const join = (memberId: string): Promise<JoinGroupResponse> =>
    connection.send({
      ...base,
      api: 'JoinGroup',
      version: 5,
      groupId,
      sessionTimeoutMs,
      rebalanceTimeoutMs: sessionTimeoutMs,
      memberId,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }],
      reason: null,
    }) as Promise<JoinGroupResponse>;
  let joined = await join('');
  if (joined.errorCode === MEMBER_ID_REQUIRED) joined = await join(joined.memberId);
  check(joined.errorCode === 0, `JoinGroup ${groupId}: error ${joined.errorCode}`);
  check(joined.leader === joined.memberId, `JoinGroup ${groupId}: the lone member is not the leader`);
  const synced = (await connection.send({
    ...base,
    api: 'SyncGroup',
    version: 3,
    groupId,
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments: [{ memberId: joined.memberId, assignment: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }],
  })) as SyncGroupResponse;
  check(synced.errorCode === 0, `SyncGroup ${groupId}: error ${synced.errorCode}`);
  return { connection, groupId, memberId: joined.memberId, generationId: joined.generationId };
}

/**
 * Sends `count` heartbeats back to back (the next once the last is answered) and checks that
 * every answer is NONE; resolves with the number of heartbeats answered. With `sabotage` they
 * carry the next generation id, so the broker answers ILLEGAL_GENERATION and the check fails.
 */
export async function heartbeats(member: JoinedMember, count: number, sabotage = false): Promise<number> {
  const generationId = sabotage ? member.generationId + 1 : member.generationId;
  const request: HeartbeatRequest = { ...base, api: 'Heartbeat', version: 3, groupId: member.groupId, generationId, memberId: member.memberId, groupInstanceId: null };
  let ok = 0;
  for (let i = 0; i < count; i++) {
    const answer = (await member.connection.send(request)) as { errorCode: number };
    check(answer.errorCode === 0, `Heartbeat ${member.groupId} #${i}: error ${answer.errorCode}`);
    ok++;
  }
  return ok;
}

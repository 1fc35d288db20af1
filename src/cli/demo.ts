/**
 * The demo: three consumers join a group on the in-memory coordinator in virtual time, one
 * leaves, one stops heartbeating. Returns the timeline as lines, so the same run always
 * prints the same text.
 */
import { GroupCoordinatorRuntime } from '../broker/group-coordinator.js';
import type { RuntimeEvent } from '../broker/group-coordinator.js';
import type { GroupCoordinatorConfig } from '../protocol/config.js';
import { sequentialIds } from '../protocol/ids.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages.js';
import { formatEvent } from './timeline.js';
import { shortIds } from './sequence.js';

const GROUP = 'orders-app';
const TOPIC_PARTITIONS = 6;
const HEARTBEAT_INTERVAL_MS = 3000;

/** A scripted consumer: it joins, syncs and heartbeats, and reacts to errors as the Java consumer does. */
interface DemoMember {
  readonly name: string;
  memberId: string;
  generationId: number;
  leader: boolean;
  members: string[];
  /** What it is doing: waiting for a response, or free to act. */
  inFlight: string | null;
  phase: 'join' | 'sync' | 'stable' | 'left' | 'silent';
  nextHeartbeatMs: number;
}

function encodeRange(members: string[]): { memberId: string; assignment: Uint8Array }[] {
  return members.map((memberId, i) => {
    const parts = [];
    for (let p = i; p < TOPIC_PARTITIONS; p += members.length) parts.push(p);
    return { memberId, assignment: new TextEncoder().encode(`orders:${parts.join(',')}`) };
  });
}

function request(m: DemoMember): GroupRequest {
  const header = { clientId: m.name, clientHost: '/127.0.0.1', groupId: GROUP };
  if (m.phase === 'join') {
    const metadata = new TextEncoder().encode('orders');
    return { api: 'JoinGroup', version: 9, ...header, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: m.memberId, groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'range', metadata }], reason: null };
  }
  if (m.phase === 'sync') {
    return { api: 'SyncGroup', version: 5, ...header, generationId: m.generationId, memberId: m.memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: m.leader ? encodeRange(m.members) : [] };
  }
  return { api: 'Heartbeat', version: 4, ...header, generationId: m.generationId, memberId: m.memberId, groupInstanceId: null };
}

function onResponse(m: DemoMember, r: GroupResponse, nowMs: number): void {
  m.inFlight = null;
  if (r.api === 'JoinGroup') {
    m.memberId = r.errorCode === 25 ? '' : r.memberId;
    if (r.errorCode === 0) {
      Object.assign(m, { generationId: r.generationId, leader: r.leader === r.memberId, members: r.members.map((x) => x.memberId), phase: 'sync' });
    }
  } else if (r.api === 'SyncGroup') {
    if (r.errorCode === 0) Object.assign(m, { phase: 'stable', nextHeartbeatMs: nowMs + HEARTBEAT_INTERVAL_MS });
    else m.phase = 'join';
  } else if (r.api === 'Heartbeat') {
    m.nextHeartbeatMs = nowMs + HEARTBEAT_INTERVAL_MS;
    if (r.errorCode !== 0) m.phase = 'join';
  }
}

/** One entry of the demo's story: a runtime event with the client it concerns, or a narration note. */
export type DemoEntry =
  | { readonly kind: 'event'; readonly event: RuntimeEvent; readonly who: string }
  | { readonly kind: 'note'; readonly atMs: number; readonly text: string };

/** The demo's timeline as text lines. */
export function timelineLines(entries: readonly DemoEntry[]): string[] {
  const line = (e: DemoEntry): string => (e.kind === 'note' ? `${String(e.atMs).padStart(7)} ms  ---- ${e.text}` : formatEvent(e.event, () => e.who));
  return entries.map((e) => shortIds(line(e)));
}

/** Runs the demo and returns its timeline. */
export function runDemo(config: Partial<GroupCoordinatorConfig> = {}): string[] {
  return timelineLines(runDemoEntries(config));
}

/** Runs the demo and returns its story as entries. */
export function runDemoEntries(config: Partial<GroupCoordinatorConfig> = {}): DemoEntry[] {
  const runtime = new GroupCoordinatorRuntime({ config, newId: sequentialIds() });
  const lines: DemoEntry[] = [];
  const owner = new Map<string, DemoMember>();
  const members: DemoMember[] = ['c1', 'c2', 'c3'].map((name) => ({ name, memberId: '', generationId: -1, leader: false, members: [], inFlight: null, phase: 'join', nextHeartbeatMs: 0 }));
  // Successful heartbeats are left out of the timeline; a heartbeat's request line is held
  // back until its response shows whether it said anything.
  let heldHeartbeat: DemoEntry | null = null;
  runtime.subscribe((e) => {
    const line: DemoEntry = { kind: 'event', event: e, who: e.type === 'request' || e.type === 'response' ? (owner.get(e.requestId)?.name ?? '?') : '' };
    if (e.type === 'request' && e.request.api === 'Heartbeat') heldHeartbeat = line;
    else if (e.type === 'response' && e.response.api === 'Heartbeat') {
      if (e.response.errorCode !== 0 && heldHeartbeat !== null) lines.push(heldHeartbeat, line);
      heldHeartbeat = null;
    } else lines.push(line);
    if (e.type === 'response') {
      const m = owner.get(e.requestId);
      if (m) onResponse(m, e.response, e.atMs);
    }
  });
  const send = (m: DemoMember, r: GroupRequest): void => {
    const id = `${m.name}#${owner.size + 1}`;
    owner.set(id, m);
    m.inFlight = id;
    runtime.submit(r, id);
  };
  const note = (text: string): void => void lines.push({ kind: 'note', atMs: runtime.clock.nowMs(), text });
  const act = (): void => {
    for (const m of members) {
      if (m.inFlight !== null || m.phase === 'left' || m.phase === 'silent') continue;
      if (m.phase === 'stable' && runtime.clock.nowMs() < m.nextHeartbeatMs) continue;
      send(m, request(m));
    }
  };
  const [c1, c2, c3] = members as [DemoMember, DemoMember, DemoMember];
  note(`three consumers start; ${GROUP} reads topic "orders" (${TOPIC_PARTITIONS} partitions)`);
  note(`members heartbeat every ${HEARTBEAT_INTERVAL_MS} ms; heartbeats answered NONE are not shown`);
  note('member ids are <client id>-<UUID>; shown shortened, c1-…0001');
  for (let t = 0; t < 60_000; t += 500) {
    if (t === 20_000) {
      note('c3 shuts down cleanly and leaves the group');
      c3.phase = 'left';
      send(c3, { api: 'LeaveGroup', version: 5, clientId: 'c3', clientHost: '/127.0.0.1', groupId: GROUP, members: [{ memberId: c3.memberId, groupInstanceId: null, reason: 'the consumer is being closed' }] });
    }
    if (t === 35_000) {
      note('c2 hangs: it stops heartbeating (session timeout 10000 ms)');
      c2.phase = 'silent';
    }
    act();
    runtime.advance(500);
  }
  const g = runtime.state.groups.get(GROUP)!;
  note(`end: ${GROUP} is ${g.state} at generation ${g.generationId} with members [${[...g.members.keys()].join(', ')}]; leader ${g.leaderId}`);
  void c1;
  return lines;
}

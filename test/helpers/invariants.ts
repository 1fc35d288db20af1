/**
 * Checks of the coordinator invariants of spec/invariants.md on a live state, throwing an
 * error naming the invariant.
 */
import type { ClassicGroup } from '../../src/protocol/group.js';
import { groupMetadataValue } from '../../src/protocol/records.js';
import type { GroupMetadataValue } from '../../src/protocol/records.js';
import type { CoordinatorState } from '../../src/protocol/replay.js';

function fail(id: string, g: ClassicGroup, what: string): never {
  throw new Error(`[${id}] group ${g.groupId} (${g.state}, gen ${g.generationId}): ${what}`);
}

/** Structural invariants of one group. */
export function checkGroup(g: ClassicGroup): void {
  if (g.members.size === 0 ? g.leaderId !== null : g.leaderId === null || !g.members.has(g.leaderId)) {
    fail('INV-03', g, `leader ${g.leaderId} is not a member`);
  }
  for (const id of g.pendingSyncMembers) if (!g.members.has(id)) fail('INV-04', g, `pending-sync ${id} is not a member`);
  if (g.pendingSyncMembers.size > 0 && (g.state === 'Empty' || g.state === 'PreparingRebalance')) {
    fail('INV-04', g, `pending-sync set ${JSON.stringify([...g.pendingSyncMembers])} is not empty`);
  }
  const derived = new Map<string, number>();
  for (const m of g.members.values()) for (const p of m.protocols) derived.set(p.name, (derived.get(p.name) ?? 0) + 1);
  const stored = [...g.supportedProtocols].sort();
  if (JSON.stringify(stored) !== JSON.stringify([...derived].sort())) fail('INV-05', g, `protocol counts ${JSON.stringify(stored)} != derived`);
  const awaiting = [...g.members.values()].filter((m) => m.awaitingJoin !== null).length;
  if (awaiting !== g.numMembersAwaitingJoin) fail('INV-05', g, `stored awaiting-join count ${g.numMembersAwaitingJoin} != derived ${awaiting}`);
  for (const m of g.members.values()) {
    if (m.awaitingJoin !== null && g.state !== 'PreparingRebalance') fail('INV-08', g, `${m.memberId} holds a parked JoinGroup`);
    if (m.awaitingSync !== null && g.state !== 'CompletingRebalance') fail('INV-08', g, `${m.memberId} holds a parked SyncGroup`);
  }
  if (g.state === 'Empty' && g.members.size > 0) fail('INV-03', g, 'an Empty group has members');
}

/** Comparable form of a GroupMetadata value (bytes as arrays). */
export function comparable(v: GroupMetadataValue, withTimestamp: boolean): unknown {
  return JSON.parse(
    JSON.stringify({ ...v, currentStateTimestamp: withTimestamp ? v.currentStateTimestamp : 0 }, (_k, x: unknown) => (x instanceof Uint8Array ? [...x] : x)),
  );
}

/**
 * INV-06: for every group that is Stable or Empty, its GroupMetadata projection equals the
 * durable image (the fold of the durable records). A Stable group's record was written while
 * it was CompletingRebalance, so the state timestamp is compared for Empty groups only.
 */
export function checkDurableProjection(live: CoordinatorState, durableImage: ReadonlyMap<string, GroupMetadataValue>): void {
  for (const g of live.groups.values()) {
    if (g.state !== 'Stable' && g.state !== 'Empty') continue;
    const image = durableImage.get(g.groupId);
    // A simple group created by an offset commit has no GroupMetadata record (REC-04).
    if (image === undefined && g.state === 'Empty' && g.protocolType === null && g.generationId === 0) continue;
    if (image === undefined) fail('INV-06', g, 'no durable record');
    const withTimestamp = g.state === 'Empty';
    const a = JSON.stringify(comparable(groupMetadataValue(g), withTimestamp));
    const b = JSON.stringify(comparable(image, withTimestamp));
    if (a !== b) fail('INV-06', g, `durable projection differs from the fold of durable records:\n live ${a}\n fold ${b}`);
  }
}

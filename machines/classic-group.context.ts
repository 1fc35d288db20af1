/**
 * The context of the classic group statechart: options, timing and the initial context.
 * @packageDocumentation
 */
import type { GroupContext, GroupTiming, Slot, SlotId } from './classic-group.types.js';

/** Options of `createClassicGroupMachine`. */
export interface ClassicGroupOptions {
  /** The member bound: slots `m1..mN`, 1 to 5 (3 for path generation, up to 5 for random runs). */
  readonly members: number;
  /** How many of the slots, counted from the last, are static. Default: 1 with two or more slots, else 0. */
  readonly staticMembers?: number;
  /** Durations in units; defaults in {@link DEFAULT_TIMING}. */
  readonly timing?: Partial<Omit<GroupTiming, 'newMemberUnits'>>;
}

/** Kafka's fixed join timeout of a new member (JG-12, TM-03). */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300000;

/** The default timing: 1 unit = 100000 ms; sessions 2, rebalance timeouts 2, initial delay 1 (new members 3). */
export const DEFAULT_TIMING: GroupTiming = {
  unitMs: 100000,
  sessionUnits: 2,
  rebalanceUnits: 2,
  initialDelayUnits: 1,
  newMemberUnits: 3,
};

/** The broker configuration and request timeouts in milliseconds that realize a timing. */
export function timingInMs(timing: GroupTiming): {
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly initialRebalanceDelayMs: number;
} {
  return {
    sessionTimeoutMs: timing.sessionUnits * timing.unitMs,
    rebalanceTimeoutMs: timing.rebalanceUnits * timing.unitMs,
    initialRebalanceDelayMs: timing.initialDelayUnits * timing.unitMs,
  };
}

function resolveTiming(partial: ClassicGroupOptions['timing']): GroupTiming {
  const base = { ...DEFAULT_TIMING, ...partial };
  const newMemberUnits = NEW_MEMBER_JOIN_TIMEOUT_MS / base.unitMs;
  for (const [name, value] of Object.entries({ ...base, newMemberUnits })) {
    if (!Number.isInteger(value) || value < 0 || (name === 'unitMs' && value === 0)) {
      throw new RangeError(`classic-group timing: ${name} must be a whole number of units (unitMs must divide 300000), got ${value}`);
    }
  }
  if (base.sessionUnits === 0 || base.rebalanceUnits === 0) {
    throw new RangeError('classic-group timing: sessionUnits and rebalanceUnits must be positive');
  }
  const sessionMs = base.sessionUnits * base.unitMs;
  if (sessionMs < 6000 || sessionMs > 1800000) {
    // JG-02: the broker's default bounds; outside them every JoinGroup gets INVALID_SESSION_TIMEOUT.
    throw new RangeError(`classic-group timing: a session of ${sessionMs} ms is outside 6000..1800000 (JG-02)`);
  }
  return { ...base, newMemberUnits };
}

/** The slot ids `m1..mN`. */
export function slotIds(members: number): SlotId[] {
  return Array.from({ length: members }, (_, i): SlotId => `m${i + 1}`);
}

/** The context of a group that does not exist yet: every slot absent, generation 0, no timers. */
export function initialGroupContext(options: ClassicGroupOptions): GroupContext {
  const { members } = options;
  if (!Number.isInteger(members) || members < 1 || members > 5) {
    throw new RangeError(`classic-group: members must be 1 to 5, got ${members}`);
  }
  const staticMembers = options.staticMembers ?? (members >= 2 ? 1 : 0);
  if (!Number.isInteger(staticMembers) || staticMembers < 0 || staticMembers > members) {
    throw new RangeError(`classic-group: staticMembers must be 0 to ${members}, got ${staticMembers}`);
  }
  const slots = slotIds(members).map(
    (id, i): Slot => ({
      id,
      kind: i >= members - staticMembers ? 'static' : 'dynamic',
      status: 'absent',
      awaitingJoin: false,
      awaitingSync: false,
      pendingSync: false,
      isNew: false,
    }),
  );
  return {
    state: 'empty',
    timing: resolveTiming(options.timing),
    slots,
    groupExists: false,
    generation: 0,
    leader: null,
    joinOrder: [],
    initialRebalance: false,
    newMemberAdded: false,
    nowUnits: 0,
    timers: [],
    lastOutcome: { kind: 'none' },
    completed: [],
    dropped: [],
    lastCase: null,
  };
}

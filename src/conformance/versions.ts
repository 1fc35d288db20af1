/**
 * Request versions chosen per broker: a scenario that names no version sends the newest one the
 * broker offers within the range that keeps the scenario's meaning.
 *
 * @remarks
 * The request builders of `scenario.ts` mark the version of a request whose scenario named
 * none (`defaultedFields`); the runner asks the target which version to use
 * (`TargetSession.negotiate`; in process: the newest) and reshapes the request where
 * an older version lays it out differently (LeaveGroup before v3 names one member; OffsetFetch
 * before v8 names one group). A scenario that names a version gets exactly that one, and is
 * skipped by a broker that lacks it.
 * @see ARCHITECTURE.md "Scenarios and targets"
 */
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';

/** The versions a builder may send for one API when its scenario names none. */
export interface NegotiableRange {
  /** The newest version (Kafka 4.0's), sent to a broker that offers it. */
  readonly newest: number;
  /** The oldest version that keeps the scenarios' meaning. */
  readonly oldest: number;
  /** Why nothing older will do (for skip reasons). */
  readonly why: string;
}

/** The negotiable APIs and their ranges. */
export const NEGOTIABLE: Readonly<Record<string, NegotiableRange>> = Object.freeze({
  JoinGroup: { newest: 9, oldest: 4, why: 'the scenarios join in two steps, with MEMBER_ID_REQUIRED (JG-08), from v4' },
  SyncGroup: { newest: 5, oldest: 0, why: '' },
  Heartbeat: { newest: 4, oldest: 0, why: '' },
  LeaveGroup: { newest: 5, oldest: 0, why: '' },
  DescribeGroups: { newest: 5, oldest: 0, why: '' },
  ListGroups: { newest: 5, oldest: 0, why: '' },
  OffsetCommit: { newest: 9, oldest: 2, why: 'commits carry the generation and member id from v1 and the retention semantics of KIP-211 from v2' },
  OffsetFetch: { newest: 9, oldest: 1, why: 'v0 reads offsets kept in ZooKeeper' },
  ConsumerGroupHeartbeat: { newest: 1, oldest: 0, why: '' },
  ConsumerGroupDescribe: { newest: 1, oldest: 0, why: '' },
});

/** A request reshaped for an older version, and the answer fields it cannot show. */
export interface Reshaped {
  readonly request: GroupRequest;
  /** Top-level fields of the answer the scenario may expect but this version cannot carry. */
  readonly unobservable: readonly string[];
}

/**
 * The request at `version`, laid out as that version lays it out, or a reason it cannot be
 * (a LeaveGroup of several members before v3; an OffsetFetch of several groups before v8).
 */
export function reshape(request: GroupRequest, version: number): Reshaped | { skip: string } {
  const at = { ...request, version } as GroupRequest;
  if (at.api === 'LeaveGroup' && version < 3 && at.members !== undefined) {
    if (at.members.length !== 1) return { skip: `LeaveGroup v${version} (the broker's newest) names one member; the scenario leaves ${at.members.length} at once` };
    const { members: _members, ...rest } = at;
    return { request: { ...rest, memberId: at.members[0]!.memberId } as GroupRequest, unobservable: [] };
  }
  if (at.api === 'OffsetFetch' && version < 8 && at.groups !== undefined) {
    if (at.groups.length !== 1) return { skip: `OffsetFetch v${version} (the broker's newest) names one group; the scenario fetches ${at.groups.length}` };
    const { groups: _groups, ...rest } = at;
    return { request: { ...rest, groupId: at.groups[0]!.groupId, topics: at.groups[0]!.topics } as GroupRequest, unobservable: [] };
  }
  if (at.api === 'ListGroups' && ((at.statesFilter.length > 0 && version < 4) || (at.typesFilter.length > 0 && version < 5))) {
    return { skip: `ListGroups v${version} (the broker's newest) cannot filter by ${version < 4 ? 'state (v4+)' : 'type (v5+)'}` };
  }
  if (at.api === 'ConsumerGroupHeartbeat' && version < 1 && at.subscribedTopicRegex !== null) {
    return { skip: `ConsumerGroupHeartbeat v${version} (the broker's newest) cannot subscribe by regex (v1+, KIP-848 in Kafka 4.0)` };
  }
  return { request: at, unobservable: [] };
}

/** Errors of one member that LeaveGroup v0-2 answers at the top level, and v3+ per member (LG-02, LG-03). */
const MEMBER_ERRORS: ReadonlySet<number> = new Set([25, 82]); // UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID

/**
 * The answer to a reshaped request in the layout the scenario expects: an OffsetFetch of one
 * group before v8 answers at the top level what v8 answers in `groups[0]`; a LeaveGroup of one
 * member before v3 answers that member's outcome at the top level, which v3+ answers per member
 * (a group-level error stays at the top, with no members, LG-01).
 */
export function restore(scenarioRequest: GroupRequest, sent: GroupRequest, response: GroupResponse): GroupResponse {
  if (response.api === 'LeaveGroup' && sent.api === 'LeaveGroup' && scenarioRequest.api === 'LeaveGroup' && scenarioRequest.members !== undefined && sent.members === undefined) {
    const m = scenarioRequest.members[0]!;
    const memberLevel = response.errorCode === 0 || MEMBER_ERRORS.has(response.errorCode);
    return memberLevel
      ? { ...response, errorCode: 0, members: [{ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: response.errorCode }] }
      : { ...response, members: [] };
  }
  if (response.api === 'OffsetFetch' && sent.api === 'OffsetFetch' && scenarioRequest.api === 'OffsetFetch' && scenarioRequest.groups !== undefined && sent.groups === undefined) {
    const groupId = scenarioRequest.groups[0]!.groupId;
    return { ...response, groups: [{ groupId, topics: response.topics, errorCode: response.errorCode }] };
  }
  return response;
}

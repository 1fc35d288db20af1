/**
 * DescribeGroups (api key 15) and ListGroups (api key 16), versions 0-5: read-only views of
 * the live groups.
 * @see spec/describe-list.md
 * @see Kafka `GroupMetadataManager.describeGroups`, `listGroups`
 */
import { ErrorCodes } from '../errors.js';
import type { ClassicGroup } from '../group.js';
import { metadataFor } from '../group.js';
import type {
  DescribedGroup,
  DescribeGroupsRequest,
  ListedGroup,
  ListGroupsRequest,
  RequestEnvelope,
} from '../messages/index.js';
import type { CoordinatorState } from '../replay.js';
import type { HandlerResult } from './txn.js';

/** Kafka's "authorized operations not requested" value. */
const NOT_REQUESTED = -2_147_483_648;
const EMPTY = new Uint8Array(0);

function describeGroup(groupId: string, g: ClassicGroup | undefined, version: number): DescribedGroup {
  if (g === undefined) {
    // An unknown group is described as Dead, with no error.
    return { errorCode: ErrorCodes.NONE, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: NOT_REQUESTED };
  }
  const stable = g.state === 'Stable';
  return {
    errorCode: ErrorCodes.NONE,
    groupId,
    groupState: g.state,
    protocolType: g.protocolType ?? '',
    protocolData: stable ? (g.protocolName ?? '') : '',
    members: [...g.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: version >= 4 ? m.groupInstanceId : null,
      clientId: m.clientId,
      clientHost: m.clientHost,
      // Metadata only when Stable; the stored assignment in every state (Java coordinator).
      memberMetadata: stable ? metadataFor(m, g.protocolName) : EMPTY,
      memberAssignment: m.assignment,
    })),
    authorizedOperations: NOT_REQUESTED,
  };
}

/** Answers DescribeGroups for every requested id, in request order. */
export function describeGroups(state: CoordinatorState, env: RequestEnvelope<DescribeGroupsRequest>): HandlerResult {
  const { request: req, requestId } = env;
  const groups = req.groups.map((id) => describeGroup(id, state.groups.get(id), req.version));
  return { responses: [{ requestId, response: { api: 'DescribeGroups', groups } }], records: [], timers: [] };
}

/** Answers ListGroups: every group (in creation order) whose state and type pass the filters. */
export function listGroups(state: CoordinatorState, env: RequestEnvelope<ListGroupsRequest>): HandlerResult {
  const { request: req, requestId } = env;
  // Kafka trims and lower-cases state names (Java trim: code points up to U+0020), but only
  // lower-cases type names.
  const states = new Set(req.statesFilter.map((s) => s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').toLowerCase()));
  const types = new Set(req.typesFilter.map((t) => t.toLowerCase()));
  const groups: ListedGroup[] = [];
  for (const g of state.groups.values()) {
    if (states.size > 0 && !states.has(g.state.toLowerCase())) continue;
    if (types.size > 0 && !types.has('classic')) continue;
    groups.push({
      groupId: g.groupId,
      protocolType: g.protocolType ?? '',
      groupState: req.version >= 4 ? g.state : '',
      groupType: req.version >= 5 ? 'classic' : '',
    });
  }
  return { responses: [{ requestId, response: { api: 'ListGroups', errorCode: ErrorCodes.NONE, groups } }], records: [], timers: [] };
}

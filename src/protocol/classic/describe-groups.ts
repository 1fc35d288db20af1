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
import { answered, type HandlerResult } from '../handler/index.js';
import { listedConsumerGroup } from '../consumer/admin.js';
import { consumerGroupState } from '../consumer/group.js';

/** Kafka's "authorized operations not requested" value (DG-07). */
const NOT_REQUESTED = -2_147_483_648;
const EMPTY = new Uint8Array(0);

function describeGroup(groupId: string, g: ClassicGroup | undefined, version: number): DescribedGroup {
  if (g === undefined) {
    // An unknown group is described as Dead, with no error (DG-02).
    return { errorCode: ErrorCodes.NONE, groupId, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: NOT_REQUESTED };
  }
  const stable = g.state === 'Stable'; // DG-03: protocol data only when Stable
  return {
    errorCode: ErrorCodes.NONE,
    groupId,
    groupState: g.state,
    protocolType: g.protocolType ?? '',
    protocolData: stable ? (g.protocolName ?? '') : '',
    members: [...g.members.values()].map((m) => ({ // DG-06: join order
      memberId: m.memberId,
      groupInstanceId: version >= 4 ? m.groupInstanceId : null, // VER-10
      clientId: m.clientId,
      clientHost: m.clientHost,
      // Metadata only when Stable; the stored assignment in every state (Java coordinator; DG-04, DG-05).
      memberMetadata: stable ? metadataFor(m, g.protocolName) : EMPTY,
      memberAssignment: m.assignment,
    })),
    authorizedOperations: NOT_REQUESTED,
  };
}

/**
 * Answers DescribeGroups for every requested id, in request order (DG-01), changing nothing (DG-08).
 * A consumer group (KIP-848) is not a classic group, so it is described as an unknown one (CGO-18).
 */
export function describeGroups(state: CoordinatorState, env: RequestEnvelope<DescribeGroupsRequest>): HandlerResult {
  const { request: req, requestId } = env;
  const groups = req.groups.map((id) => describeGroup(id, state.groups.get(id), req.version));
  return answered(requestId, { api: 'DescribeGroups', groups });
}

/**
 * Answers ListGroups: every group whose state and type pass the filters (LS-01 to LS-06): the
 * classic groups in creation order, then the consumer groups in creation order (CGO-19).
 */
export function listGroups(state: CoordinatorState, env: RequestEnvelope<ListGroupsRequest>): HandlerResult {
  const { request: req, requestId } = env;
  // Kafka trims and lower-cases state names (Java trim: code points up to U+0020), but only
  // lower-cases type names.
  const states = new Set(req.statesFilter.map((s) => s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').toLowerCase()));
  const types = new Set(req.typesFilter.map((t) => t.toLowerCase()));
  const groups: ListedGroup[] = [];
  for (const g of state.groups.values()) {
    if (states.size > 0 && !states.has(g.state.toLowerCase())) continue; // LS-03
    if (types.size > 0 && !types.has('classic')) continue; // LS-04
    groups.push({
      groupId: g.groupId,
      protocolType: g.protocolType ?? '',
      groupState: req.version >= 4 ? g.state : '', // VER-11
      groupType: req.version >= 5 ? 'classic' : '', // VER-12
    });
  }
  // CGO-19, CGO-20: consumer groups (KIP-848) after the classic ones, each in creation order.
  for (const g of state.consumerGroups.values()) {
    const listed = listedConsumerGroup(g, req.version);
    if (states.size > 0 && !states.has(consumerGroupState(g).toLowerCase())) continue; // CGO-20
    if (types.size > 0 && !types.has('consumer')) continue; // CGO-20
    groups.push(listed);
  }
  return answered(requestId, { api: 'ListGroups', errorCode: ErrorCodes.NONE, groups });
}

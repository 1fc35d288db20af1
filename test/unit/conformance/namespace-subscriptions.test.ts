/**
 * The runner's names inside consumer subscriptions: a consumer's JoinGroup metadata names the
 * topics it subscribes to, which the broker reads (OD-04, EXP-02), so they must be the run's
 * topic names, and the scenario must see its own names in the answers.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '../../../src/conformance/namespace.js';
import { bytes, joinGroup } from '../../../src/conformance/scenario.js';
import type { GroupRequest, GroupResponse, JoinGroupProtocol, JoinGroupResponseMember } from '../../../src/protocol/messages/index.js';
import { decodeSubscribedTopicsV0 } from '../../../src/protocol/offsets/subscribed-topics.js';
import { subscriptionV0 } from '../../../spec/scenarios/offset-helpers.js';

/** The protocols of a JoinGroup request. */
function protocolsOf(r: GroupRequest): readonly JoinGroupProtocol[] {
  if (r.api !== 'JoinGroup') throw new Error(`not a JoinGroup: ${r.api}`);
  return r.protocols;
}

/** The members of a JoinGroup answer. */
function membersOf(r: GroupResponse): readonly JoinGroupResponseMember[] {
  if (r.api !== 'JoinGroup') throw new Error(`not a JoinGroup answer: ${r.api}`);
  return r.members;
}

describe('Namespace and consumer subscriptions', () => {
  const ns = new Namespace('run-1-');

  it('[CONF-05, OD-04] renames the topics of a consumer subscription, and only of one', () => {
    const request = joinGroup({ protocols: [{ name: 'range', metadata: subscriptionV0(['t', 'u']) }, { name: 'other', metadata: bytes('range:meta') }] });
    const out = protocolsOf(ns.outbound(request));
    expect(decodeSubscribedTopicsV0(out[0]!.metadata)).toEqual(['run-1-t', 'run-1-u']);
    expect(out[1]!.metadata).toEqual(bytes('range:meta'));
    const connect = protocolsOf(ns.outbound(joinGroup({ protocolType: 'connect', protocols: [{ name: 'range', metadata: subscriptionV0(['t']) }] })));
    expect(decodeSubscribedTopicsV0(connect[0]!.metadata)).toEqual(['t']);
  });

  it('[CONF-05, OD-04] gives the scenario its own topic names back in the members of a JoinGroup answer', () => {
    const request = joinGroup({ protocols: [{ name: 'range', metadata: subscriptionV0(['t']) }] });
    const response = {
      api: 'JoinGroup',
      errorCode: 0,
      generationId: 1,
      protocolType: 'consumer',
      protocolName: 'range',
      leader: 'a',
      skipAssignment: false,
      memberId: 'a',
      members: [{ memberId: 'a', groupInstanceId: null, metadata: subscriptionV0(['run-1-t']) }],
    } as unknown as GroupResponse;
    expect(decodeSubscribedTopicsV0(membersOf(ns.inbound(request, response))[0]!.metadata)).toEqual(['t']);
  });
});

import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime } from '../../../src/broker/group-coordinator.js';
import { describeGroups, heartbeat, joinGroup, leaveGroup, listGroups, protocols, syncGroup } from '../../../src/conformance/scenario.js';
import { InvalidRequestError } from '../../../src/protocol/invariant.js';
import type { GroupRequest } from '../../../src/protocol/messages/index.js';
import { validateRequest } from '../../../src/protocol/validate.js';

function rejects(request: unknown, field: string): void {
  const rt = new GroupCoordinatorRuntime();
  rt.submit(joinGroup({ memberId: '' }));
  const records = rt.records.length;
  const timers = rt.timers().length;
  let thrown: unknown;
  try {
    rt.submit(request as GroupRequest);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidRequestError);
  expect((thrown as InvalidRequestError).field).toBe(field);
  expect((thrown as Error).message.startsWith(`${field}:`)).toBe(true);
  // Nothing changed.
  expect(rt.records.length).toBe(records);
  expect(rt.timers().length).toBe(timers);
}

describe('[ERR-01] library input no version can carry throws, naming the field, and changes nothing', () => {
  it('[ERR-01] NaN session timeout', () => rejects(joinGroup({ sessionTimeoutMs: Number.NaN }), 'sessionTimeoutMs'));
  it('[ERR-01] a number outside int32', () => rejects(heartbeat({ generationId: 2 ** 31 }), 'generationId'));
  it('[ERR-01] a fractional int32', () => rejects(syncGroup({ generationId: 1.5 }), 'generationId'));
  it('[ERR-01] a wrong type', () => rejects({ ...joinGroup(), memberId: 7 }, 'memberId'));
  it('[ERR-01] a missing required field', () => {
    const { protocolType: _omit, ...rest } = joinGroup() as GroupRequest & { protocolType: string };
    rejects(rest, 'protocolType');
  });
  it('[ERR-01] a null group id', () => rejects({ ...heartbeat(), groupId: null }, 'groupId'));
  it('[ERR-01] an unknown version', () => rejects(joinGroup({ version: 10 }), 'version'));
  it('[ERR-01] a protocol with no metadata bytes', () => rejects(joinGroup({ protocols: [{ name: 'range' } as never] }), 'protocols[0].metadata'));
  it('[ERR-01] group.instance.id on JoinGroup v4', () => rejects(joinGroup({ version: 4, groupInstanceId: 'i1' }), 'groupInstanceId'));
  it('[ERR-01] LeaveGroup v3 with a single memberId field', () => rejects({ ...leaveGroup(['m'], { version: 3 }), memberId: 'm' }, 'memberId'));
  it('[ERR-01] LeaveGroup v2 without a memberId', () => rejects({ api: 'LeaveGroup', version: 2, clientId: 'c', clientHost: 'h', groupId: 'g' }, 'memberId'));
  it('[ERR-01] an assignment that is not bytes', () => rejects(syncGroup({ assignments: [{ memberId: 'm', assignment: 'x' as never }] }), 'assignments[0].assignment'));
  it('[ERR-01] an unknown api', () => rejects({ ...heartbeat(), api: 'Fetch' }, 'api'));

  it('[ERR-01] valid requests of every API and version pass unchanged', () => {
    for (let v = 0; v <= 9; v++) expect(validateRequest(joinGroup({ version: v, protocols: protocols('a') }))).toBeTruthy();
    for (let v = 0; v <= 5; v++) expect(validateRequest(syncGroup({ version: v }))).toBeTruthy();
    for (let v = 0; v <= 4; v++) expect(validateRequest(heartbeat({ version: v }))).toBeTruthy();
    for (let v = 0; v <= 5; v++) expect(validateRequest(leaveGroup(['m'], { version: v }))).toBeTruthy();
    for (let v = 0; v <= 5; v++) expect(validateRequest(describeGroups(['g'], { version: v }))).toBeTruthy();
    for (let v = 0; v <= 5; v++) expect(validateRequest(listGroups({ version: v }))).toBeTruthy();
  });
});

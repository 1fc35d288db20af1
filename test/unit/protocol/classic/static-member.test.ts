/**
 * The answer to a static member's replacement in a Stable group (src/protocol/classic/static-member.ts)
 * at every JoinGroup version that carries group.instance.id.
 * @see spec/static-membership.md ST-06, ST-07
 * @see spec/versions.md VER-02
 */
import { describe, expect, it } from 'vitest';
import { bytes } from '../../../../src/conformance/scenario.js';
import { GroupTestContext } from '../../../helpers/test-context.js';

/** A Stable group whose one member is static ('ia'), joined at `version`. */
function stableStatic(version: number): { ctx: GroupTestContext; memberId: string } {
  const ctx = new GroupTestContext();
  const join = ctx.joinGroup({ version, groupInstanceId: 'ia', clientId: 'a' });
  ctx.advance(ctx.runtime.config.initialRebalanceDelayMs * 2);
  const [memberId] = [...ctx.group().members.keys()];
  expect(ctx.response(join.requestId)).toMatchObject({ errorCode: 0, memberId });
  ctx.syncGroup({ version: Math.min(version, 5), memberId: memberId!, groupInstanceId: 'ia', generationId: 1, assignments: [{ memberId: memberId!, assignment: bytes('a') }] });
  expect(ctx.group().state).toBe('Stable');
  return { ctx, memberId: memberId! };
}

describe('a static member replaced in a Stable group without a change of protocol', () => {
  for (const version of [5, 6, 7, 8, 9]) {
    it(`[ST-07][VER-02] is answered at once at JoinGroup v${version} with the group's protocol name${version >= 7 ? ' and type' : ', and no type before v7'}`, () => {
      const { ctx, memberId } = stableStatic(version);
      const g = ctx.group();
      const r = ctx.joinGroup({ version, groupInstanceId: 'ia', clientId: 'a', memberId: '' });
      expect(r.response).toMatchObject({
        errorCode: 0,
        generationId: 1,
        protocolName: g.protocolName,
        protocolType: version >= 7 ? g.protocolType : null,
        leader: version >= 9 ? r.response?.memberId : memberId,
      });
      expect(r.response?.memberId).not.toBe(memberId);
      expect(g.protocolType).toBe('consumer');
      expect(ctx.group().state).toBe('Stable');
    });
  }
});

/** The README's library example, kept runnable. */
import { describe, expect, it } from 'vitest';
import { GroupCoordinatorRuntime, joinGroup, syncGroup } from '../../src/index.js';

describe('README example', () => {
  it('joins, waits out the initial delay, syncs', () => {
    const coordinator = new GroupCoordinatorRuntime();
    const first = coordinator.submit(joinGroup({ groupId: 'g', memberId: '' }));
    const { memberId } = coordinator.response(first) as { memberId: string };
    const join = coordinator.submit(joinGroup({ groupId: 'g', memberId }));
    expect(coordinator.response(join)).toBeUndefined();
    coordinator.advance(3000);
    expect(coordinator.response(join)).toMatchObject({ errorCode: 0, generationId: 1, leader: memberId });
    coordinator.submit(syncGroup({ groupId: 'g', memberId, generationId: 1, assignments: [] }));
    expect(coordinator.state.groups.get('g')?.state).toBe('Stable');
    expect(coordinator.durableRecords().flatMap((r) => (r.type === 'GroupMetadata' ? [r.value?.generation] : []))).toEqual([0, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { GroupTestContext } from '../../helpers/test-context.js';

describe('test context', () => {
  it('builds a stable group of three', () => {
    const ctx = new GroupTestContext();
    const ids = ctx.stableGroup(3);
    expect(ctx.group().members.size).toBe(3);
    expect(ctx.group().leaderId).toBe(ids[0]);
    ctx.expectSessionTimer('g', ids[1]!, 10_000);
    ctx.expectSyncTimer('g', undefined);
  });
});

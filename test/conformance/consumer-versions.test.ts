/**
 * The consumer-group scenarios at both ConsumerGroupHeartbeat versions (CONF-17): at v0 the
 * coordinator names each joining member, at v1 the runner does, and every scenario means the same
 * either way. Run in process against a target that offers ConsumerGroupHeartbeat v0 only.
 */
import { describe, expect, it } from 'vitest';
import { allScenarios } from '../../spec/scenarios/index.js';
import { InProcessTarget, runScenarios } from '../../src/conformance/index.js';
import type { BrokerConfigs, Target, TopicSpec } from '../../src/conformance/index.js';
import type { GroupRequest } from '../../src/protocol/messages/index.js';

const consumerScenarios = allScenarios.filter((s) => s.rules.some((r) => /^(CG|CGR|CGO)-/.test(r)));

/** The in-process broker offering ConsumerGroupHeartbeat v0 only, recording the member ids of joins. */
function v0Target(joins: string[]): Target {
  const inner = new InProcessTarget();
  return {
    name: 'in-process, ConsumerGroupHeartbeat v0',
    async start(configs: BrokerConfigs, topics: readonly TopicSpec[]) {
      const session = await inner.start(configs, topics);
      if ('skip' in session) return session;
      const send = session.send.bind(session);
      return Object.assign(session, {
        negotiate: (api: string, oldest: number, newest: number) => (api === 'ConsumerGroupHeartbeat' ? oldest : newest),
        send: (label: string, r: GroupRequest) => {
          if (r.api === 'ConsumerGroupHeartbeat' && r.memberEpoch === 0) joins.push(`v${r.version}:${r.memberId}`);
          return send(label, r);
        },
      });
    },
  };
}

describe('consumer-group scenarios at ConsumerGroupHeartbeat v0', () => {
  it('[CONF-17] pass with coordinator-generated member ids; only those that need v1 (named version, regex) skip, saying so', async () => {
    expect(consumerScenarios.length).toBeGreaterThan(15);
    const joins: string[] = [];
    const results = await runScenarios(consumerScenarios, v0Target(joins));
    const failed = results.flatMap((r) => (r.status === 'failed' ? [`${r.name}: step ${r.stepIndex} (${r.step}) expected ${r.expected}, actual ${r.actual}`] : []));
    expect(failed).toEqual([]);
    const skipped = results.flatMap((r) => (r.status === 'skipped' ? [r.reason] : []));
    for (const why of skipped) expect(why).toMatch(/ConsumerGroupHeartbeat v0 \(the broker's newest\) cannot subscribe by regex|the broker offers ConsumerGroupHeartbeat|does not offer/);
    expect(skipped.length).toBeLessThanOrEqual(3);
    // New members joined without an id (the coordinator named them); a v0 join that carries one is a
    // known member rejoining with the id the coordinator gave it (the in-process generator's form).
    expect(joins.filter((j) => j === 'v0:').length).toBeGreaterThan(20);
    for (const j of joins.filter((x) => x.startsWith('v0:') && x !== 'v0:')) expect(j).toMatch(/^v0:00000000-0000-4000-8000-\d{12}$/);
  });
});

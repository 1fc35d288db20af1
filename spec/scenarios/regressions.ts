/**
 * Regression scenarios: each pins down a behaviour an earlier version of the implementation
 * got wrong, found by a scenario author or a property run.
 */
import type { Scenario } from '../../src/conformance/scenario.js';
import { allOf, expect, expectGroup, joinGroup, send, startsWith, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf, stableGroup } from './setup.js';

export const regressionScenarios: Scenario[] = [
  {
    name: 'regression: SyncGroup v4 carrying a protocol name is not compared (the field is v5+ and ignorable)',
    rules: ['SG-04', 'SG-10'],
    steps: (env) => [
      ...stableGroup(env, 2),
      send('s', syncGroup({ version: 4, memberId: '$m2', generationId: 1, protocolType: 'connect', protocolName: 'roundrobin' })),
      expect('s', { errorCode: 0, assignment: assignmentOf(2, 1), protocolType: null, protocolName: null }),
      send('s5', syncGroup({ version: 5, memberId: '$m2', generationId: 1, protocolType: 'consumer', protocolName: 'roundrobin' })),
      expect('s5', { errorCode: 23 }),
      expectGroup('g', { state: 'Stable', generationId: 1 }),
    ],
  },
  {
    name: 'regression: member ids start with the client id and a dash (GS-12)',
    rules: ['GS-12', 'JG-08'],
    steps: [
      send('a', joinGroup({ clientId: 'consumer-7' })),
      expect('a', { errorCode: 79, memberId: allOf('$a', startsWith('consumer-7-')) }),
      send('b', joinGroup({ clientId: 'consumer-7' })),
      expect('b', { errorCode: 79, memberId: startsWith('consumer-7-') }),
    ],
  },
];

/** The reports of `kgspec check-client` and `serve --check-clients`, from a monitor fed by hand. */
import { describe, expect, it } from 'vitest';
import { formatViolation, jsonReport, junitReport, memberLines, textReport } from '../../../src/cli/client-check.js';
import { stableGroup } from '../../helpers/obligation-script.js';

/** m2 breaks CO-13 (SHOULD) twice and CO-12 (MUST); c1's reads are shared with a new member m3. */
function monitored() {
  const s = stableGroup().commit('c2', 'm2', 1, [['t', 0, 1]]).commit('c2', 'm2', 1, [['t', 0, 2]]);
  s.join('c2', { member: 'm2', answer: { generation: 2, leader: 'm1' } }).wait(20).commit('c2', 'm2', 1, [['t', 2, 2]]);
  s.handOut('c1', 'm3').join('c1', { member: 'm3', answer: { generation: 2, leader: 'm1' } }).fetch('c1', [['t', 0, 0]]);
  return s.monitor;
}

describe('client-check reports', () => {
  it('[CO-25] a violation is its rule, severity, member, time and message, then one line per exchange', () => {
    const [first] = monitored().violations;
    expect(formatViolation(first!)).toEqual([
      'SHOULD CO-13 Commit only owned partitions (x2): member m2 (client c2, group g, generation 1) at +0.000s: committed t-0, which it does not own in generation 1',
      '    +0.000s connection c2->c -> OffsetCommit v9 group=g generation=1 memberId=m2 offsets=t-0@1',
    ]);
  });

  it('[CO-25][CO-26] the text report: violations, reads not checked, one line per member, totals', () => {
    const monitor = monitored();
    const text = textReport(monitor);
    expect(text.filter((l) => /^(MUST|SHOULD) /.test(l))).toHaveLength(2);
    expect(text.some((l) => l.startsWith('NOT CHECKED CO-08,CO-09,CO-10,CO-11,CO-14: members m1, m3 share client id "c1"'))).toBe(true);
    expect(memberLines(monitor)).toEqual([
      'member m1 (client c1, group g): active, generations [1]: every obligation held',
      'member m2 (client c2, group g): active, generations [1,2]: CO-13 SHOULD x2, CO-12 MUST x1',
      'member m3 (client c1, group g): active, generations [2]: every obligation held',
    ]);
    expect(text.at(-1)).toBe('members: 3, MUST violations: 1, SHOULD violations: 1');
    expect(jsonReport(monitor)).toMatchObject({ mustViolated: true, members: [{ memberId: 'm1' }, { memberId: 'm2' }, { memberId: 'm3' }] });
  });

  it('[CO-26] the JUnit report: a suite per member, a case per obligation; a MUST fails, a SHOULD is output, an unchecked read is skipped', () => {
    const xml = junitReport(monitored());
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
    expect(xml).toMatch(/<testsuite name="g\/m2" tests="24" failures="1" skipped="0">/);
    expect(xml).toMatch(/<testcase name="CO-12 Commits carry the current generation" classname="m2"><failure message="committed with generation 1; it joined generation 2">/);
    expect(xml).toMatch(/<testcase name="CO-13 Commit only owned partitions" classname="m2"><system-out>SHOULD CO-13/);
    expect(xml).toMatch(/<testsuite name="g\/m1" tests="24" failures="0" skipped="5">/);
    expect(xml).toMatch(/<testcase name="CO-08 Eager members fetch nothing while rebalancing" classname="m1"><skipped message="members m1, m3 share client id &quot;c1&quot;/);
  });
});

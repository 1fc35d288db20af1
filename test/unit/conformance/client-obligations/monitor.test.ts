import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OBLIGATIONS } from '../../../../src/conformance/client-obligations/index.js';
import { parseSpecRules } from '../../../../src/conformance/rules.js';
import { Script, stableGroup } from '../../../helpers/obligation-script.js';

const REJOIN_MEMBERS = [{ id: 'm1', topics: ['t'] }, { id: 'm2', topics: ['t'] }];

describe('client-obligation monitor: membership and the join', () => {
  it('[CO-01] a clean two-member group breaks nothing; joining again without the handed-out id, or under an invented id, breaks CO-01', () => {
    const s = stableGroup();
    expect(s.monitor.violations).toEqual([]);
    s.handOut('c3', 'm3').join('c3', { member: '' });
    expect(s.rules()).toEqual(['CO-01']);
    expect(s.monitor.violations[0]).toMatchObject({ memberId: 'm3', severity: 'MUST' });
    const t = stableGroup().heartbeat('c9', 'made-up', 1);
    expect(t.rules()).toEqual(['CO-01']);
  });

  it('[CO-02] SyncGroup only for the generation it joined last, with its protocol', () => {
    const s = stableGroup();
    s.send('c2', 'c2->c', s.syncRequest('c2', 'm2', 7));
    expect(s.rules()).toEqual(['CO-02']);
    expect(s.monitor.violations[0]!.message).toMatch(/never joined generation 7/);
    const t = stableGroup();
    t.send('c2', 'c2->c', t.syncRequest('c2', 'm2', 1, {}, 'roundrobin'));
    expect(t.rules()).toEqual(['CO-02']);
    const u = stableGroup();
    u.join('c2', { member: 'm2', answer: { generation: 2, leader: 'm1' } }).send('c2', 'c2->c', u.syncRequest('c2', 'm2', 1));
    expect(u.monitor.violations[0]!.message).toMatch(/joined generation 2 since/);
  });

  it('[CO-20] declaring as owned a partition its last assignment did not give breaks CO-20; declaring what it holds does not', () => {
    const s = stableGroup({}, 'cooperative-sticky');
    s.join('c2', { member: 'm2', protocol: 'cooperative-sticky', owned: [['t', 2], ['t', 3]] });
    expect(s.monitor.violations).toEqual([]);
    s.join('c1', { member: 'm1', protocol: 'cooperative-sticky', owned: [['t', 0], ['t', 2]] });
    expect(s.rules()).toEqual(['CO-20']);
    expect(s.monitor.violations[0]!.message).toMatch(/t:2/);
  });

  it('[CO-21] a subscription that is not ConsumerProtocol bytes breaks CO-21', () => {
    const s = stableGroup();
    const request = s.joinRequest('c2', { member: 'm2' });
    s.send('c2', 'c2->c', { ...request, protocols: [{ name: 'range', metadata: new Uint8Array([0, 1, 0]) }] } as typeof request);
    expect(s.rules()).toEqual(['CO-21']);
  });
});

describe('client-obligation monitor: the leader\'s assignment', () => {
  /** Generation 2 formed with m1 (leader) and m2; the leader's SyncGroup carries `assignments`. */
  function leaderSyncs(assignments: Record<string, [string, number][]>, topics: Record<string, string[]> = {}, protocol = 'range', owned: Record<string, [string, number][]> = {}) {
    const s = stableGroup({}, protocol);
    const members = ['m1', 'm2'].map((id) => ({ id, topics: topics[id] ?? ['t'], owned: owned[id] ?? [] }));
    s.join('c2', { member: 'm2', protocol, answer: { generation: 2, leader: 'm1' } });
    s.join('c1', { member: 'm1', protocol, answer: { generation: 2, leader: 'm1', members } });
    s.send('c1', 'c1->c', s.syncRequest('c1', 'm1', 2, assignments, protocol));
    return s;
  }
  const fair = { m1: [['t', 0], ['t', 1]], m2: [['t', 2], ['t', 3]] } as Record<string, [string, number][]>;

  it('[CO-03][CO-04][CO-05][CO-06][CO-07] a fair assignment breaks nothing', () => {
    expect(leaderSyncs(fair).monitor.violations).toEqual([]);
  });

  it('[CO-03] naming a member outside the generation, or one twice', () => {
    expect(leaderSyncs({ ...fair, m9: [] }).rules()).toEqual(['CO-03']);
  });

  it('[CO-04] one partition to two members', () => {
    const s = leaderSyncs({ m1: [['t', 0], ['t', 1]], m2: [['t', 1], ['t', 2], ['t', 3]] });
    expect(s.rules()).toEqual(['CO-04']);
    expect(s.monitor.violations[0]).toMatchObject({ memberId: 'm1', generationId: 2 });
    expect(s.monitor.violations[0]!.message).toMatch(/t-1 to m1 and m2/);
  });

  it('[CO-05] a topic the member did not subscribe to', () => {
    const s = leaderSyncs({ m1: [['t', 0], ['t', 1], ['t', 2], ['t', 3]], m2: [['u', 0]] }, { m2: ['t'] });
    expect(s.rules()).toContain('CO-05');
  });

  it('[CO-06] a partition that does not exist', () => {
    expect(leaderSyncs({ ...fair, m2: [['t', 2], ['t', 3], ['t', 4]] }).rules()).toEqual(['CO-06']);
  });

  it('[CO-07] a subscribed partition left unassigned (SHOULD), except one a cooperative member still declares owned', () => {
    const s = leaderSyncs({ m1: [['t', 0], ['t', 1]], m2: [['t', 2]] });
    expect(s.rules()).toEqual(['CO-07']);
    expect(s.monitor.violations[0]).toMatchObject({ severity: 'SHOULD' });
    expect(s.monitor.mustViolated).toBe(false);
    const c = leaderSyncs({ m1: [['t', 0], ['t', 1]], m2: [['t', 2]] }, {}, 'cooperative-sticky', { m2: [['t', 2], ['t', 3]] });
    expect(c.monitor.violations).toEqual([]);
  });

  it('[CO-21] an assignment that is not ConsumerProtocol bytes', () => {
    const s = stableGroup();
    s.join('c2', { member: 'm2', answer: { generation: 2, leader: 'm1' } });
    s.join('c1', { member: 'm1', answer: { generation: 2, leader: 'm1', members: REJOIN_MEMBERS } });
    const request = s.syncRequest('c1', 'm1', 2, fair);
    s.send('c1', 'c1->c', { ...request, assignments: [{ memberId: 'm2', assignment: new Uint8Array([0, 0, 0, 0, 0, 9]) }] } as typeof request);
    expect(s.rules()).toContain('CO-21');
  });
});

describe('client-obligation monitor: reads', () => {
  it('[CO-08][CO-23] an eager member fetching after its JoinGroup breaks CO-08, unless the Fetch came within the grace period', () => {
    const s = stableGroup();
    s.fetch('c2', [['t', 2, 0]]).join('c2', { member: 'm2' });
    s.fetch('c2', [['t', 2, 5]]);
    expect(s.monitor.violations).toEqual([]);
    s.wait(11).fetch('c2', [['t', 2, 5]]).wait(5).fetch('c2', [['t', 3, 5]]);
    expect(s.rules()).toEqual(['CO-08']);
    expect(s.monitor.violations[0]).toMatchObject({ memberId: 'm2', occurrences: 2 });
    expect(s.monitor.violations[0]!.evidence.map((e) => `${e.api}:${e.kind}`)).toEqual(['JoinGroup:request', 'Fetch:request']);
  });

  it('[CO-09] a stable member fetching a partition outside its assignment', () => {
    const s = stableGroup().wait(20).fetch('c2', [['t', 2, 0]]);
    expect(s.monitor.violations).toEqual([]);
    s.fetch('c2', [['t', 0, 0]]);
    expect(s.rules()).toEqual(['CO-09', 'CO-11']);
  });

  it('[CO-10] a cooperative member rejoining without a partition stops fetching it; what it still declares it may read', () => {
    const s = stableGroup({}, 'cooperative-sticky');
    s.join('c2', { member: 'm2', protocol: 'cooperative-sticky', owned: [['t', 2]] }).wait(20);
    s.fetch('c2', [['t', 2, 0]]);
    expect(s.monitor.violations).toEqual([]);
    s.fetch('c2', [['t', 3, 0]]);
    expect(s.rules()).toEqual(['CO-10']);
  });

  it('[CO-11] fetching a partition another member holds breaks CO-11 too; a member its own assignment gave it to is not blamed', () => {
    const s = stableGroup();
    // The leader gave t-2 to both: m1 reading it is the leader's fault (CO-04), not a CO-11 read.
    s.join('c2', { member: 'm2', answer: { generation: 2, leader: 'm1' } });
    s.join('c1', { member: 'm1', answer: { generation: 2, leader: 'm1', members: REJOIN_MEMBERS } });
    s.sync('c1', 'm1', 2, [['t', 0], ['t', 1], ['t', 2]], { m1: [['t', 0], ['t', 1], ['t', 2]], m2: [['t', 2], ['t', 3]] });
    s.sync('c2', 'm2', 2, [['t', 2], ['t', 3]]);
    s.wait(20).fetch('c1', [['t', 2, 0]]).fetch('c2', [['t', 2, 0]]);
    expect(s.rules()).toEqual(['CO-04']);
    s.fetch('c1', [['t', 3, 0]]);
    expect(s.rules()).toEqual(['CO-04', 'CO-09', 'CO-11']);
  });

  it('[CO-22] when two live members share a client id their reads are not judged, and the monitor says so once', () => {
    const s = stableGroup();
    // A member id handed out that never joined does not make c2's reads ambiguous.
    s.handOut('c2', 'm3').wait(20).fetch('c2', [['t', 2, 0]]);
    expect(s.monitor.uncheckedReads).toEqual([]);
    s.join('c2', { member: 'm3', answer: { generation: 1, leader: 'm1' } });
    s.wait(20).fetch('c2', [['t', 0, 0]]).fetch('c2', [['t', 1, 0]]);
    expect(s.monitor.violations).toEqual([]);
    expect(s.monitor.uncheckedReads).toHaveLength(1);
    expect(s.monitor.uncheckedReads[0]).toMatchObject({ clientId: 'c2', memberIds: ['m2', 'm3'], rules: ['CO-08', 'CO-09', 'CO-10', 'CO-11', 'CO-14'] });
  });

  it('[CO-22] a static member that joins again under a new member id replaces the old one, so its reads stay judged', () => {
    const s = stableGroup();
    s.join('c2', { member: '', instance: 'i2', answer: { generation: 1, leader: 'm1', memberId: 'm2' } });
    s.join('c2', { member: '', instance: 'i2', answer: { generation: 1, leader: 'm1', memberId: 'm2b' } });
    s.sync('c2', 'm2b', 1, [['t', 2], ['t', 3]]);
    s.wait(20).fetch('c2', [['t', 2, 0]]);
    expect(s.monitor.uncheckedReads).toEqual([]);
    s.fetch('c2', [['t', 0, 0]]);
    expect(s.rules()).toEqual(['CO-09', 'CO-11']);
    expect(s.monitor.summary().find((m) => m.memberId === 'm2')!.status).toBe('expelled');
  });
});

describe('client-obligation monitor: commits', () => {
  it('[CO-12] a commit with a generation other than the one it joined last', () => {
    const s = stableGroup().commit('c2', 'm2', 1, [['t', 2, 3]]);
    expect(s.monitor.violations).toEqual([]);
    s.join('c2', { member: 'm2', answer: { generation: 2, leader: 'm1' } }).commit('c2', 'm2', 1, [['t', 2, 3]]);
    expect(s.monitor.violations).toEqual([]); // within the grace period of the JoinGroup answer
    s.wait(11).commit('c2', 'm2', 1, [['t', 2, 3]]);
    expect(s.rules()).toEqual(['CO-12']);
  });

  it('[CO-13] committing a partition it does not own (SHOULD); a cooperative member may commit what it just revoked', () => {
    const s = stableGroup().commit('c2', 'm2', 1, [['t', 0, 3]]);
    expect(s.rules()).toEqual(['CO-13']);
    expect(s.monitor.violations[0]!.severity).toBe('SHOULD');
    const c = stableGroup({}, 'cooperative-sticky');
    c.join('c2', { member: 'm2', protocol: 'cooperative-sticky', owned: [['t', 2], ['t', 3]], answer: { generation: 2, leader: 'm1' } });
    c.sync('c2', 'm2', 2, [['t', 2]]).commit('c2', 'm2', 2, [['t', 3, 4]]);
    expect(c.monitor.violations).toEqual([]);
  });

  it('[CO-14] rejoining without committing what it read breaks CO-14; a commit up to the last fetch offset, or having read nothing, keeps it', () => {
    const read = () => stableGroup().wait(20).fetch('c2', [['t', 2, 0]]).fetch('c2', [['t', 2, 5]]);
    expect(read().join('c2', { member: 'm2' }).rules()).toEqual(['CO-14']);
    expect(read().commit('c2', 'm2', 1, [['t', 2, 5]]).join('c2', { member: 'm2' }).monitor.violations).toEqual([]);
    expect(stableGroup().wait(20).fetch('c2', [['t', 2, 0]]).fetch('c2', [['t', 2, 0]]).join('c2', { member: 'm2' }).monitor.violations).toEqual([]);
  });
});

describe('client-obligation monitor: leaving, liveness and errors', () => {
  it('[CO-15] nothing under a member id after its LeaveGroup', () => {
    const s = stableGroup().leave('c2', 'm2');
    expect(s.monitor.violations).toEqual([]);
    s.heartbeat('c2', 'm2', 1, 25);
    expect(s.rules()).toEqual(['CO-15']);
    expect(s.monitor.summary().find((m) => m.memberId === 'm2')).toMatchObject({ status: 'left', violations: { 'CO-15': 1 } });
  });

  it('[CO-16] a member alive after its session lapsed (SHOULD); a JoinGroup in flight stops the count, and a silent member is not flagged', () => {
    const s = stableGroup().wait(9_000).heartbeat('c2', 'm2', 1).wait(10_001).heartbeat('c2', 'm2', 1);
    expect(s.rules()).toEqual(['CO-16']);
    expect(s.monitor.violations[0]!.severity).toBe('SHOULD');
    const parked = stableGroup().join('c2', { member: 'm2' }).wait(30_000);
    parked.answer('c2', 'c2->c', parked.joinRequest('c2', { member: 'm2' }), parked.joinResponse({ member: 'm2', answer: { generation: 2, leader: 'm1' } }));
    parked.heartbeat('c2', 'm2', 2);
    expect(parked.monitor.violations).toEqual([]);
    expect(stableGroup().wait(60_000).monitor.violations).toEqual([]);
  });

  it('[CO-17] after NOT_COORDINATOR the next request under the member id needs a FindCoordinator first', () => {
    const s = stableGroup().heartbeat('c2', 'm2', 1, 16).wait(20).findCoordinator('c2').heartbeat('c2', 'm2', 1);
    expect(s.monitor.violations).toEqual([]);
    s.heartbeat('c2', 'm2', 1, 15).wait(20).heartbeat('c2', 'm2', 1);
    expect(s.rules()).toEqual(['CO-17']);
  });

  it('[CO-18] answered REBALANCE_IN_PROGRESS, a member that stays out of the next generation and keeps heartbeating breaks CO-18', () => {
    const s = stableGroup().heartbeat('c2', 'm2', 1, 27);
    s.join('c1', { member: 'm1', answer: { generation: 2, leader: 'm1', members: [{ id: 'm1', topics: ['t'] }] } });
    s.wait(20).heartbeat('c2', 'm2', 1, 25);
    expect(s.rules()).toEqual(['CO-18']);
    const ok = stableGroup().heartbeat('c2', 'm2', 1, 27).wait(20).join('c2', { member: 'm2' });
    expect(ok.monitor.violations).toEqual([]);
  });

  it('[CO-19] nothing more with a generation answered ILLEGAL_GENERATION, nor under a member id answered UNKNOWN_MEMBER_ID', () => {
    const s = stableGroup().heartbeat('c2', 'm2', 1, 22).heartbeat('c2', 'm2', 1, 22);
    expect(s.monitor.violations).toEqual([]); // within the grace period: it may have been in flight
    s.wait(11).heartbeat('c2', 'm2', 1, 22);
    expect(s.rules()).toEqual(['CO-19']);
    s.join('c2', { member: 'm2' });
    expect(s.rules()).toEqual(['CO-19']);
    const u = stableGroup().heartbeat('c2', 'm2', 1, 25).wait(11).join('c2', { member: 'm2' });
    expect(u.rules()).toEqual(['CO-19']);
    expect(stableGroup().heartbeat('c2', 'm2', 1, 25).wait(11).join('c2', { member: '' }).monitor.violations).toEqual([]);
  });

  it('[CO-23] repeats count as occurrences of one violation; exchanges out of time order are refused', () => {
    const s = stableGroup().commit('c2', 'm2', 1, [['t', 0, 1]]).commit('c2', 'm2', 1, [['t', 0, 2]]);
    expect(s.monitor.violations).toHaveLength(1);
    expect(s.monitor.violations[0]!.occurrences).toBe(2);
    expect(s.monitor.summary().find((m) => m.memberId === 'm2')!.violations).toEqual({ 'CO-13': 2 });
    s.nowMs -= 1;
    expect(() => s.heartbeat('c2', 'm2', 1)).toThrow(/time order/);
  });
});

describe('client-obligation monitor: the rule table', () => {
  it('[CO-23] OBLIGATIONS is the spec: every CO- obligation with its title and severity, and nothing else', () => {
    const markdown = readFileSync(new URL('../../../../spec/client-obligations.md', import.meta.url), 'utf8');
    const fromSpec = parseSpecRules(markdown)
      .map((r) => ({ id: r.id, title: r.title, severity: /^\*\*(MUST|SHOULD)\.\*\*/.exec(r.text.trim())?.[1] }))
      .filter((r) => r.severity !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(Object.entries(OBLIGATIONS).map(([id, o]) => ({ id, title: o.title, severity: o.severity }))).toEqual(fromSpec);
  });
});

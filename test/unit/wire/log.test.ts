/** The server's log: one info line per group transition, member joining or leaving, session expiry and rebalance. */
import { describe, expect, it } from 'vitest';
import { describeEvent, enabled } from '../../../src/wire/server/log.js';
import { KafkaWireServer } from '../../../src/wire/server/server.js';
import { jsonCodec, jsonRequest } from '../../helpers/json-codec.js';
import { frame, RawConnection } from '../../helpers/wire-socket.js';

describe('server log', () => {
  it('[SRV-08] describes group events in one line each, at info', () => {
    expect(describeEvent({ type: 'transition', atMs: 0, groupId: 'g', from: 'Empty', to: 'PreparingRebalance' })).toEqual({ level: 'info', lines: ['group g: Empty -> PreparingRebalance'] });
    expect(describeEvent({ type: 'timer', atMs: 0, event: { type: 'timer.sessionExpired', groupId: 'g', memberId: 'm1' } })).toEqual({ level: 'info', lines: ['group g: session of member m1 expired'] });
    const records = describeEvent({
      type: 'records',
      atMs: 0,
      records: [
        { type: 'MemberRemoved', groupId: 'g', memberId: 'm1' },
        { type: 'GenerationAdvanced', groupId: 'g', generationId: 4, protocolName: 'range' },
        { type: 'PendingMemberAdded', groupId: 'g', memberId: 'm2' },
      ],
    });
    expect(records).toEqual({ level: 'info', lines: ['group g: member m1 left', 'group g: rebalance to generation 4 (protocol range)'] });
    expect(enabled('info', 'info') && enabled('warn', 'info') && !enabled('debug', 'info')).toBe(true);
  });

  it('[SRV-08] a join over the wire logs the member and the state moves', async () => {
    const lines: string[] = [];
    const server = await KafkaWireServer.start({ codec: jsonCodec, config: { initialRebalanceDelayMs: 0 }, offsetsTopicPartitions: 1, log: (level, line) => lines.push(`${level} ${line}`) });
    const c = await RawConnection.open('127.0.0.1', server.listeners[0]!.port);
    const protocols = [{ name: 'range', metadata: new Uint8Array(0) }];
    c.write(frame(jsonRequest(1, { api: 'JoinGroup', version: 3, clientId: 'c', clientHost: '', groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols, reason: null })));
    await c.waitFrames(1);
    c.end();
    await server.close();
    expect(lines.filter((l) => l.startsWith('info'))).toEqual([
      'info group g: Empty -> PreparingRebalance',
      expect.stringMatching(/^info group g: member \S+ joined \(client c \/127\.0\.0\.1\)$/),
      'info group g: PreparingRebalance -> CompletingRebalance',
      'info group g: rebalance to generation 1 (protocol range)',
    ]);
  });
});

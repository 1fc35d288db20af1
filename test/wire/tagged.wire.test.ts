/**
 * The generic codec's tagged-field path for typed fields (no shipped schema has a typed tagged
 * field yet; ConsumerGroupHeartbeat-era messages will), on a small schema written for the test.
 */
import { describe, expect, it } from 'vitest';
import { readStruct, writeStruct } from '../../src/wire/codec.js';
import { Reader, Writer } from '../../src/wire/primitives.js';
import { fieldsAt, type MessageSchema } from '../../src/wire/schema.js';
import { supportedApiVersions } from '../../src/wire/index.js';

const SCHEMA: MessageSchema = {
  name: 'TestResponse', apiKey: 999, type: 'response', validVersions: '0-1', flexibleVersions: '0+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'Epoch', type: 'int32', versions: '0+', taggedVersions: '0+', tag: 2, default: -1 },
    { name: 'Note', type: 'string', versions: '1+', nullableVersions: '1+', taggedVersions: '1+', tag: 0, default: null },
    { name: 'Leader', type: 'LeaderIdAndEpoch', versions: '1+', taggedVersions: '1+', tag: 1, fields: [
      { name: 'LeaderId', type: 'int32', versions: '1+', default: -1 },
      { name: 'LeaderEpoch', type: 'int32', versions: '1+', default: -1 },
    ] },
  ],
};

function encode(version: number, obj: Record<string, unknown>): string {
  const w = new Writer();
  writeStruct(w, fieldsAt(SCHEMA, version), obj, { flexible: true, allowPartialBatch: false });
  return Buffer.from(w.bytes()).toString('hex');
}

function decode(version: number, hex: string): Record<string, unknown> {
  return readStruct(new Reader(new Uint8Array(Buffer.from(hex, 'hex'))), fieldsAt(SCHEMA, version), { flexible: true, allowPartialBatch: false });
}

describe('[WIRE-02] typed tagged fields', () => {
  it('[WIRE-02] a tagged field at its default is not written; decoding gives the default back', () => {
    const obj = { errorCode: 0, epoch: -1, note: null, leader: { leaderId: -1, leaderEpoch: -1 } };
    expect(encode(1, obj)).toBe('0000' + '00');
    expect(decode(1, '000000')).toEqual(obj);
  });

  it('[WIRE-02] non-default tagged fields are written in ascending tag order with their sizes', () => {
    const obj = { errorCode: 3, epoch: 7, note: 'hi', leader: { leaderId: 4, leaderEpoch: 5 } };
    // 3 tags: 0 -> compact "hi" (03 6869), 1 -> struct 00000004 00000005 + its own empty tags (00), 2 -> int32 7.
    const hex = '0003' + '03' + '00' + '03' + '036869' + '01' + '09' + '0000000400000005' + '00' + '02' + '04' + '00000007';
    expect(encode(1, obj)).toBe(hex);
    expect(decode(1, hex)).toEqual(obj);
  });

  it('[WIRE-02] a field tagged only in later versions is absent (default) in earlier ones', () => {
    expect(decode(0, '0003' + '01' + '02' + '04' + '00000007')).toEqual({ errorCode: 3, epoch: 7, note: null, leader: { leaderId: -1, leaderEpoch: -1 } });
  });
});

describe('[WIRE-04] the ApiVersions table', () => {
  it('[WIRE-04] a broker may advertise less than the codec speaks', () => {
    const table = supportedApiVersions({ 1: 12, 60: -1 });
    expect(table.find((a) => a.apiKey === 1)).toEqual({ apiKey: 1, minVersion: 4, maxVersion: 12 });
    expect(table.find((a) => a.apiKey === 60)).toBeUndefined();
    expect(table.find((a) => a.apiKey === 11)).toEqual({ apiKey: 11, minVersion: 0, maxVersion: 9 });
  });

  it('[WIRE-04] lists every supported API by key ascending, including the kafkajs consumer-group set', () => {
    const table = supportedApiVersions();
    expect(table.map((a) => a.apiKey)).toEqual([...table.map((a) => a.apiKey)].sort((a, b) => a - b));
    const byKey = new Map(table.map((a) => [a.apiKey, a]));
    // kafkajs 2.2.4's maxima (reference/clients-and-peers.md): all inside what we advertise.
    for (const [key, max] of [[18, 2], [3, 6], [10, 2], [11, 5], [14, 3], [12, 3], [13, 3], [9, 4], [8, 5], [2, 3], [1, 11], [0, 7], [19, 3], [15, 2], [16, 2], [42, 1]] as const) {
      expect(byKey.get(key)!.maxVersion, `API ${key}`).toBeGreaterThanOrEqual(max);
      expect(byKey.get(key)!.minVersion, `API ${key}`).toBeLessThanOrEqual(key === 1 ? 4 : key === 0 ? 3 : 0);
    }
  });
});

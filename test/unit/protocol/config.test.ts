import { describe, expect, it } from 'vitest';
import { configFromKafkaProperties, DEFAULT_CONFIG } from '../../../src/protocol/config.js';
import { ERRORS, errorName, isRetriable } from '../../../src/protocol/errors.js';

describe('broker configs', () => {
  it("uses Kafka's defaults", () => {
    expect(DEFAULT_CONFIG).toMatchObject({ initialRebalanceDelayMs: 3000, minSessionTimeoutMs: 6000, maxSessionTimeoutMs: 1_800_000, maxSize: 2_147_483_647 });
  });
  it('reads Kafka-named properties', () => {
    expect(configFromKafkaProperties({ 'group.initial.rebalance.delay.ms': '0', 'group.max.size': 5 })).toMatchObject({ initialRebalanceDelayMs: 0, maxSize: 5 });
  });
  it('refuses unknown keys and bad values, naming them', () => {
    expect(() => configFromKafkaProperties({ 'group.nope': 1 })).toThrow(/group.nope/);
    expect(() => configFromKafkaProperties({ 'group.max.size': '-1' })).toThrow(/group.max.size/);
    expect(() => configFromKafkaProperties({ 'group.max.size': '' })).toThrow(/group.max.size/);
    expect(() => configFromKafkaProperties({ 'group.min.session.timeout.ms': 10, 'group.max.session.timeout.ms': 5 })).toThrow(/must not exceed/);
  });
});

describe('error table', () => {
  it('has Kafka codes and names', () => {
    expect(ERRORS.UNKNOWN_MEMBER_ID.code).toBe(25);
    expect(errorName(79)).toBe('MEMBER_ID_REQUIRED');
    expect(errorName(12345)).toBe('UNKNOWN(12345)');
    expect(isRetriable(15)).toBe(true);
    expect(isRetriable(25)).toBe(false);
  });
  it('has unique codes', () => {
    const codes = Object.values(ERRORS).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

import { describe, expect, it } from 'vitest';
import { configFromKafkaProperties, DEFAULT_CONFIG, parseAssignorList } from '../../../src/protocol/config.js';
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

describe('broker config values and what a refusal says', () => {
  const refusal = (props: Record<string, string | number>): string => {
    try {
      configFromKafkaProperties(props);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected the properties to be refused');
  };

  it('[ERR-01] one property changes its field and leaves every other default', () => {
    expect(configFromKafkaProperties({ 'group.max.size': 5 })).toEqual({ ...DEFAULT_CONFIG, maxSize: 5 });
  });

  it('[ERR-01] a value must be an integer in the range, which the message gives with Kafka\'s validator', () => {
    expect(refusal({ 'group.max.size': '0' })).toBe("broker config 'group.max.size' must be an integer in 1..2147483647 (Kafka: atLeast(1)), got '0'");
    expect(refusal({ 'group.max.size': 2 ** 31 })).toBe("broker config 'group.max.size' must be an integer in 1..2147483647 (Kafka: atLeast(1)), got '2147483648'");
    expect(refusal({ 'offset.metadata.max.bytes': '  ' })).toBe("broker config 'offset.metadata.max.bytes' must be an integer in 0..2147483647, got '  '");
    expect(refusal({ 'offset.metadata.max.bytes': '' })).toBe("broker config 'offset.metadata.max.bytes' must be an integer in 0..2147483647, got ''");
    expect(configFromKafkaProperties({ 'offset.metadata.max.bytes': ' 0 ', 'group.max.size': '2147483647' })).toMatchObject({ offsetMetadataMaxBytes: 0, maxSize: 2 ** 31 - 1 });
    expect(refusal({ 'group.nope': 1 })).toMatch(/^unknown broker config 'group.nope' \(known: group.initial.rebalance.delay.ms, group.min.session.timeout.ms, /);
  });

  it('[ERR-01] the minimum session timeout may equal the maximum, not exceed it', () => {
    const equal = configFromKafkaProperties({ 'group.min.session.timeout.ms': 7000, 'group.max.session.timeout.ms': 7000 });
    expect(equal).toMatchObject({ minSessionTimeoutMs: 7000, maxSessionTimeoutMs: 7000 });
    expect(refusal({ 'group.min.session.timeout.ms': 7001, 'group.max.session.timeout.ms': 7000 })).toBe(
      "broker config 'group.min.session.timeout.ms' must not exceed 'group.max.session.timeout.ms'",
    );
  });

  it('[CG-04] group.consumer.assignors: a trimmed comma list, Kafka class names accepted, only known assignors', () => {
    expect(configFromKafkaProperties({ 'group.consumer.assignors': ' range , ,uniform' }).consumerAssignors).toEqual(['range', 'uniform']);
    expect(parseAssignorList('org.apache.kafka.coordinator.group.assignor.RangeAssignor,org.apache.kafka.coordinator.group.assignor.UniformAssignor')).toEqual(['range', 'uniform']);
    expect(() => parseAssignorList(' , ')).toThrow("broker config 'group.consumer.assignors' must name at least one assignor (known: uniform, range)");
    expect(() => parseAssignorList('range,sticky')).toThrow("broker config 'group.consumer.assignors': unknown assignor 'sticky' (known: uniform, range)");
  });
});

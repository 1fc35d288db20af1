/**
 * The wire server: `kgspec serve` and {@link startKafka}, real Kafka clients against the
 * in-memory cluster over TCP.
 *
 * @packageDocumentation
 */
export { startKafka, type StartKafkaOptions, type RunningKafka } from './start-kafka.js';
export { KafkaWireServer, type WireServerOptions, type ListenerAddress } from './server.js';
export type { Exchange } from './connection.js';
export type { WireCodec, WireRequest, WireResponse, RequestHeader } from './codec-port.js';
export { defaultCodec, ADVERTISED_VERSIONS } from './default-codec.js';
export { serverOptionsFromProperties, parseProperties, SERVER_PROPERTY_DEFAULTS } from './properties.js';
export { LOG_LEVELS, type LogLevel } from './log.js';
export { parseControlLine, CONTROL_USAGE, type ControlCommand, type ParsedLine } from './control-command.js';
export { ServerControl, statusLine } from './server-control.js';
export { startControlPort, MAX_CONTROL_LINE_BYTES, type ControlPort } from './control-port.js';
export { RealTimeDriver } from './real-time-driver.js';
export { FrameReader, DEFAULT_SOCKET_REQUEST_MAX_BYTES } from './framing.js';

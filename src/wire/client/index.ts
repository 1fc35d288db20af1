/**
 * A small Kafka client over TCP: one connection ({@link KafkaConnection}) sends typed requests
 * and matches answers by correlation id; a {@link ConnectionPool} gives every request an idle
 * connection, so a parked JoinGroup never holds another request. {@link TcpTransport} and
 * {@link RealTimeScheduler} run the project's `KafkaConsumer` over TCP (spec/server.md SRV-19..21).
 *
 * @packageDocumentation
 */
export { KafkaConnection, ConnectionLost, parseAddress, decodeAnswer } from './connection.js';
export { ConnectionPool, type PooledRequest } from './pool.js';
export { TcpTransport, type TcpTransportOptions } from './tcp-transport.js';
export { RealTimeScheduler } from './real-time-scheduler.js';

/**
 * The server's log levels and the lines it writes about groups.
 *
 * @remarks
 * One line per group state transition, member joining or leaving, and completed rebalance,
 * at info, from the cluster's {@link CoordinatorEvent}s; everything else at debug.
 * @see spec/server.md SRV-08
 */
import type { CoordinatorEvent } from '../../broker/kafka-broker.js';

/** Log levels, most severe first. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Whether `level` is written when the threshold is `threshold`. */
export function enabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

/** The log line (and its level) of one coordinator event, or none. */
export function describeEvent(event: CoordinatorEvent): { level: LogLevel; lines: string[] } | undefined {
  switch (event.type) {
    case 'transition':
      return { level: 'info', lines: [`group ${event.groupId}: ${event.from} -> ${event.to}`] };
    case 'timer':
      if (event.event.type === 'timer.sessionExpired') {
        return { level: 'info', lines: [`group ${event.event.groupId}: session of member ${event.event.memberId} expired`] };
      }
      return { level: 'debug', lines: [`${event.event.type}`] };
    case 'records': {
      const lines: string[] = [];
      for (const r of event.records) {
        if (r.type === 'MemberAdded') lines.push(`group ${r.groupId}: member ${r.member.memberId} joined (client ${r.member.clientId} ${r.member.clientHost})`);
        else if (r.type === 'MemberRemoved') lines.push(`group ${r.groupId}: member ${r.memberId} left`);
        else if (r.type === 'GenerationAdvanced') lines.push(`group ${r.groupId}: rebalance to generation ${r.generationId} (protocol ${r.protocolName ?? 'none'})`);
      }
      return lines.length === 0 ? undefined : { level: 'info', lines };
    }
    case 'request':
      return { level: 'debug', lines: [`broker ${event.nodeId}: ${event.request.api} v${event.request.version} (${event.requestId})`] };
  }
}

/**
 * Every `kgspec` subcommand, in the order the help lists them. A new command is one module
 * exporting a {@link CliCommand} and one line here.
 */
import type { CliCommand } from './command.js';
import { checkClientCommand } from './check-client-command.js';
import { conformanceCommand } from './conformance-command.js';
import { demoCommand } from './demo-command.js';
import { serveCommand } from './serve-command.js';

/** The subcommands of `kgspec`. */
export const COMMANDS: readonly CliCommand[] = [serveCommand, demoCommand, conformanceCommand, checkClientCommand];

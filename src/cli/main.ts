#!/usr/bin/env node
/**
 * The `kgspec` command.
 */
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
  input: process.stdin,
});

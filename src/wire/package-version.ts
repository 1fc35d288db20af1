/**
 * The package version, read from package.json (beside src/ in a checkout, two levels above
 * dist/src/ in the package), so `kgspec --version` and the client software version the TCP
 * client sends in ApiVersions (KIP-511) never disagree with npm.
 */
import { readFileSync } from 'node:fs';

/** The `version` field of the package's package.json. */
export function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kafka-group-spec' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next level up
    }
  }
  return 'unknown';
}

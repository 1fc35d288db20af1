#!/usr/bin/env node
// The kgspec command. A source checkout runs the TypeScript sources through tsx (a
// devDependency), so it never runs a stale build; an installed package runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
let tsx;
if (existsSync(source)) {
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    tsx = undefined;
  }
}
if (tsx) {
  tsx.register();
  await import(pathToFileURL(source).href);
} else {
  await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
}

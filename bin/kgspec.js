#!/usr/bin/env node
// The published CLI runs the compiled output; from a source checkout use `npm run kgspec`.
await import('../dist/src/cli/main.js');

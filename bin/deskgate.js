#!/usr/bin/env node
// The built CLI lives in dist/ (made by `npm install` through the prepare script, or `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('deskgate is not built yet: run `npm run build` (or `npm install`) first.\n');
  process.exit(1);
}
await import(entry.href);

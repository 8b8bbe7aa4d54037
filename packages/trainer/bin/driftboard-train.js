#!/usr/bin/env node
// Runs the compiled CLI; build first with `npx tsc -b` (the root `npm test` and `npm start` do).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

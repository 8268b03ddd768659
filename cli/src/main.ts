#!/usr/bin/env node
import { runCli } from './cli-program.ts';

// The `loyalty` executable (package.json "bin"); Node runs the TypeScript as is (type stripping).

process.exitCode = await runCli(process.argv.slice(2));

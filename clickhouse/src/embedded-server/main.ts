// Entry point a launcher spawns as a long-running process:
//
//   node clickhouse/src/embedded-server/main.ts \
//     --port 58123 --host 127.0.0.1 --data /path/to/dir
//
// Prints one line once it accepts connections (launchers wait for it) and exits
// 0 after a clean shutdown on SIGTERM/SIGINT, 1 if it cannot start.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedClickHouseServer } from './http-server.ts';

interface MainOptions {
  readonly port: number;
  readonly host: string;
  readonly dataPath: string;
}

function parseOptions(argv: string[]): MainOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8123' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Invalid --port ${values.port}`);
  if (!values.data) throw new Error('Missing --data <directory>');
  return { port, host: values.host ?? '127.0.0.1', dataPath: resolve(values.data) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const server = createEmbeddedClickHouseServer(options);
  const { port } = await server.listen();
  console.log(`embedded ClickHouse listening on http://${options.host}:${port} (data: ${options.dataPath})`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    // A second signal while draining means "now": leave without waiting.
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`embedded ClickHouse received ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('embedded ClickHouse failed to shut down cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('embedded ClickHouse failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

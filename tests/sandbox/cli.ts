/**
 * `npm run sandbox -- --port <p>`: starts the sandbox (default port 8787) until SIGINT/SIGTERM.
 */
import { SABER_KEYS, SANDBOX_KEYS } from './accounts';
import { startSandbox } from './server';

/** Reads `--port <p>` or `--port=<p>` from argv; 8787 by default. */
function parsePort(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => arg === '--port' || arg.startsWith('--port='));
  const arg = argv[index];
  if (index < 0 || arg === undefined) return 8787;
  const raw = arg.includes('=') ? arg.slice('--port='.length) : argv[index + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${String(raw)}`);
  return port;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: parsePort(process.argv.slice(2)) });
  console.log(`Sidecar sandbox listening on ${sandbox.url}`);
  console.log(`Lusha API key (valid): ${SANDBOX_KEYS.valid}`);
  console.log(`Saber API key (valid): ${SABER_KEYS.valid}`);
  console.log(`State: ${sandbox.url}/__sandbox/state · reset: POST ${sandbox.url}/__sandbox/reset`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

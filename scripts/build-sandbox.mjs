#!/usr/bin/env node
// Builds the extension against a local sandbox: `node scripts/build-sandbox.mjs [--port 8797] [--out .sandbox-build/e2e]`.
// The real build (`npm run build`, `.output/chrome-mv3`) is never touched.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { port: { type: 'string', default: process.env.SIDECAR_SANDBOX_PORT || '8797' }, out: { type: 'string' } },
});
const base = `http://127.0.0.1:${values.port}`;
const outDir = values.out || `.sandbox-build/${values.port}`;
const result = spawnSync('npx', ['wxt', 'build'], {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  env: {
    ...process.env,
    WXT_LUSHA_BASE_URL: base,
    WXT_SABER_BASE_URL: base,
    // The CRM stand-ins answer on the same server.
    WXT_HUBSPOT_BASE_URL: base,
    WXT_PIPEDRIVE_BASE_URL: base,
    WXT_SALESFORCE_LOGIN_URL: base,
    WXT_SIDECAR_TEST_BUILD: 'true',
    SIDECAR_OUT_DIR: outDir,
  },
});
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  console.error('Sandbox build failed.');
  process.exit(result.status ?? 1);
}
console.log(`Built Sidecar against ${base} into ${outDir}/chrome-mv3`);

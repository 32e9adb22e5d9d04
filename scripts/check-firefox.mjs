#!/usr/bin/env node
// Builds Sidecar for Firefox (MV2, WXT's default for Firefox, and MV3) into .firefox-build/ and checks both with
// addons-linter, the validator addons.mozilla.org runs. Prints one line per target and exits 1 on a failed build or
// any linter error (warnings and notices are reported, not fatal). `.output/` (the Chrome build) is never touched.
//
//   npm run check:firefox            # or: node scripts/check-firefox.mjs [--verbose]   (--verbose lists warnings)
//
// Builds run one after the other (each rewrites .wxt/); the MV2 lint overlaps the MV3 build.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const OUT_DIR = '.firefox-build';
const TARGETS = [
  { name: 'firefox-mv2', args: ['-b', 'firefox'] },
  { name: 'firefox-mv3', args: ['-b', 'firefox', '--mv3'] },
];
const verbose = process.argv.includes('--verbose');
const require = createRequire(import.meta.url);
const wxtBin = path.join(path.dirname(require.resolve('wxt')), '..', 'bin', 'wxt.mjs');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** `wxt build` for one target, output captured (shown only if the build fails). */
function build(target) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [wxtBin, 'build', ...target.args], {
      env: { ...process.env, SIDECAR_OUT_DIR: OUT_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ ok: false, output: String(error), ms: performance.now() - started }));
    child.on('close', (code) => resolve({ ok: code === 0, output, ms: performance.now() - started }));
  });
}

let linter;
/** addons-linter's Node API on one build folder: { summary: { errors, warnings, notices }, errors, warnings, notices }. */
async function lint(target) {
  linter ??= require('addons-linter');
  const started = performance.now();
  const instance = linter.createInstance({
    config: {
      _: [path.join(OUT_DIR, target.name)],
      logLevel: 'fatal',
      stack: false,
      pretty: false,
      warningsAsErrors: false,
      metadata: false,
      output: 'none',
      boring: true,
      selfHosted: false,
    },
    runAsBinary: false,
  });
  const result = await instance.run();
  return { result, ms: performance.now() - started };
}

function tally(messages) {
  const counts = new Map();
  for (const { code } of messages) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].map(([code, count]) => (count > 1 ? `${code}×${count}` : code)).join(', ');
}

function where(message) {
  return [message.file, message.line, message.column].filter((part) => part !== undefined && part !== null).join(':');
}

/** Prints the target's line (and its errors); true when it passed. */
function report(target, built, linted) {
  if (!built.ok) {
    console.log(`${target.name}: BUILD FAILED after ${seconds(built.ms)}`);
    console.log(built.output.trim().replace(/^/gm, '  '));
    return false;
  }
  if (linted.error) {
    console.log(`${target.name}: addons-linter failed to run: ${linted.error}`);
    return false;
  }
  const { summary, errors = [], warnings = [], notices = [] } = linted.result;
  const codes = tally([...warnings, ...notices]);
  console.log(
    `${target.name}: ${summary.errors} errors, ${summary.warnings} warnings, ${summary.notices} notices` +
      `${codes ? ` (${codes})` : ''} · build ${seconds(built.ms)}, lint ${seconds(linted.ms)}`,
  );
  const listed = verbose ? [...errors, ...warnings, ...notices] : errors;
  for (const message of listed) console.log(`  ${message.type} ${message.code} ${where(message)}: ${message.message}`);
  return summary.errors === 0;
}

async function safeLint(target) {
  try {
    return await lint(target);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Lints a built target (a failed build is reported as is). */
async function lintBuilt({ target, built }) {
  return { target, built, linted: built.ok ? await safeLint(target) : undefined };
}

const started = performance.now();
let passed = true;
let previous;
for (const target of TARGETS) {
  const building = build(target); // spawned first, so the previous target's lint in this process overlaps it
  const [built, linted] = await Promise.all([building, previous && lintBuilt(previous)]);
  if (linted) passed = report(linted.target, linted.built, linted.linted) && passed;
  previous = { target, built };
}
const last = await lintBuilt(previous);
passed = report(last.target, last.built, last.linted) && passed;

console.log(`check:firefox ${passed ? 'passed' : 'FAILED'} in ${seconds(performance.now() - started)} (output in ${OUT_DIR}/)`);
process.exit(passed ? 0 : 1);

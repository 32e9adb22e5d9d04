/**
 * `npm run bench`: the real background code (lookup service, request engine, store, ledger, Lusha client), in Node,
 * against the sandbox, in one run. Each figure is printed as measured, and where it has one, as a ratio to its floor.
 * `npm run bench -- --json` prints one JSON object of the figures.
 * `npm run bench -- --recognition` measures only the content script (size, recognition time in Chromium); `--verbose`
 * adds each real page's times. `--only=panel` times the panel in real Chromium (scripts/bench/panel.ts): from a navigation's
 * commit to the open panel naming the person, known and new, and the frames it showed someone else meanwhile.
 */
import './bench/globals';
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from '@webext-core/fake-browser';
import { IDBFactory } from 'fake-indexeddb';
import { createBackground, type Background } from '../lib/background/wiring';
import type { Lookup } from '../lib/domain/page-context';
import { lookupKey } from '../lib/domain/lookup-keys';
import { createLushaClient } from '../lib/providers/lusha';
import { createSaberClient } from '../lib/providers/saber';
import { closeDbForTests } from '../lib/store/db';
import { getPreview, getRevealed } from '../lib/store/contacts';
import { listIntents } from '../lib/store/intents';
import { listSpends } from '../lib/store/ledger';
import { setApiKey } from '../lib/store/secrets';
import { saveSettings } from '../lib/store/settings';
import { runFaultMatrix } from '../tests/faults/matrix';
import { SABER_KEYS, SANDBOX_KEYS } from '../tests/sandbox/accounts';
import { createNodeMatrixDriver } from './bench/matrix-driver';
import { panelTime } from './bench/panel';
import { watchlistBench } from './bench/watchlist';
import { CRM_GOALS, crmBench } from './bench/crm';
import type { SandboxDataset } from '../tests/sandbox/dataset-types';

const json = process.argv.includes('--json');
/** `--only=matrix,restart`: run only these parts (while working on one). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (part: string) => !only || only.includes(part);
const verbose = process.argv.includes('--verbose');
const log = (line: string) => {
  if (!json) console.error(line);
};

/** The sandbox in a process of its own, as a provider is: its work and ours overlap as they would for real. */
interface Sandbox {
  url: string;
  dataset: SandboxDataset;
  close(): void;
}

async function startSandboxProcess(): Promise<Sandbox> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/sandbox/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code})`)));
  });
  const dataset = (await (await fetch(`${url}/__sandbox/dataset`)).json()) as SandboxDataset;
  return { url, dataset, close: () => child.kill('SIGTERM') };
}

interface LushaState {
  creditsUsed: number;
  creditsByAction: { search: number; revealEmail: number; revealPhone: number };
  requests: { path: string; status: number }[];
}

async function lushaState(sandbox: Sandbox): Promise<LushaState> {
  return (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()).lusha as LushaState;
}

/** 429s the sandbox answered since its last reset; summed over every part of the run before each reset. */
let received429 = 0;
async function count429(sandbox: Sandbox) {
  const found = (await lushaState(sandbox)).requests.filter((request) => request.status === 429);
  if (found.length > 0) {
    const all = (await lushaState(sandbox)).requests as unknown as { path: string; status: number; at: string }[];
    const first = Date.parse(all[0]?.at ?? '');
    log(`  429 on ${found.map((request) => request.path).join(', ')}: ${all.map((r) => `${Date.parse(r.at) - first}:${r.path.slice(13)}:${r.status}`).join(' ')}`);
  }
  received429 += found.length;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function freshWorld(sandbox: Sandbox) {
  await count429(sandbox);
  fakeBrowser.reset();
  await closeDbForTests();
  globalThis.indexedDB = new IDBFactory();
  await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
  await setApiKey('lusha', SANDBOX_KEYS.valid);
  await saveSettings({ autoConfirmUnder: 1000, dailyCreditCap: 1_000_000 });
  return newService(sandbox);
}

/** The background's services, as the worker builds them; with a signal, their requests die with it (a stopped worker). */
function newService(sandbox: Sandbox, signal?: AbortSignal) {
  const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, signal: signal && init?.signal ? AbortSignal.any([signal, init.signal]) : (signal ?? init?.signal) });
  const background: Background = createBackground({
    createLushaClient: (apiKey) => createLushaClient({ apiKey, baseUrl: sandbox.url, fetch: fetchFn }),
    createSaberClient: (apiKey) => createSaberClient({ apiKey, baseUrl: sandbox.url, fetch: fetchFn }),
  });
  return {
    background,
    engine: background.engine,
    lookupContact: (lookup: Lookup, priority: 0 | 1 = 0) => background.contacts.lookupContact(lookup, { origin: 'auto', priority }),
    revealContact: (contactId: string, field: 'emails' | 'phones', confirmedCredits?: number) => background.contacts.revealContact(contactId, field, confirmedCredits),
  };
}

function profileLookup(slug: string): Lookup {
  return { kind: 'linkedin-profile', linkedinUrl: `https://www.linkedin.com/in/${slug}` };
}

/** 1,000 distinct lookups in one burst: calls against ceil(N/100), time against what 25 requests/s allows. */
async function lookupBurst(sandbox: Sandbox) {
  const service = await freshWorld(sandbox);
  const client = createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: sandbox.url });
  const slugs = sandbox.dataset.people.map((person) => person.linkedinSlug);
  while (slugs.length < 1000) slugs.push(`nobody-${slugs.length}`);
  const callFloor = Math.ceil(slugs.length / 100);
  // The sandbox's own time to answer the floor's calls (it answers one at a time), measured with the bare client.
  let sandboxTime = 0;
  for (let call = 0; call < callFloor; call += 1) {
    const started = performance.now();
    await client.searchContacts(slugs.slice(call * 100, call * 100 + 100).map((slug, index) => ({ clientReferenceId: String(index), linkedinUrl: `https://www.linkedin.com/in/${slug}` })));
    sandboxTime += performance.now() - started;
  }
  await new Promise((resolve) => setTimeout(resolve, 1100)); // let the bare calls leave the rate window
  const before = (await lushaState(sandbox)).requests.length;
  const started = performance.now();
  await Promise.all(slugs.map((slug) => service.lookupContact(profileLookup(slug), 1)));
  const elapsed = performance.now() - started;
  const calls = (await lushaState(sandbox)).requests.slice(before).filter((request) => request.path === '/v3/contacts/search').length;
  // The rate limit fits the calls into ceil(calls/25) one-second windows; the sandbox still needs its own time for them.
  const timeFloor = (Math.ceil(callFloor / 25) - 1) * 1000 + sandboxTime;
  return { lookup_calls: calls, lookup_calls_ratio: round(calls / callFloor), lookup_time_ms: round(elapsed, 1), lookup_time_ratio: round(elapsed / timeFloor) };
}

/** 200 reveal clicks, 30% repeats and 10 simultaneous duplicate pairs: credits spent against the distinct data's price. */
async function revealClicks(sandbox: Sandbox) {
  const service = await freshWorld(sandbox);
  const people = sandbox.dataset.people.filter((person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0).slice(0, 140);
  const views = await Promise.all(people.map((person) => service.lookupContact(profileLookup(person.linkedinSlug))));
  const ids = views.flatMap((view) => (view.result.status === 'found' ? [view.result.preview.id] : []));
  const distinct = ids.slice(0, 140);
  const afterSearch = await lushaState(sandbox);
  // 140 distinct clicks, then 60 repeats: 40 one after another, 10 simultaneous pairs.
  const clicks: Promise<unknown>[] = distinct.map((id) => service.revealContact(id, 'emails', 1));
  await Promise.all(clicks);
  for (const id of distinct.slice(0, 40)) await service.revealContact(id, 'emails', 1);
  const fresh = sandbox.dataset.people.filter((person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0).slice(140, 150);
  const freshViews = await Promise.all(fresh.map((person) => service.lookupContact(profileLookup(person.linkedinSlug))));
  const pairs = freshViews.flatMap((view) => (view.result.status === 'found' ? [view.result.preview.id] : []));
  await Promise.all(pairs.flatMap((id) => [service.revealContact(id, 'emails', 1), service.revealContact(id, 'emails', 1)]));
  const state = await lushaState(sandbox);
  const spent = state.creditsByAction.revealEmail - afterSearch.creditsByAction.revealEmail;
  const floor = distinct.length + pairs.length; // 1 credit per distinct email
  const ledger = (await listSpends()).filter((entry) => entry.action === 'reveal').reduce((sum, entry) => sum + entry.credits, 0);
  return { reveal_clicks: distinct.length + 40 + pairs.length * 2, credit_ratio: round(spent / floor), ledger_matches_provider: ledger === spent ? 1 : 0 };
}

/** A cached preview served to the panel, and a lookup's own overhead over the sandbox's time. */
async function latency(sandbox: Sandbox) {
  const service = await freshWorld(sandbox);
  const client = createLushaClient({ apiKey: SANDBOX_KEYS.valid, baseUrl: sandbox.url });
  const people = sandbox.dataset.people.slice(0, 40);
  const overhead: number[] = [];
  for (const [index, person] of people.entries()) {
    // Two requests per round, paced under the sandbox's 25 requests/s: the raw calls bypass the engine's limiter.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lookup = profileLookup(person.linkedinSlug);
    // Alternate a raw client call (the sandbox's own time) with a lookup through the whole service.
    const rawStarted = performance.now();
    await client.searchContacts([{ clientReferenceId: '0', linkedinUrl: `https://www.linkedin.com/in/${sandbox.dataset.people[index + 100]!.linkedinSlug}` }]);
    const raw = performance.now() - rawStarted;
    const started = performance.now();
    await service.lookupContact(lookup);
    overhead.push(performance.now() - started - raw);
  }
  const hits: number[] = [];
  for (let round = 0; round < 300; round += 1) {
    const started = performance.now();
    await service.lookupContact(profileLookup(people[round % people.length]!.linkedinSlug));
    hits.push(performance.now() - started);
  }
  return {
    cache_hit_ms_p50: round(percentile(hits, 50)),
    cache_hit_ms_p95: round(percentile(hits, 95)),
    overhead_ms_p50: round(Math.max(0, percentile(overhead, 50))),
  };
}

/**
 * The engine torn down mid-run and rebuilt from its stored queue: every piece of work the first life accepted (and
 * did not hand back as an error) must be done by the second, and no reveal paid twice. Checked straight in the store,
 * without asking again.
 */
async function restart(sandbox: Sandbox) {
  await freshWorld(sandbox);
  const killed = new AbortController();
  const first = newService(sandbox, killed.signal);
  const people = sandbox.dataset.people.filter((person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0).slice(0, 120);
  const views = await Promise.all(people.slice(0, 60).map((person) => first.lookupContact(profileLookup(person.linkedinSlug))));
  const ids = views.flatMap((view) => (view.result.status === 'found' ? [view.result.preview.id] : []));
  const afterSearch = await lushaState(sandbox);
  // Queue reveals and new lookups, let the first requests leave, then stop the worker.
  const refused = new Set<string>();
  for (const id of ids) void first.revealContact(id, 'emails', 1).catch(() => refused.add(`reveal:${id}`));
  const lookups = people.slice(60).map((person) => profileLookup(person.linkedinSlug));
  for (const lookup of lookups) void first.lookupContact(lookup, 1).catch(() => refused.add(`lookup:${JSON.stringify(lookup)}`));
  while (!(await lushaState(sandbox)).requests.some((request) => request.path === '/v3/contacts/enrich')) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  first.engine.stop();
  killed.abort();
  await new Promise((resolve) => setTimeout(resolve, 20)); // what the dying life hands back as errors
  const second = newService(sandbox);
  await second.engine.start();
  await second.engine.idle();
  await second.engine.investigate('lusha');
  // Lookups whose search had left when the worker stopped are found out (Lusha's count), not sent again: they are
  // accounted for, not lost. Anything else accepted must be done.
  const foundOut = new Set(
    (await listIntents()).filter((intent) => intent.error !== undefined).map((intent) => JSON.stringify((intent.args as { lookup?: Lookup }).lookup)),
  );
  let lost = 0;
  for (const id of ids) if (!refused.has(`reveal:${id}`) && !(await getRevealed(id))?.revealedAt.emails) lost += 1;
  for (const lookup of lookups) {
    if (!refused.has(`lookup:${JSON.stringify(lookup)}`) && !foundOut.has(JSON.stringify(lookup)) && !(await getPreview(lookupKey(lookup)))) lost += 1;
  }
  const state = await lushaState(sandbox);
  const spent = state.creditsByAction.revealEmail - afterSearch.creditsByAction.revealEmail;
  const revealedNow = (await Promise.all(ids.map((id) => getRevealed(id)))).filter((data) => data?.revealedAt.emails).length;
  const ledger = (await listSpends()).filter((entry) => entry.action === 'reveal').reduce((sum, entry) => sum + entry.credits, 0);
  log(`  restart: ${ids.length - refused.size} of ${ids.length} reveals accepted before the stop; sandbox charged ${spent}, ledger booked ${ledger}`);
  return { restart_lost: lost, restart_double_paid: Math.max(0, spent - revealedNow), restart_ledger_gap: Math.abs(ledger - spent) };
}

/**
 * The fault matrix (tests/faults/matrix.ts) in Node: every paid action under every documented fault, each checked for
 * credits spent without a click, paid twice, past the cap, and any gap between the ledger and the sandbox's count.
 */
async function faultMatrix(sandbox: Sandbox) {
  await freshWorld(sandbox);
  const driver = await createNodeMatrixDriver(sandbox.url);
  try {
    for (const [provider, key] of [['lusha', SANDBOX_KEYS.valid], ['saber', SABER_KEYS.valid]] as const) {
      const saved = await driver.send('saveApiKey', { provider, key });
      if (!saved.ok) throw new Error(`saving the ${provider} key failed: ${saved.error.message}`);
    }
    await driver.send('saveSettings', { autoConfirmUnder: 1000, dailyCreditCap: 1_000_000 });
    const { figures } = await runFaultMatrix(driver, { log });
    return figures;
  } finally {
    driver.stop();
  }
}

/** The real LinkedIn pages beside the project (never copied into it), when present. */
const REAL_PAGES_DIR = path.join(import.meta.dirname, '..', '..', 'shared', 'real-pages', 'pages');

type RecognitionApi = { SidecarRecognition: { recognizePage(doc: Document, url: string): unknown } };

/** Runs `recognizePage` on the page's document `runs` times (after `warmup` runs) and returns the times in ms. */
function timeInPage([pageUrl, runs, warmup]: [string, number, number]): number[] {
  const api = (globalThis as unknown as RecognitionApi).SidecarRecognition;
  for (let run = 0; run < warmup; run += 1) api.recognizePage(document, pageUrl);
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    api.recognizePage(document, pageUrl);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Recognition in Chromium (the content script's real engine): the largest fixture (p50/p95 over 300 runs), and, when
 * ../shared/real-pages/pages/ is present, every real page served at its own URL with scripting off (its saved scripts
 * never run; the document is what DOMParser gives): p50 and p95 over every run of every page, and the slowest page's
 * median (`recognize_real_ms_max`, the page named in the log). Each real page's answer is also compared with the one
 * linkedom's DOMParser gives in Node, which the unit tests use.
 */
async function recognitionTime(): Promise<Record<string, number>> {
  const chromiumPath = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) {
    log(`  (no Chromium at ${chromiumPath}: recognize_ms_p95 not measured)`);
    return {};
  }
  const fixtures = fs
    .readdirSync('tests/fixtures', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html'))
    .map((file) => path.join('tests/fixtures', file))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  const largest = fixtures[0];
  if (!largest) return {};
  const url = fs.readFileSync(largest.replace(/\.html$/, '.url'), 'utf8').trim();
  const { build } = await import('esbuild');
  const bundle = await build({ entryPoints: ['lib/recognition/index.ts'], bundle: true, format: 'iife', globalName: 'SidecarRecognition', minify: true, write: false });
  const script = bundle.outputFiles[0]!.text;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const figures: Record<string, number> = {};
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: fs.readFileSync(largest, 'utf8') }));
    await page.goto(url);
    await page.addScriptTag({ content: script });
    const times = await page.evaluate(timeInPage, [url, 300, 1] as [string, number, number]);
    log(`  recognition measured on ${largest} (${fs.statSync(largest).size} bytes)`);
    figures.recognize_ms_p50 = round(percentile(times, 50), 3);
    figures.recognize_ms_p95 = round(percentile(times, 95), 3);
    await page.close();

    if (!fs.existsSync(REAL_PAGES_DIR)) {
      log(`  (${REAL_PAGES_DIR} not found: recognize_real_ms_* not measured)`);
      return figures;
    }
    const { REAL_PAGES } = await import('../lib/recognition/real-pages.expected');
    const { recognizePage } = await import('../lib/recognition/index');
    const { DOMParser } = await import('linkedom');
    const context = await browser.newContext({ javaScriptEnabled: false });
    const all: number[] = [];
    const medians: { file: string; ms: number }[] = [];
    const differ: string[] = [];
    for (const real of REAL_PAGES) {
      const html = fs.readFileSync(path.join(REAL_PAGES_DIR, real.file), 'utf8');
      const tab = await context.newPage();
      // The page itself; nothing else (subresources, iframes) is loaded.
      await tab.route('**/*', (route) => {
        const request = route.request();
        const top = request.isNavigationRequest() && request.frame().parentFrame() === null;
        return top ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.abort();
      });
      await tab.goto(real.url, { waitUntil: 'domcontentloaded' });
      // Scripting is off, so no <script> tag runs: the bundle is evaluated through the DevTools protocol instead.
      await tab.evaluate(`globalThis.SidecarRecognition = (() => { ${script}; return SidecarRecognition; })(); 0`);
      const samples = await tab.evaluate(timeInPage, [real.url, 60, 5] as [string, number, number]);
      const inBrowser = JSON.stringify(await tab.evaluate((pageUrl) => (globalThis as unknown as RecognitionApi).SidecarRecognition.recognizePage(document, pageUrl), real.url));
      const inNode = JSON.stringify(recognizePage(new DOMParser().parseFromString(html, 'text/html') as unknown as Document, real.url));
      if (inBrowser !== inNode) differ.push(real.file);
      all.push(...samples);
      medians.push({ file: real.file, ms: percentile(samples, 50) });
      if (verbose) log(`    ${real.file}: p50 ${round(percentile(samples, 50), 3)} ms, p95 ${round(percentile(samples, 95), 3)} ms`);
      await tab.close();
    }
    await context.close();
    medians.sort((a, b) => b.ms - a.ms);
    const slowest = medians[0]!;
    const top = medians.slice(0, 3).map((m) => `${m.file} ${m.ms.toFixed(2)} ms`).join(', ');
    log(`  recognition measured on ${medians.length} real pages; slowest (median per page): ${top}`);
    log(differ.length ? `  Chromium and linkedom disagree on: ${differ.join(', ')}` : '  Chromium and linkedom give the same answer on every real page');
    figures.recognize_real_ms_p50 = round(percentile(all, 50), 3);
    figures.recognize_real_ms_p95 = round(percentile(all, 95), 3);
    figures.recognize_real_ms_max = round(slowest.ms, 3);
    return figures;
  } finally {
    await browser.close();
  }
}

function contentScriptSize(): Record<string, number> {
  // The newest build there is (`npm run build`, or the e2e build against the sandbox).
  const file = ['.output/chrome-mv3', '.sandbox-build/8797/chrome-mv3']
    .map((dir) => path.join(dir, 'content-scripts/linkedin.js'))
    .filter((candidate) => fs.existsSync(candidate))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!file) log('  (no build found: run npm run build for content_script_gzip_bytes)');
  return file ? { content_script_gzip_bytes: gzipSync(fs.readFileSync(file), { level: 9 }).length } : {};
}

const GOALS: Record<string, string> = {
  lookup_calls_ratio: '1.00',
  lookup_time_ratio: '≤ 1.10',
  caused_429: '0',
  credit_ratio: '1.00',
  cache_hit_ms_p50: '',
  cache_hit_ms_p95: '≤ 5 ms',
  overhead_ms_p50: '≤ 5 ms',
  restart_lost: '0',
  restart_double_paid: '0',
  unasked_spend: '0',
  double_paid: '0',
  cap_overrun: '0',
  ledger_gap: '0',
  fault_cases: '',
  watch_calls_ratio: '1.00',
  watch_ledger_gap: '0',
  watch_budget_overrun: '0',
  content_script_gzip_bytes: '≤ 15,360',
  recognize_ms_p95: '≤ 5 ms',
  recognize_real_ms_p95: '≤ 5 ms',
  recognize_real_ms_max: '< 5 ms',
  panel_known_ms_p50: '',
  panel_known_ms_p95: '≤ 100 ms',
  panel_new_ms_p50: '',
  panel_new_ms_p95: '',
  panel_new_minus_provider_ms_p50: '≤ 100 ms',
  panel_heard_ms_p50: '',
  panel_stale_frames: '0',
  panel_stale_after_heard_frames: '0',
  panel_blank_frames: '0',
  ...CRM_GOALS,
};

function print(figures: Record<string, number>) {
  if (json) {
    console.log(JSON.stringify(figures));
    return;
  }
  console.log('\nfigure                           value        goal');
  for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(33)}${String(value).padEnd(13)}${GOALS[name] ?? ''}`);
}

async function main() {
  if (process.argv.includes('--recognition')) {
    // Only the content script's figures (size, recognition time): no sandbox needed.
    log('Sidecar benchmark: content script size and recognition time');
    print({ ...contentScriptSize(), ...(await recognitionTime()) });
    return;
  }
  const sandbox = await startSandboxProcess();
  try {
    log('Sidecar benchmark (real background code in Node, against the sandbox)');
    const figures: Record<string, number> = {};
    const parts: [string, () => Promise<Record<string, number>> | Record<string, number>][] = [
      ['burst', () => lookupBurst(sandbox)],
      ['reveals', () => revealClicks(sandbox)],
      ['latency', () => latency(sandbox)],
      ['restart', () => restart(sandbox)],
      ['matrix', async () => ({ ...(await faultMatrix(sandbox)) })],
      ['watchlist', () => watchlistBench(sandbox, () => freshWorld(sandbox), log)],
      ['crm', () => crmBench(sandbox, log, () => count429(sandbox))],
      ['size', () => contentScriptSize()],
      ['recognition', () => recognitionTime()],
      ['panel', () => panelTime({ sandboxUrl: sandbox.url, dataset: sandbox.dataset, log, verbose })],
    ];
    for (const [name, part] of parts) {
      if (!runs(name)) continue;
      Object.assign(figures, await part());
      log(`  ${name} done`);
    }
    await count429(sandbox);
    figures.caused_429 = received429;
    print(figures);
  } finally {
    sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * Time to the panel, in real Chromium: the sandbox build of Sidecar loaded into Debian's Chromium, LinkedIn profiles
 * answered from the sandbox's fixture pages, the side panel open beside the tab (pinned to it, as the e2e tests open
 * it). Each navigation is timed from the moment the tab commits it to the moment the open panel shows Lusha's preview
 * of the new person (the contact card naming them). Three kinds of navigation take turns: in-app (LinkedIn's app swaps
 * the content, then pushes the URL: the commit is the `pushState`), URL first (the URL is pushed and the new person
 * rendered 40 ms later, the previous one still on screen meanwhile) and a full load (the commit is the new document's
 * creation). Known people were looked up before (their preview is in Sidecar's store); new people need a search,
 * whose own time (the service worker's Resource Timing for that call) is subtracted in
 * `panel_new_minus_provider_ms_p50`.
 *
 * The panel is sampled every frame (requestAnimationFrame) and on every DOM change (MutationObserver). A frame after
 * the commit that still names the previous person is a stale frame (`panel_stale_frames`); the panel can only stop
 * naming them once the page's news reached it (`panel_heard_ms_p50`: a message from the tab, a few ms), so the frames
 * that matter most are those after that (`panel_stale_after_heard_frames`: a late answer, a flicker back, a stale
 * page read as the new person). A frame before the new person is named that names nobody and shows no loading state is
 * a blank frame. Goal 0 for each.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { launchWithExtension, liveWorker, openPanel, saveLushaKey, tabIdOf } from '../../tests/e2e/harness';
import { SANDBOX_KEYS } from '../../tests/sandbox/accounts';
import type { SandboxDataset, SandboxPerson } from '../../tests/sandbox/dataset-types';

interface PanelBenchOptions {
  sandboxUrl: string;
  dataset: SandboxDataset;
  log(line: string): void;
  /** Log every navigation. */
  verbose?: boolean;
  /** New people to visit (each also gives two visits of known people). */
  rounds?: number;
}

/** One sample of what the panel shows. */
interface PanelSample {
  t: number;
  /** Every person the panel names (contact headers), in order. */
  names: string[];
  /** The name on the found-preview card, if one is shown. */
  card: string | null;
  /** The panel shows some loading state (a skeleton or "Looking up …"). */
  loading: boolean;
  frame: boolean;
}

/**
 * Runs in the panel page: records every frame and every DOM change into `globalThis.__sidecarSamples`. Plain source
 * text, so that what the TypeScript runner adds to named functions never reaches the page.
 */
const RECORDER = `(() => {
  globalThis.__sidecarSamples = [];
  if (globalThis.__sidecarRecorder) return;
  globalThis.__sidecarRecorder = true;
  const sample = (frame) => {
    const names = [...document.querySelectorAll('[data-testid="contact-name"]')].map((el) => el.textContent ?? '');
    const card = document.querySelector('section[aria-label="Contact"] [data-testid="contact-name"]')?.textContent ?? null;
    const loading = document.querySelector('[aria-busy="true"], section[aria-label="Looking up"], .skeleton') !== null;
    globalThis.__sidecarSamples.push({ t: Date.now(), names, card, loading, frame });
  };
  new MutationObserver(() => sample(false)).observe(document.body, { childList: true, subtree: true, characterData: true });
  const tick = () => {
    sample(true);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function takeSamples(panel: Page): Promise<PanelSample[]> {
  return panel.evaluate('(() => { const taken = globalThis.__sidecarSamples; globalThis.__sidecarSamples = []; return taken; })()');
}

const nameOf = (person: SandboxPerson) => `${person.firstName} ${person.lastName}`;
const profileUrl = (person: SandboxPerson) => `https://www.linkedin.com/in/${person.linkedinSlug}/`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Builds Sidecar against this sandbox (its port is baked in) into a folder of the benchmark's own. */
function buildAgainst(sandboxUrl: string): string {
  const port = new URL(sandboxUrl).port;
  const out = '.sandbox-build/bench-panel';
  const built = spawnSync(process.execPath, ['scripts/build-sandbox.mjs', '--port', port, '--out', out], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`sandbox build failed: ${built.stdout}${built.stderr}`);
  return path.resolve(out, 'chrome-mv3');
}

/**
 * `in-app`: LinkedIn's app swaps the page's content, then pushes the URL. `url-first`: it pushes the URL at once and
 * renders the new person 40 ms later (the old person still on screen meanwhile). `full`: a page load.
 */
type NavigationKind = 'in-app' | 'url-first' | 'full';
const KINDS: NavigationKind[] = ['in-app', 'full', 'url-first'];

/** Navigates the LinkedIn tab to `person` and returns the commit time (the browser's clock). */
async function navigate(page: Page, sandboxUrl: string, person: SandboxPerson, kind: NavigationKind): Promise<number> {
  const url = profileUrl(person);
  if (kind === 'full') {
    await page.goto(url, { waitUntil: 'commit' });
    return page.evaluate(() => (globalThis as unknown as { __sidecarCommitAt: number }).__sidecarCommitAt);
  }
  const html = await (await fetch(`${sandboxUrl}/__sandbox/pages/linkedin/in/${person.linkedinSlug}`)).text();
  // What LinkedIn's app does on an in-app link: swap the page's content and push the new URL, in either order.
  // (Source text: what the TypeScript runner adds to named functions must not reach the page.)
  return page.evaluate(`(() => {
    const [url, html, urlFirst] = ${JSON.stringify([url, html, kind === 'url-first'])};
    const swap = () => {
      const next = new DOMParser().parseFromString(html, 'text/html');
      document.title = next.title;
      document.body.replaceWith(document.importNode(next.body, true));
    };
    if (!urlFirst) swap();
    const committed = Date.now();
    history.pushState({}, '', url);
    if (urlFirst) setTimeout(swap, 40);
    return committed;
  })()`);
}

/** The service worker's Lusha contact searches since the last clear: start (browser clock) and duration. */
async function searchTimings(worker: Worker): Promise<{ start: number; duration: number }[]> {
  return worker.evaluate(`(() => {
    const entries = performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/v3/contacts/search'));
    performance.clearResourceTimings();
    return entries.map((entry) => ({ start: performance.timeOrigin + entry.startTime, duration: entry.duration }));
  })()`);
}

interface Visit {
  kind: NavigationKind;
  known: boolean;
  ms: number;
  newsMs: number;
  staleAfterNews: number;
  providerMs: number;
  stale: number;
  blank: number;
}

/** Waits until the panel shows `name`'s card, then a little longer to see any flicker back; returns every sample. */
async function samplesUntilShown(panel: Page, name: string, committedAt: number): Promise<PanelSample[]> {
  const samples: PanelSample[] = [];
  const deadline = Date.now() + 15_000;
  let shownAt: number | undefined;
  for (;;) {
    samples.push(...(await takeSamples(panel)));
    shownAt ??= samples.find((sample) => sample.t >= committedAt && sample.card === name)?.t;
    if (shownAt !== undefined && Date.now() - shownAt > 250) return samples;
    if (Date.now() > deadline) throw new Error(`the panel never showed ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

function analyse(samples: PanelSample[], committedAt: number, previous: string, next: string) {
  const after = samples.filter((sample) => sample.t >= committedAt);
  const shown = after.find((sample) => sample.card === next)!;
  // The moment the panel stopped naming the previous person: it heard of the new page.
  const news = after.find((sample) => !sample.names.includes(previous)) ?? shown;
  const frames = after.filter((sample) => sample.frame);
  // A frame naming the previous person after the commit: shown as if current. Those before the panel heard of the new
  // page are the messages' own delay; any after it is a mistake (a late answer for the previous person, a flicker).
  const stale = frames.filter((sample) => sample.names.includes(previous));
  const blank = frames.filter((sample) => sample.t < shown.t && sample.names.length === 0 && !sample.loading).length;
  return { ms: shown.t - committedAt, newsMs: news.t - committedAt, stale: stale.length, staleAfterNews: stale.filter((sample) => sample.t > news.t).length, blank };
}

export async function panelTime(options: PanelBenchOptions): Promise<Record<string, number>> {
  const { sandboxUrl, dataset, log } = options;
  const rounds = options.rounds ?? 24;
  const extensionPath = buildAgainst(sandboxUrl);
  await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
  // People Lusha finds, whose page shows exactly their name (no honorifics), each visited once as new.
  const people = dataset.people.filter((person) => !person.restricted && !person.gdprBlocked && person.emails.length > 0 && person.displayName === nameOf(person));
  if (people.length < rounds + 1) throw new Error('not enough people in the sandbox dataset');
  const { context, extensionId } = await launchWithExtension({ extensionPath, sandboxUrl });
  try {
    const optionsPage = await saveLushaKey(context, extensionId, SANDBOX_KEYS.valid);
    await optionsPage.getByTestId('lusha-key-valid').waitFor();
    await optionsPage.close();
    const page = await context.newPage();
    await page.addInitScript(() => Object.assign(globalThis, { __sidecarCommitAt: Date.now() }));
    const first = people[0]!;
    await page.goto(profileUrl(first));
    const worker = await liveWorker(context, extensionId);
    const tabId = await tabIdOf(worker, profileUrl(first));
    const panel = await openPanel(context, extensionId, tabId);
    await panel.evaluate(RECORDER);
    await samplesUntilShown(panel, nameOf(first), 0);
    await searchTimings(worker);

    // new P1, known P0, new P2, known P1, …: each visit names someone other than the one before.
    const visits: Visit[] = [];
    let current = first;
    for (let step = 1; step <= rounds; step += 1) {
      for (const [person, known] of [
        [people[step]!, false],
        [people[step - 1]!, true],
      ] as const) {
        const kind = KINDS[(visits.length >> 1) % KINDS.length]!;
        await takeSamples(panel);
        const committedAt = await navigate(page, sandboxUrl, person, kind);
        const samples = await samplesUntilShown(panel, nameOf(person), committedAt);
        const { ms, newsMs, stale, staleAfterNews, blank } = analyse(samples, committedAt, nameOf(current), nameOf(person));
        const searches = (await searchTimings(worker)).filter((search) => search.start >= committedAt - 5);
        const providerMs = searches.reduce((sum, search) => sum + search.duration, 0);
        visits.push({ kind, known, ms, newsMs, providerMs, stale, staleAfterNews, blank });
        if (options.verbose) log(`    ${kind} to ${known ? 'known' : 'new'} ${nameOf(person)}: ${ms} ms (heard at ${newsMs} ms, search ${round(providerMs)} ms), stale ${stale} (${staleAfterNews} after), blank ${blank}`);
        current = person;
      }
    }

    const known = visits.filter((visit) => visit.known);
    const fresh = visits.filter((visit) => !visit.known);
    for (const kind of KINDS) {
      const of = (list: Visit[]) => list.filter((visit) => visit.kind === kind).map((visit) => visit.ms);
      log(`  panel, ${kind} navigations: known p50 ${round(percentile(of(known), 50))} ms, new p50 ${round(percentile(of(fresh), 50))} ms`);
    }
    log(`  panel: ${visits.length} navigations; new people's searches took ${round(percentile(fresh.map((v) => v.providerMs), 50))} ms (p50) in the sandbox`);
    return {
      panel_known_ms_p50: round(percentile(known.map((v) => v.ms), 50)),
      panel_known_ms_p95: round(percentile(known.map((v) => v.ms), 95)),
      panel_new_ms_p50: round(percentile(fresh.map((v) => v.ms), 50)),
      panel_new_ms_p95: round(percentile(fresh.map((v) => v.ms), 95)),
      panel_new_minus_provider_ms_p50: round(percentile(fresh.map((v) => v.ms - v.providerMs), 50)),
      panel_heard_ms_p50: round(percentile(visits.map((v) => v.newsMs), 50)),
      panel_stale_frames: visits.reduce((sum, visit) => sum + visit.stale, 0),
      panel_stale_after_heard_frames: visits.reduce((sum, visit) => sum + visit.staleAfterNews, 0),
      panel_blank_frames: visits.reduce((sum, visit) => sum + visit.blank, 0),
    };
  } finally {
    await context.close();
    fs.rmSync(path.join(process.cwd(), '.sandbox-build/bench-panel'), { recursive: true, force: true });
  }
}

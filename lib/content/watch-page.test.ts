import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from '#imports';
import type { PageContext } from '../domain/page-context';
import type { Recognizer } from '../recognition/recognizer';
import { MAX_READS, MAX_WAIT_MS, QUIET_MS, showsPreviousPage, urlOnly, watchPage } from './watch-page';

/** A MutationObserver the test drives: `mutate()` delivers a change to every connected observer. */
class FakeObserver {
  static all: FakeObserver[] = [];
  connected = false;
  constructor(private readonly callback: () => void) {
    FakeObserver.all.push(this);
  }
  observe() {
    this.connected = true;
  }
  disconnect() {
    this.connected = false;
  }
  static mutate() {
    for (const observer of FakeObserver.all) if (observer.connected) observer.callback();
  }
  static get watching() {
    return FakeObserver.all.some((observer) => observer.connected);
  }
}

/** A content-script context and document just real enough for watchPage: timers, listeners, visibility. */
function fakePage(visibility: 'visible' | 'hidden') {
  const listeners = new Map<string, (event?: unknown) => void>();
  const invalidated: (() => void)[] = [];
  const doc = { visibilityState: visibility, documentElement: {} } as { visibilityState: string };
  const ctx = {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
    addEventListener: (_target: unknown, type: string, handler: (event?: unknown) => void) => listeners.set(type, handler),
    onInvalidated: (fn: () => void) => invalidated.push(fn),
  } as unknown as ContentScriptContext;
  return {
    ctx,
    doc: doc as unknown as Document,
    fire: (type: string, event?: unknown) => listeners.get(type)?.(event),
    setVisibility: (value: string) => (doc.visibilityState = value),
    invalidate: () => invalidated.forEach((fn) => fn()),
  };
}

/**
 * A recogniser answering `kinds` in turn (the last one from then on), counting its reads. A page of a known kind shows
 * its subject's name, unless `rendered` says it is still a skeleton at that read.
 */
function recognizerFor(kinds: PageContext['kind'][], rendered: (call: number) => boolean = () => true): Recognizer & { calls: number } {
  const recognize = ((_: Document, url: string) => {
    const kind = kinds[Math.min(recognize.calls, kinds.length - 1)]!;
    const entities: PageContext['entities'] = kind === 'unknown' ? [] : [{ type: 'contact', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz', confidence: 0.3 }];
    if (entities[0] && rendered(recognize.calls)) Object.assign(entities[0], { fullName: 'Ana Ruiz', confidence: 0.8 });
    recognize.calls += 1;
    return { context: { url, kind, entities }, strategies: [] };
  }) as unknown as Recognizer & { calls: number };
  recognize.calls = 0;
  return recognize;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeObserver.all = [];
  vi.stubGlobal('MutationObserver', FakeObserver);
  vi.stubGlobal('window', {});
  vi.stubGlobal('location', { href: 'https://www.linkedin.com/in/ana-ruiz/' });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('watchPage', () => {
  it('reads once when the page does not change', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(recognize.calls).toBe(1);
    expect(reports).toHaveLength(1);
  });

  it('reads twice when the page changes without changing the answer, then stops watching', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['linkedin-profile']);
    watchPage(page.ctx, page.doc, recognize, () => undefined);
    for (let i = 0; i < 5; i += 1) {
      FakeObserver.mutate();
      await vi.advanceTimersByTimeAsync(QUIET_MS / 2);
    }
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(recognize.calls).toBe(2);
    expect(FakeObserver.watching).toBe(false);
    FakeObserver.mutate();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(recognize.calls).toBe(2);
  });

  it('reads again when a change renders the subject, reporting once per distinct answer, until the answer holds', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['linkedin-company', 'linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    FakeObserver.mutate();
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    FakeObserver.mutate();
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(recognize.calls).toBe(3);
    expect(reports.map((report) => report.kind)).toEqual(['linkedin-company', 'linkedin-profile']);
    expect(FakeObserver.watching).toBe(false);
  });

  it('keeps watching a page that shows only what its URL says (a skeleton) until it renders, then settles', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['linkedin-profile'], (call) => call >= 3);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    for (let i = 0; i < 4; i += 1) {
      FakeObserver.mutate();
      await vi.advanceTimersByTimeAsync(QUIET_MS);
    }
    expect(recognize.calls).toBe(5);
    expect(reports.map((report) => (report.entities[0]?.type === 'contact' ? report.entities[0].fullName : undefined))).toEqual([undefined, 'Ana Ruiz']);
    expect(FakeObserver.watching).toBe(false);
  });

  it('reads a page no extractor claims once, however much it changes', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['unknown']);
    watchPage(page.ctx, page.doc, recognize, () => undefined);
    FakeObserver.mutate();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(recognize.calls).toBe(1);
    expect(FakeObserver.watching).toBe(false);
  });

  it('re-reads a page that never goes quiet at the latest MAX_WAIT_MS after the first change, and gives up after MAX_READS', async () => {
    const page = fakePage('visible');
    const kinds: PageContext['kind'][] = ['linkedin-profile', 'linkedin-company', 'linkedin-search', 'salesnav-lead', 'salesnav-account', 'salesnav-search', 'hubspot-contact'];
    const recognize = recognizerFor(kinds);
    watchPage(page.ctx, page.doc, recognize, () => undefined);
    const started = Date.now();
    while (recognize.calls < 2) {
      FakeObserver.mutate();
      await vi.advanceTimersByTimeAsync(QUIET_MS / 3);
    }
    expect(Date.now() - started).toBeLessThanOrEqual(MAX_WAIT_MS + QUIET_MS);
    for (let i = 0; i < 100; i += 1) {
      FakeObserver.mutate();
      await vi.advanceTimersByTimeAsync(QUIET_MS);
    }
    expect(recognize.calls).toBe(MAX_READS);
    expect(FakeObserver.watching).toBe(false);
  });

  it('does no work while the tab is hidden, and catches up when it is shown', async () => {
    const page = fakePage('hidden');
    const recognize = recognizerFor(['linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    FakeObserver.mutate();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(recognize.calls).toBe(0);
    expect(reports).toEqual([]);
    page.setVisibility('visible');
    page.fire('visibilitychange');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reports).toHaveLength(1);
  });

  it('reads again after an in-app navigation, and stops watching when the extension context goes away', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    await vi.advanceTimersByTimeAsync(1000);
    vi.stubGlobal('location', { href: 'https://www.linkedin.com/in/bo-lee/' });
    page.fire('wxt:locationchange');
    await vi.advanceTimersByTimeAsync(1000);
    expect(reports.map((report) => report.url)).toEqual(['https://www.linkedin.com/in/ana-ruiz/', 'https://www.linkedin.com/in/bo-lee/']);
    expect(FakeObserver.watching).toBe(true);
    page.invalidate();
    expect(FakeObserver.watching).toBe(false);
  });
});

describe('a navigation whose URL changes before the page does', () => {
  const ana = { type: 'contact' as const, fullName: 'Ana Ruiz', title: 'CFO', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz', confidence: 0.9 };
  const page = (url: string, entities: PageContext['entities']): PageContext => ({ url, kind: 'linkedin-profile', entities });

  it('reports only the new URL while the previous person is still on screen, then the new person once rendered', async () => {
    const fake = fakePage('visible');
    let onScreen = ana;
    // The recogniser reads the rendered top card under whatever URL the tab is at (as the real one does).
    const recognize = ((_: Document, url: string) => {
      const linkedinUrl = url.replace(/\/$/, '');
      return { context: page(url, [{ ...onScreen, linkedinUrl }]), strategies: [] };
    }) as unknown as Recognizer;
    const reports: PageContext[] = [];
    watchPage(fake.ctx, fake.doc, recognize, (context) => reports.push(context));
    vi.stubGlobal('location', { href: 'https://www.linkedin.com/in/bo-lee/' });
    fake.fire('wxt:locationchange');
    await vi.advanceTimersByTimeAsync(0);
    expect(reports[1]).toEqual(page('https://www.linkedin.com/in/bo-lee/', [{ type: 'contact', linkedinUrl: 'https://www.linkedin.com/in/bo-lee', confidence: 0.3 }]));
    onScreen = { ...ana, fullName: 'Bo Lee', title: 'CTO' };
    FakeObserver.mutate();
    await vi.advanceTimersByTimeAsync(QUIET_MS);
    expect(reports[2]?.entities[0]).toMatchObject({ fullName: 'Bo Lee', linkedinUrl: 'https://www.linkedin.com/in/bo-lee' });
  });

  it('trusts a page that shows the same name once it has not changed for MAX_WAIT_MS (two people may share a name)', async () => {
    const fake = fakePage('visible');
    const recognize = ((_: Document, url: string) => ({ context: page(url, [{ ...ana, linkedinUrl: url.replace(/\/$/, '') }]), strategies: [] })) as unknown as Recognizer;
    const reports: PageContext[] = [];
    watchPage(fake.ctx, fake.doc, recognize, (context) => reports.push(context));
    vi.stubGlobal('location', { href: 'https://www.linkedin.com/in/ana-ruiz-2/' });
    fake.fire('wxt:locationchange');
    await vi.advanceTimersByTimeAsync(0);
    expect(reports[1]?.entities[0]).not.toHaveProperty('fullName');
    await vi.advanceTimersByTimeAsync(MAX_WAIT_MS);
    expect(reports[2]?.entities[0]).toMatchObject({ fullName: 'Ana Ruiz', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz-2' });
  });

  it('tells the previous page still on screen from a new one', () => {
    const before = page('https://www.linkedin.com/in/ana-ruiz/', [ana]);
    const same = page('https://www.linkedin.com/in/bo-lee/', [{ ...ana, linkedinUrl: 'https://www.linkedin.com/in/bo-lee' }]);
    expect(showsPreviousPage(same, before)).toBe(true);
    expect(urlOnly(same).entities).toEqual([{ type: 'contact', linkedinUrl: 'https://www.linkedin.com/in/bo-lee', confidence: 0.3 }]);
    // A new person rendered, the same person under a sub-route, or nothing read from the page: all news.
    expect(showsPreviousPage(page(same.url, [{ ...same.entities[0]!, fullName: 'Bo Lee' } as PageContext['entities'][number]]), before)).toBe(false);
    expect(showsPreviousPage(page('https://www.linkedin.com/in/ana-ruiz/details/experience/', [ana]), before)).toBe(false);
    expect(showsPreviousPage(urlOnly(same), before)).toBe(false);
    expect(showsPreviousPage(same, undefined)).toBe(false);
  });
});

describe('reading from the document’s start', () => {
  it('reads once at once and again as soon as the document is parsed', async () => {
    const fake = fakePage('visible');
    (fake.doc as unknown as { readyState: string }).readyState = 'loading';
    const recognize = recognizerFor(['linkedin-profile'], (call) => call >= 1);
    const reports: PageContext[] = [];
    watchPage(fake.ctx, fake.doc, recognize, (context) => reports.push(context));
    expect(recognize.calls).toBe(1);
    fake.fire('DOMContentLoaded');
    expect(recognize.calls).toBe(2);
    expect(reports.map((report) => (report.entities[0]?.type === 'contact' ? report.entities[0].fullName : undefined))).toEqual([undefined, 'Ana Ruiz']);
  });
});

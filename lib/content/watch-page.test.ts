import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from '#imports';
import type { PageContext } from '../domain/page-context';
import type { Recognizer } from '../recognition/recognizer';
import { watchPage } from './watch-page';

/** A content-script context and document just real enough for watchPage: timers, listeners, visibility. */
function fakePage(visibility: 'visible' | 'hidden') {
  const listeners = new Map<string, () => void>();
  const doc = { visibilityState: visibility } as { visibilityState: string };
  const ctx = {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
    addEventListener: (_target: unknown, type: string, handler: () => void) => listeners.set(type, handler),
  } as unknown as ContentScriptContext;
  return { ctx, doc: doc as unknown as Document, fire: (type: string) => listeners.get(type)?.(), setVisibility: (value: string) => (doc.visibilityState = value) };
}

function recognizerFor(kinds: PageContext['kind'][]): Recognizer & { calls: number } {
  let call = 0;
  const recognize = ((_: Document, url: string) => {
    const kind = kinds[Math.min(call, kinds.length - 1)]!;
    call += 1;
    recognize.calls = call;
    return { context: { url, kind, entities: [] }, strategies: [] };
  }) as unknown as Recognizer & { calls: number };
  recognize.calls = 0;
  return recognize;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('window', {});
  vi.stubGlobal('location', { href: 'https://www.linkedin.com/in/ana-ruiz/' });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('watchPage', () => {
  it('reports once per distinct page context, re-reading while lazy parts render', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['unknown', 'linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    await vi.runAllTimersAsync();
    expect(recognize.calls).toBe(4);
    expect(reports.map((report) => report.kind)).toEqual(['unknown', 'linkedin-profile']);
  });

  it('does no work while the tab is hidden, and catches up when it is shown', async () => {
    const page = fakePage('hidden');
    const recognize = recognizerFor(['linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    await vi.runAllTimersAsync();
    expect(recognize.calls).toBe(0);
    expect(reports).toEqual([]);
    page.setVisibility('visible');
    page.fire('visibilitychange');
    await vi.runAllTimersAsync();
    expect(reports).toHaveLength(1);
  });

  it('reads again after an in-app navigation', async () => {
    const page = fakePage('visible');
    const recognize = recognizerFor(['linkedin-profile']);
    const reports: PageContext[] = [];
    watchPage(page.ctx, page.doc, recognize, (context) => reports.push(context));
    await vi.runAllTimersAsync();
    vi.stubGlobal('location', { href: 'https://www.linkedin.com/in/bo-lee/' });
    page.fire('wxt:locationchange');
    await vi.runAllTimersAsync();
    expect(reports.map((report) => report.url)).toEqual(['https://www.linkedin.com/in/ana-ruiz/', 'https://www.linkedin.com/in/bo-lee/']);
  });
});

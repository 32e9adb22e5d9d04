/**
 * Runs recognition when a page loads and after every in-app navigation, again while lazy parts render, and
 * never while the tab is hidden. Reports a context only when it differs from the last one reported.
 */
import type { ContentScriptContext } from '#imports';
import type { PageContext } from '../domain/page-context';
import type { Recognizer } from '../recognition/recognizer';

/** Re-reads after these delays (ms) following a load or navigation, for parts that render late. */
export const SETTLE_DELAYS_MS = [0, 400, 1200, 3000];

/**
 * @param recognize the site's recogniser (`recognizeLinkedInPage`, `recognizeCrmPage`): each content script bundles
 *   only its own site's extractors.
 */
export function watchPage(
  ctx: ContentScriptContext,
  doc: Document,
  recognize: Recognizer,
  report: (context: PageContext) => void,
): void {
  let lastReported = '';
  let timers: number[] = [];
  let pendingWhileHidden = false;

  const read = () => {
    if (doc.visibilityState === 'hidden') {
      pendingWhileHidden = true;
      return;
    }
    const { context } = recognize(doc, location.href);
    const serialized = JSON.stringify(context);
    if (serialized !== lastReported) {
      lastReported = serialized;
      report(context);
    }
  };

  const schedule = () => {
    for (const timer of timers) clearTimeout(timer);
    timers = SETTLE_DELAYS_MS.map((delay) => ctx.setTimeout(read, delay));
  };

  schedule();
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  ctx.addEventListener(doc, 'visibilitychange', () => {
    if (doc.visibilityState === 'visible' && pendingWhileHidden) {
      pendingWhileHidden = false;
      schedule();
    }
  });
}

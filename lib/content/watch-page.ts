/**
 * Runs recognition when a page loads and after every in-app navigation, and again only when the page changes: a
 * MutationObserver (which only watches; nothing here writes to the page) schedules a debounced re-read, and watching
 * stops as soon as a re-read gives the same answer as the read before it, once that answer holds something read from
 * the page (a skeleton still loading gives only what the URL says, so watching goes on). A page that does not change
 * costs one read per navigation; one that changes without changing the answer costs two; a page no extractor claims
 * costs one. Nothing runs while the tab is hidden. Reports a context only when it differs from the last one reported.
 */
import type { ContentScriptContext } from '#imports';
import type { PageContext } from '../domain/page-context';
import type { Recognizer } from '../recognition/recognizer';

/** Re-read once the page has been quiet this long (ms) after a change… */
export const QUIET_MS = 300;
/** …or this long after the first unread change, if it never goes quiet. */
export const MAX_WAIT_MS = 1500;
/** Stop watching a navigation after this many reads even if the answer keeps changing (e.g. an endless feed). */
export const MAX_READS = 6;

/** Fields a recogniser can fill from the URL alone. */
const FROM_URL = new Set(['type', 'confidence', 'crmId', 'linkedinUrl', 'salesNavUrl']);

/** True when the page itself (not only its URL) told recognition something: the page has rendered its subject. */
function readFromPage(context: PageContext): boolean {
  return context.entities.some((entity) => Object.keys(entity).some((field) => !FROM_URL.has(field)));
}

/** Changes that can change what recognition reads: nodes, text, and the few attributes it looks at. */
const WATCH: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: ['href', 'hidden', 'style', 'aria-hidden', 'aria-label', 'content', 'src'],
};

/**
 * @param recognize the site's recogniser (`recognizeLinkedInPage`, `recognizeCrmPage`): each content script bundles
 *   only its own site's extractors.
 */
export function watchPage(ctx: ContentScriptContext, doc: Document, recognize: Recognizer, report: (context: PageContext) => void): void {
  let lastReported = '';
  let lastRead = '';
  let reads = 0;
  let quietTimer: number | undefined;
  let maxTimer: number | undefined;
  let pendingWhileHidden = false;
  const observer = new MutationObserver(() => changed());

  const clearTimers = () => {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = undefined;
  };

  const stop = () => {
    observer.disconnect();
    clearTimers();
  };

  /** Reads the page; false when there is nothing more to watch for in this navigation. */
  const read = (): boolean => {
    clearTimers();
    if (doc.visibilityState === 'hidden') {
      pendingWhileHidden = true;
      stop();
      return false;
    }
    const { context } = recognize(doc, location.href);
    const serialized = JSON.stringify(context);
    reads += 1;
    // Settled: the same answer twice in a row, read from the page; or a page no extractor claims (its URL decides).
    const settled = context.kind === 'unknown' || (reads > 1 && serialized === lastRead && readFromPage(context));
    lastRead = serialized;
    if (serialized !== lastReported) {
      lastReported = serialized;
      report(context);
    }
    if (!settled && reads < MAX_READS) return true;
    stop();
    return false;
  };

  /** A change in the page: read again once it is quiet, or at the latest `MAX_WAIT_MS` after the first change. */
  const changed = () => {
    clearTimeout(quietTimer);
    quietTimer = ctx.setTimeout(read, QUIET_MS);
    maxTimer ??= ctx.setTimeout(read, MAX_WAIT_MS);
  };

  /** A new page (load, in-app navigation, tab shown again): read now, then watch for changes. */
  const start = () => {
    stop();
    reads = 0;
    lastRead = '';
    if (read() && doc.documentElement) observer.observe(doc.documentElement, WATCH);
  };

  start();
  ctx.onInvalidated(stop);
  // The Navigation API announces a navigation before its URL commits: read once it has.
  // (Several navigations in a row, as LinkedIn's pushStates come, make one read.)
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    stop();
    quietTimer = ctx.setTimeout(start, 0);
  });
  ctx.addEventListener(doc, 'visibilitychange', () => {
    if (doc.visibilityState === 'visible' && pendingWhileHidden) {
      pendingWhileHidden = false;
      start();
    }
  });
}

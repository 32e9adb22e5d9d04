/**
 * Runs recognition when a page loads and after every in-app navigation, and again only when the page changes: a
 * MutationObserver (which only watches; nothing here writes to the page) schedules a debounced re-read, and watching
 * stops as soon as a re-read gives the same answer as the read before it, once that answer holds something read from
 * the page (a skeleton still loading gives only what the URL says, so watching goes on). A page that does not change
 * costs one read per navigation; one that changes without changing the answer costs two; a page no extractor claims
 * costs one. Nothing runs while the tab is hidden. Reports a context only when it differs from the last one reported.
 * Started at document_start, it reads once at once (what the URL says) and again when the document is parsed.
 */
import type { ContentScriptContext } from '#imports';
import type { PageContext } from '../domain/page-context';
import { FROM_URL, readFromPage } from '../domain/page-fields';
import type { Recognizer } from '../recognition/recognizer';

/** Re-read once the page has been quiet this long (ms) after a change… */
export const QUIET_MS = 300;
/** …or this long after the first unread change, if it never goes quiet. */
export const MAX_WAIT_MS = 1500;
/** Stop watching a navigation after this many reads even if the answer keeps changing (e.g. an endless feed). */
export const MAX_READS = 6;

/** The name a page shows for its subject and who its URL says the subject is. */
function subjectOf(context: PageContext | undefined): [string | undefined, string | undefined] {
  const subject = context?.entities[0];
  return subject?.type === 'contact' ? [subject.fullName, subject.linkedinUrl ?? subject.salesNavUrl ?? subject.crmId] : [subject?.name, subject?.linkedinUrl ?? subject?.crmId];
}

/**
 * True when a read after a navigation finds, under a new URL's subject, the name the page showed before it: an app
 * that pushes the URL before rendering the new person leaves the previous one on screen meanwhile, and reading it
 * would name the previous person as the new one. (Only until the page changes: two people may share a name.)
 */
export function showsPreviousPage(read: PageContext, before: PageContext | undefined): boolean {
  const [name, who] = subjectOf(read);
  const [previousName, previousWho] = subjectOf(before);
  return name !== undefined && name === previousName && who !== previousWho;
}

/** Only what the URL says about the subject, at the confidence of an identity the page has not confirmed. */
export function urlOnly(context: PageContext): PageContext {
  const subject = context.entities[0]!;
  const kept = Object.fromEntries(Object.entries(subject).filter(([field]) => FROM_URL.has(field)));
  return { ...context, entities: [{ ...kept, confidence: 0.3 } as PageContext['entities'][number]] };
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
  let lastContext: PageContext | undefined;
  /** The last page reported before this navigation. */
  let before: PageContext | undefined;
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
    const found = recognize(doc, location.href).context;
    // The previous page still on screen under the new URL at the navigation's first read: only the URL is news. The
    // page is read again once it changes, or at the latest MAX_WAIT_MS later (then it is what it is).
    const previous = reads === 0 && showsPreviousPage(found, before);
    const context = previous ? urlOnly(found) : found;
    if (previous) maxTimer ??= ctx.setTimeout(read, MAX_WAIT_MS);
    const serialized = JSON.stringify(context);
    reads += 1;
    // Settled: the same answer twice in a row, read from the page; or a page no extractor claims (its URL decides).
    const settled = context.kind === 'unknown' || (reads > 1 && serialized === lastRead && readFromPage(context));
    lastRead = serialized;
    if (serialized !== lastReported) {
      lastReported = serialized;
      lastContext = context;
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
    before = lastContext;
    if (read() && doc.documentElement) observer.observe(doc.documentElement, WATCH);
  };

  start();
  ctx.onInvalidated(stop);
  // Run from the document's start, the first read has only what the URL says (enough to look a profile up while the
  // page loads); the parsed document is read as soon as it is complete, not once it goes quiet.
  if (doc.readyState === 'loading') ctx.addEventListener(doc, 'DOMContentLoaded', () => start());
  // The Navigation API announces a navigation before its URL commits. A microtask runs as soon as the script that
  // navigated is done, the URL committed, before any timer or rendering: the panel hears of the new page at once.
  // (An answer equal to the last one reported is not sent again.)
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    stop();
    queueMicrotask(start);
  });
  ctx.addEventListener(doc, 'visibilitychange', () => {
    if (doc.visibilityState === 'visible' && pendingWhileHidden) {
      pendingWhileHidden = false;
      start();
    }
  });
}

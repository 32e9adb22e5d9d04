import { defineContentScript } from '#imports';
import { reportPageContext } from '@/lib/messaging/report';
import { watchPage } from '@/lib/content/watch-page';
import { recognizeLinkedInPage } from '@/lib/recognition/sites';

/**
 * Reads LinkedIn pages and reports who is on them. Read-only: it never writes to LinkedIn's DOM, injects no UI,
 * exposes no web-accessible resources and makes no requests of its own.
 */
export default defineContentScript({
  matches: ['https://*.linkedin.com/*'],
  // From the document's start, not at idle (after the load event): the URL alone often names the subject, so the panel
  // looks them up while the page is still loading; the parsed page is read the moment it is complete.
  runAt: 'document_start',
  main(ctx) {
    watchPage(ctx, document, recognizeLinkedInPage, (context) => {
      reportPageContext(context).catch(() => undefined);
    });
  },
});

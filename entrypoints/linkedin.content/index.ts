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
  runAt: 'document_idle',
  main(ctx) {
    watchPage(ctx, document, recognizeLinkedInPage, (context) => {
      reportPageContext(context).catch(() => undefined);
    });
  },
});

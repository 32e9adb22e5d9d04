import { defineContentScript } from '#imports';
import { reportPageContext } from '@/lib/messaging/report';
import { watchPage } from '@/lib/content/watch-page';
import { recognizeCrmPage } from '@/lib/recognition/sites';

/**
 * Reads CRM record pages (HubSpot, Salesforce Lightning, Pipedrive) and reports who the record is about. Read-only,
 * like the LinkedIn script: no DOM writes, no injected UI, no requests.
 */
export default defineContentScript({
  matches: ['*://*.hubspot.com/*', '*://*.lightning.force.com/*', '*://*.my.salesforce.com/*', '*://*.pipedrive.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    watchPage(ctx, document, recognizeCrmPage, (context) => {
      reportPageContext(context).catch(() => undefined);
    });
  },
});

import { defineContentScript } from '#imports';
import { reportPageContext } from '@/lib/messaging/report';
import { watchPage } from '@/lib/content/watch-page';
import { recognizeCrmPage } from '@/lib/recognition/sites';

/**
 * Reads CRM record pages (HubSpot, Salesforce Lightning, Pipedrive) and reports who the record is about. Read-only,
 * like the LinkedIn script: no DOM writes, no injected UI, no requests.
 */
export default defineContentScript({
  // The CRMs' web apps only, over https.
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*', 'https://app-na2.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*', 'https://*.pipedrive.com/*'],
  // From the document's start, like the LinkedIn script: the panel hears of the record as soon as it can.
  runAt: 'document_start',
  main(ctx) {
    watchPage(ctx, document, recognizeCrmPage, (context) => {
      reportPageContext(context).catch(() => undefined);
    });
  },
});

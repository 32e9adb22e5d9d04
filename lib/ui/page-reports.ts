/**
 * The panel hears its tab's content script directly. A content script's `runtime.sendMessage` reaches every extension
 * page as well as the background: the panel shows the new page the moment it is read, instead of waiting for the
 * background to keep it and tell it (a hop through storage and a second message). The background's own notice follows
 * and, being the kept state, has the last word.
 */
import { useEffect } from 'react';
import { browser } from '#imports';
import type { PageContext } from '../domain/page-context';
import { contentProtocol, requestEnvelopeSchema } from '../messaging/protocol';

interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/**
 * The page context a message reports for `tabId`, or null. Only this extension's content script in that tab's top
 * frame counts (the browser sets the sender; a page cannot send on this channel), and only a report the background
 * itself would accept.
 */
export function reportedPage(message: unknown, sender: Sender | undefined, tabId: number | undefined): PageContext | null {
  if (tabId === undefined || sender?.id !== browser.runtime.id || sender.tab?.id !== tabId || (sender.frameId ?? 0) !== 0) return null;
  if (sender.url?.startsWith(browser.runtime.getURL('/'))) return null;
  const envelope = requestEnvelopeSchema.safeParse(message);
  if (!envelope.success || envelope.data.type !== 'reportPageContext') return null;
  const input = contentProtocol.reportPageContext.input.safeParse(envelope.data.data);
  return input.success ? input.data.context : null;
}

/** Calls `onPage` with every page the tab's content script reports (never answering it: the background does). */
export function usePageReports(tabId: number | undefined, onPage: (context: PageContext) => void): void {
  useEffect(() => {
    if (tabId === undefined) return undefined;
    const listener = (message: unknown, sender: Sender) => {
      const context = reportedPage(message, sender, tabId);
      if (context) onPage(context);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [tabId, onPage]);
}

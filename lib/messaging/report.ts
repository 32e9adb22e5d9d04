/**
 * The content script's only message: "this is what the page shows". Deliberately free of zod and the rest of
 * the protocol module so the content script stays small; the background validates it on arrival.
 */
import { browser } from '#imports';
import type { PageContext } from '../domain/page-context';

export async function reportPageContext(context: PageContext): Promise<void> {
  await browser.runtime.sendMessage({ sidecar: 1, type: 'reportPageContext', data: { context } });
}

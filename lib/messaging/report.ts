/**
 * The content script's only message: "this is what the page shows". Deliberately free of zod and the rest of
 * the protocol module so the content script stays small; the background validates it on arrival.
 */
import { browser } from '#imports';
import type { PageContext } from '../domain/page-context';
import { PAGE_ENTITIES_MAX, PAGE_TEXT_MAX, PAGE_URL_MAX } from '../domain/page-limits';

/** A string the report may carry: cut to the limit, and left out when empty. */
function fit(value: unknown, max: number): unknown {
  if (typeof value !== 'string') return value;
  const cut = value.length > max ? value.slice(0, max) : value;
  return cut === '' ? undefined : cut;
}

/**
 * The page's context within what the background accepts: an overlong field (a hostile or broken page) is cut rather
 * than losing the whole report (the panel would otherwise keep showing the previous page's person).
 */
export function fitReport(context: PageContext): PageContext {
  return {
    url: fit(context.url, PAGE_URL_MAX) as string,
    kind: context.kind,
    entities: context.entities.slice(0, PAGE_ENTITIES_MAX).map((entity) => {
      const fitted: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(entity)) {
        const next = fit(value, PAGE_TEXT_MAX);
        if (next !== undefined) fitted[key] = next;
      }
      return fitted as unknown as PageContext['entities'][number];
    }),
  };
}

export async function reportPageContext(context: PageContext): Promise<void> {
  await browser.runtime.sendMessage({ sidecar: 1, type: 'reportPageContext', data: { context: fitReport(context) } });
}

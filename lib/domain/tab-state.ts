/** What the side panel needs to know about one tab. Leaf module: imports only zod and the page context. */
import { z } from 'zod';
import { companyEntitySchema, lookupSchema, pageContextSchema, type PageContext } from './page-context';

/** What the side panel needs to know about one tab: what the page shows, or what the user asked about. */
export const tabStateSchema = z.object({
  tabId: z.number().int(),
  page: pageContextSchema.optional(),
  /** Set when the user chose "Enrich with Sidecar" on a selection or link in this tab. */
  requested: z
    .object({
      lookup: lookupSchema,
      source: z.enum(['selection', 'link', 'typed', 'list']),
      at: z.number(),
      /** A company chosen from a list page (Sales Navigator accounts), as the list showed it. */
      company: companyEntitySchema.optional(),
    })
    .optional(),
  /** Set when the user chose "Enrich with Sidecar" on text that is neither a person nor a company. */
  unrecognizedSelection: z.string().max(200).optional(),
  updatedAt: z.number(),
});
export type TabState = z.infer<typeof tabStateSchema>;

/**
 * What a tab shows once its content script reports a page: that page, and what the user asked about only while they
 * stay on the page they asked it on (a new page replaces a context-menu or typed request). The background keeps this;
 * an open panel, which hears the same report, shows it at once.
 */
export function withPage(previous: TabState, context: PageContext): Pick<TabState, 'page' | 'requested'> {
  return { page: context, requested: previous.page?.url === context.url ? previous.requested : undefined };
}

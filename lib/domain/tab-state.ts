/** What the side panel needs to know about one tab. Leaf module: imports only zod and the page context. */
import { z } from 'zod';
import { companyEntitySchema, lookupSchema, pageContextSchema } from './page-context';

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

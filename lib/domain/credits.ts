/** Credits, pricing and the ledger of spends, in Sidecar's own terms. Leaf module: imports only zod. */
import { z } from 'zod';

/** "1 credit", "5 credits". */
export const creditWord = (n: number): string => `${n} ${n === 1 ? 'credit' : 'credits'}`;

export const priceSchema = z.object({ credits: z.number().min(0), perQuantity: z.number().positive() });
export type Price = z.infer<typeof priceSchema>;

export const rateWindowSchema = z.object({
  limit: z.number().optional(),
  used: z.number().optional(),
  remaining: z.number().optional(),
  resetsAt: z.string().optional(),
});
export type RateWindow = z.infer<typeof rateWindowSchema>;

export const accountUsageSchema = z.object({
  provider: z.literal('lusha'),
  credits: z.object({ total: z.number(), used: z.number(), remaining: z.number() }),
  /** The plan's category, e.g. "professional" (same as `planDetails.category`). */
  plan: z.string().optional(),
  /** The whole plan block: renewal type and the current term (ISO dates; `endDate` null on free plans). */
  planDetails: z
    .object({
      category: z.string().optional(),
      renewalType: z.string().optional(),
      startDate: z.string().optional(),
      endDate: z.string().nullable().optional(),
    })
    .optional(),
  rateLimits: z
    .object({
      daily: rateWindowSchema.optional(),
      hourly: rateWindowSchema.optional(),
      minute: rateWindowSchema.optional(),
    })
    .default({}),
  pricing: z.record(z.string(), priceSchema).default({}),
  fetchedAt: z.number(),
});
export type AccountUsage = z.infer<typeof accountUsageSchema>;

export const ledgerEntrySchema = z.object({
  id: z.string(),
  /** Lusha credits and Saber credits are separate pools; the daily cap and the spend charts count Lusha's. */
  provider: z.enum(['lusha', 'saber']),
  /**
   * search: person or company previews; reveal: a person's email or phone; company: a company's full profile and
   * extras; signals: job changes, head count, news…; people: decision makers and prospecting; question: Saber;
   * research: Saber contact research; find-email: Saber's email finder.
   */
  action: z.enum(['search', 'reveal', 'company', 'signals', 'people', 'question', 'research', 'find-email']),
  entityId: z.string(),
  field: z.string().optional(),
  credits: z.number().min(0),
  at: z.number(),
  requestId: z.string().optional(),
  /** The paid intent this spend belongs to. */
  intentId: z.string().optional(),
  /**
   * How the charge was learnt when not from a plain answer: `interrupted` (a call whose answer was lost, found on its
   * free repeat), `reconciled` (found in the provider's own count), `unreadable` (a charged answer Sidecar could not read).
   */
  note: z.enum(['interrupted', 'reconciled', 'unreadable']).optional(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

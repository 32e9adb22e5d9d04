/**
 * People found through a prospecting provider (Saber: Sales Navigator search, email finder, contact research) and
 * that provider's credit balance, in Sidecar's own terms. Leaf module: imports only zod.
 */
import { z } from 'zod';

/** One person from a Sales Navigator search. No contact data: names, role and links only. */
export const prospectSchema = z.object({
  provider: z.literal('saber'),
  fullName: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  headline: z.string().optional(),
  title: z.string().optional(),
  companyName: z.string().optional(),
  location: z.string().optional(),
  seniority: z.array(z.string()).default([]),
  linkedinUrl: z.string().optional(),
  salesNavigatorUrl: z.string().optional(),
  avatarUrl: z.string().optional(),
});
export type Prospect = z.infer<typeof prospectSchema>;

/**
 * A search page, or `sales-nav-disconnected`: the account has no Sales Navigator connection, so the provider
 * cannot search at all. That is a state to explain (connect it in Saber's own extension), not an error.
 */
export const prospectSearchResultSchema = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('ok'),
    items: z.array(prospectSchema),
    total: z.number().int().min(0),
    limit: z.number().int().min(0),
    offset: z.number().int().min(0),
    hasMore: z.boolean(),
  }),
  z.object({ state: z.literal('sales-nav-disconnected') }),
]);
export type ProspectSearchResult = z.infer<typeof prospectSearchResultSchema>;

/** How sure the provider is that an email is deliverable. `state` is e.g. "deliverable" or "risky". */
export const emailVerificationSchema = z.object({
  state: z.string(),
  /** 0..100. */
  score: z.number().optional(),
  /** The domain accepts every address (catch-all), so delivery proves little. */
  acceptAll: z.boolean().optional(),
});
export type EmailVerification = z.infer<typeof emailVerificationSchema>;

/** The outcome of looking for a person's work email by name and company domain. */
export const emailFindingSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), email: z.string().min(1), verification: emailVerificationSchema.optional() }),
  z.object({ status: z.literal('not-found') }),
]);
export type EmailFinding = z.infer<typeof emailFindingSchema>;

/**
 * An asynchronous research job about one person. `status` is ours (`processing` until the provider says it
 * finished or failed); `vendorStatus` is the provider's word. `details` holds every other field of the provider's
 * answer as JSON, because no source documents the finished shape.
 */
export const contactResearchSchema = z.object({
  provider: z.literal('saber'),
  id: z.string().min(1),
  status: z.enum(['processing', 'completed', 'failed']),
  vendorStatus: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  companyDomain: z.string().optional(),
  createdAt: z.string().optional(),
  completedAt: z.string().optional(),
  error: z.string().optional(),
  details: z.record(z.string(), z.json()).default({}),
});
export type ContactResearch = z.infer<typeof contactResearchSchema>;

/** A provider's remaining credits, as of `fetchedAt` (epoch ms). */
export const creditBalanceSchema = z.object({
  provider: z.literal('saber'),
  remainingCredits: z.number(),
  fetchedAt: z.number(),
});
export type CreditBalance = z.infer<typeof creditBalanceSchema>;

/**
 * Sidecar's own contact shapes. Provider clients map vendor responses to these; the UI never sees vendor shapes.
 * Leaf module: imports only zod.
 */
import { z } from 'zod';

export const REVEAL_FIELDS = ['emails', 'phones'] as const;
export const revealFieldSchema = z.enum(REVEAL_FIELDS);
export type RevealField = z.infer<typeof revealFieldSchema>;

/** What a free search preview tells us: no email or phone values, only which data exist and what they cost. */
export const contactPreviewSchema = z.object({
  provider: z.literal('lusha'),
  /** The provider's opaque id for this person. */
  id: z.string().min(1),
  fullName: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  title: z.string().optional(),
  seniority: z.string().optional(),
  departments: z.array(z.string()).default([]),
  companyName: z.string().optional(),
  companyDomain: z.string().optional(),
  companyId: z.string().optional(),
  industry: z.string().optional(),
  location: z.string().optional(),
  linkedinUrl: z.string().optional(),
  /** Field names the provider holds for this person (e.g. "emails", "phones", "jobTitle"). */
  has: z.array(z.string()).default([]),
  /** What each revealable field costs now; 0 means already paid for. */
  canReveal: z.array(z.object({ field: revealFieldSchema, credits: z.number().min(0) })).default([]),
  /** Signal types that matched a search's or prospecting query's signal filter; absent when none was asked. */
  signalTypes: z.array(z.string()).optional(),
});
export type ContactPreview = z.infer<typeof contactPreviewSchema>;

export const revealedEmailSchema = z.object({
  email: z.string(),
  type: z.string().optional(),
  confidence: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type RevealedEmail = z.infer<typeof revealedEmailSchema>;

export const revealedPhoneSchema = z.object({
  number: z.string(),
  type: z.string().optional(),
  doNotCall: z.boolean().default(false),
  updatedAt: z.string().optional(),
});
export type RevealedPhone = z.infer<typeof revealedPhoneSchema>;

/** Data that was paid for: kept until the user erases it. */
export const revealedDataSchema = z.object({
  provider: z.literal('lusha'),
  id: z.string().min(1),
  emails: z.array(revealedEmailSchema).optional(),
  phones: z.array(revealedPhoneSchema).optional(),
  isEuContact: z.boolean().optional(),
  revealedAt: z.partialRecord(revealFieldSchema, z.number()).default({}),
});
export type RevealedData = z.infer<typeof revealedDataSchema>;

/** The outcome of looking up one person: found, not found, or restricted by the provider. */
export const contactLookupResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), preview: contactPreviewSchema }),
  z.object({ status: z.literal('not-found'), message: z.string().optional() }),
  z.object({ status: z.literal('restricted'), message: z.string().optional() }),
  z.object({ status: z.literal('failed'), message: z.string().optional() }),
]);
export type ContactLookupResult = z.infer<typeof contactLookupResultSchema>;

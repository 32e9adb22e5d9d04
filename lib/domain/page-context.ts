/**
 * The page-recognition contract (`docs/contracts.md` §1): what a content script reports about the page in
 * front of the user. Leaf module: imports only zod.
 */
import { z } from 'zod';
import { PAGE_ENTITIES_MAX, PAGE_TEXT_MAX, PAGE_URL_MAX } from './page-limits';

export const PAGE_KINDS = [
  'linkedin-profile',
  'linkedin-company',
  'linkedin-search',
  'salesnav-lead',
  'salesnav-account',
  'salesnav-search',
  'hubspot-contact',
  'hubspot-company',
  'salesforce-contact',
  'salesforce-lead',
  'salesforce-account',
  'pipedrive-person',
  'pipedrive-organization',
  'pipedrive-deal',
  'unknown',
] as const;

export const pageKindSchema = z.enum(PAGE_KINDS);
export type PageKind = z.infer<typeof pageKindSchema>;

const text = z.string().min(1).max(PAGE_TEXT_MAX);

export const contactEntitySchema = z.object({
  type: z.literal('contact'),
  fullName: text.optional(),
  firstName: text.optional(),
  lastName: text.optional(),
  title: text.optional(),
  companyName: text.optional(),
  companyDomain: text.optional(),
  linkedinUrl: text.optional(),
  salesNavUrl: text.optional(),
  email: text.optional(),
  phone: text.optional(),
  location: text.optional(),
  crmId: text.optional(),
  /** Photo URL when the page shows one (not part of the contract's minimum; used by the panel). */
  photoUrl: text.optional(),
  confidence: z.number().min(0).max(1),
});
export type ContactEntity = z.infer<typeof contactEntitySchema>;

export const companyEntitySchema = z.object({
  type: z.literal('company'),
  name: text.optional(),
  domain: text.optional(),
  linkedinUrl: text.optional(),
  industry: text.optional(),
  size: text.optional(),
  location: text.optional(),
  crmId: text.optional(),
  confidence: z.number().min(0).max(1),
});
export type CompanyEntity = z.infer<typeof companyEntitySchema>;

export const entitySchema = z.discriminatedUnion('type', [contactEntitySchema, companyEntitySchema]);
export type Entity = z.infer<typeof entitySchema>;

export const pageContextSchema = z.object({
  url: z.string().max(PAGE_URL_MAX),
  kind: pageKindSchema,
  entities: z.array(entitySchema).max(PAGE_ENTITIES_MAX),
});
export type PageContext = z.infer<typeof pageContextSchema>;

export const lookupSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), email: text }),
  z.object({ kind: z.literal('linkedin-profile'), linkedinUrl: text }),
  z.object({ kind: z.literal('linkedin-company'), linkedinUrl: text }),
  z.object({ kind: z.literal('domain'), domain: text }),
  z.object({ kind: z.literal('name'), firstName: text, lastName: text, companyName: text.optional() }),
]);
export type Lookup = z.infer<typeof lookupSchema>;

/**
 * The user's CRM in Sidecar's own terms: one record shape for HubSpot contacts and companies, Salesforce contacts,
 * leads and accounts, and Pipedrive persons and organizations; how a record matched what the page shows; what
 * Sidecar writes; and the field-by-field diff an update is built from. Vendor shapes stay in lib/providers/crm.
 * Leaf module: imports only zod.
 */
import { z } from 'zod';

export const CRM_NAMES = ['hubspot', 'salesforce', 'pipedrive'] as const;
export const crmNameSchema = z.enum(CRM_NAMES);
export type CrmName = z.infer<typeof crmNameSchema>;

/** HubSpot contact/company, Salesforce contact/lead/account, Pipedrive person/organization. */
export const CRM_RECORD_KINDS = ['contact', 'lead', 'person', 'company', 'account', 'organization'] as const;
export const crmRecordKindSchema = z.enum(CRM_RECORD_KINDS);
export type CrmRecordKind = z.infer<typeof crmRecordKindSchema>;

/** Kinds that are people (the rest are companies). */
export const CRM_PERSON_KINDS = ['contact', 'lead', 'person'] as const satisfies readonly CrmRecordKind[];
export const isPersonKind = (kind: CrmRecordKind): boolean => (CRM_PERSON_KINDS as readonly CrmRecordKind[]).includes(kind);

export const CRM_PHONE_LABELS = ['work', 'mobile', 'home', 'other'] as const;
export const crmPhoneSchema = z.object({
  value: z.string().min(1),
  /** `mobile` goes to HubSpot `mobilephone` / Salesforce `MobilePhone`; anything else to the main phone field. */
  label: z.enum(CRM_PHONE_LABELS).optional(),
});
export type CrmPhone = z.infer<typeof crmPhoneSchema>;

export const crmOwnerSchema = z.object({
  id: z.string(),
  /** Absent when the CRM's record gives only the owner's id (HubSpot, Pipedrive) and nobody looked the name up. */
  name: z.string().optional(),
  email: z.string().optional(),
});
export type CrmOwner = z.infer<typeof crmOwnerSchema>;

/** One CRM record, person or company, as Sidecar shows it. Absent fields are unknown or empty, never "". */
export const crmRecordSchema = z.object({
  crm: crmNameSchema,
  kind: crmRecordKindSchema,
  /** The CRM's id as a string (HubSpot "512", Salesforce 18-char "003…", Pipedrive "42"). */
  id: z.string().min(1),
  /** The full name (people) or the company name. */
  name: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  /** Primary first. */
  emails: z.array(z.string()),
  /** Primary first. */
  phones: z.array(crmPhoneSchema),
  title: z.string().optional(),
  /** People: the company as the record names it (HubSpot `company`, Salesforce `Account.Name` / Lead `Company`). */
  company: z.string().optional(),
  /** People: the linked company record (HubSpot company, Salesforce Account, Pipedrive organization). */
  companyId: z.string().optional(),
  /** Companies: a bare domain (`acme.com`). */
  domain: z.string().optional(),
  linkedinUrl: z.string().optional(),
  owner: crmOwnerSchema.optional(),
  /** ISO date(-time) of the last logged activity, when the CRM keeps one. */
  lastActivityAt: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  /** Opens the record in the CRM's own UI. */
  url: z.string().optional(),
});
export type CrmRecord = z.infer<typeof crmRecordSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Finding

/** What Sidecar knows about a person on the page; `ref` is the caller's key to pair answers with questions. */
export const crmPersonQuerySchema = z.object({
  ref: z.string().min(1),
  email: z.string().optional(),
  linkedinUrl: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  companyDomain: z.string().optional(),
});
export type CrmPersonQuery = z.infer<typeof crmPersonQuerySchema>;

export const crmCompanyQuerySchema = z.object({
  ref: z.string().min(1),
  domain: z.string().optional(),
  name: z.string().optional(),
});
export type CrmCompanyQuery = z.infer<typeof crmCompanyQuerySchema>;

/**
 * How a record matched: people by `email`, `linkedin`, or name with the company agreeing (`name-company`); a record
 * whose name agrees but whose company does not (or is unknown) is `name-only`, shown as a possible match only.
 * Companies by `domain`, or by `name` (exact, case-insensitive).
 */
export const CRM_MATCH_KINDS = ['email', 'linkedin', 'name-company', 'name-only', 'domain', 'name'] as const;
export const crmMatchKindSchema = z.enum(CRM_MATCH_KINDS);
export type CrmMatchKind = z.infer<typeof crmMatchKindSchema>;

export const crmMatchSchema = z.object({
  /** The query's `ref`. */
  ref: z.string(),
  by: crmMatchKindSchema,
  /** True when only the name agrees: show "possible match", never act on it without the user. */
  possible: z.boolean(),
  record: crmRecordSchema,
});
export type CrmMatch = z.infer<typeof crmMatchSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** A person as Sidecar would write it. Every field optional; empty strings are dropped before anything is sent. */
export const crmPersonInputSchema = z.object({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  title: z.string().optional(),
  companyName: z.string().optional(),
  companyDomain: z.string().optional(),
  /** The first is the main one (HubSpot `email`, Salesforce `Email`, Pipedrive primary). */
  emails: z.array(z.string()).optional(),
  phones: z.array(crmPhoneSchema).optional(),
  linkedinUrl: z.string().optional(),
});
export type CrmPersonInput = z.infer<typeof crmPersonInputSchema>;

export const crmCompanyInputSchema = z.object({
  name: z.string().min(1),
  domain: z.string().optional(),
  linkedinUrl: z.string().optional(),
  phone: z.string().optional(),
});
export type CrmCompanyInput = z.infer<typeof crmCompanyInputSchema>;

/**
 * The fields an update compares. Single-value fields: `firstName`, `lastName`, `title`, `companyName`, `email` (the
 * main one), `phone` (main), `mobilePhone`, `linkedinUrl`. List fields (Pipedrive): `emails`, `phones`, merged whole.
 */
export const CRM_FIELDS = ['firstName', 'lastName', 'title', 'companyName', 'email', 'phone', 'mobilePhone', 'linkedinUrl', 'emails', 'phones'] as const;
export const crmFieldSchema = z.enum(CRM_FIELDS);
export type CrmField = z.infer<typeof crmFieldSchema>;

/**
 * What an update does with one field:
 * - `fill`: the CRM's value is empty → written;
 * - `same`: equal once normalised → nothing written;
 * - `conflict`: both set and different → not written, shown to the user;
 * - `overwrite`: both set and different, and the caller asked to overwrite this field → written;
 * - `merge`: a list field gains values → the whole merged list is written.
 */
export const CRM_DIFF_ACTIONS = ['fill', 'same', 'conflict', 'overwrite', 'merge'] as const;
export const crmFieldDiffSchema = z.object({
  field: crmFieldSchema,
  /** The CRM's value (lists: every value), null when empty. */
  current: z.union([z.string(), z.array(z.string())]).nullable(),
  /** Sidecar's value (lists: what the merged list will hold). */
  proposed: z.union([z.string(), z.array(z.string())]).nullable(),
  action: z.enum(CRM_DIFF_ACTIONS),
});
export type CrmFieldDiff = z.infer<typeof crmFieldDiffSchema>;

/** Create or update one person, optionally linking a company and adding a note. */
export const crmWriteSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('create'),
    person: crmPersonInputSchema,
    /** Salesforce: create a Lead instead of a Contact. Ignored elsewhere. */
    asLead: z.boolean().optional(),
    companyId: z.string().optional(),
    note: z.string().optional(),
  }),
  z.object({
    action: z.literal('update'),
    id: z.string().min(1),
    person: crmPersonInputSchema,
    /** Fields whose differing values replace the CRM's (the user chose them in the conflict view). */
    overwrite: z.array(crmFieldSchema),
    note: z.string().optional(),
  }),
]);
export type CrmWrite = z.infer<typeof crmWriteSchema>;

/** The outcome of an update by diff. */
export const crmUpdateResultSchema = z.object({
  /** The record after the write (or as read, when nothing needed writing). */
  record: crmRecordSchema,
  diffs: z.array(crmFieldDiffSchema),
  /** Fields sent to the CRM. Empty: nothing was sent. */
  written: z.array(crmFieldSchema),
  /** Fields left as they were because the CRM's value differs (shown to the user). */
  conflicts: z.array(crmFieldSchema),
});
export type CrmUpdateResult = z.infer<typeof crmUpdateResultSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Connection and limits

/** What "Check connection" shows: the account, org or company, and who the credential belongs to. */
export const crmConnectionSchema = z.object({
  crm: crmNameSchema,
  /** HubSpot portal id, Salesforce org id, Pipedrive company id. */
  accountId: z.string(),
  /** Pipedrive company name, Salesforce org name when known, HubSpot UI domain. */
  accountName: z.string().optional(),
  user: z.object({ id: z.string(), name: z.string().optional(), email: z.string().optional() }).optional(),
  /** Where API calls go (HubSpot regional API host, Salesforce instance URL, Pipedrive company URL). */
  apiBaseUrl: z.string(),
  /** Where record links open (HubSpot `https://app-eu1.hubspot.com`, Salesforce instance, Pipedrive company URL). */
  appBaseUrl: z.string(),
  /** HubSpot developer test account or sandbox; Salesforce sandbox org. */
  sandbox: z.boolean(),
  /** Scopes the credential holds, when the CRM says. */
  scopes: z.array(z.string()).optional(),
  /** Scopes Sidecar needs that the credential lacks (known only where the CRM lists granted scopes). */
  missingScopes: z.array(z.string()).optional(),
  /** The field holding LinkedIn URLs (HubSpot property, Salesforce field, Pipedrive custom-field key); null: none. */
  linkedinField: z.string().nullable(),
  /** Pipedrive: the organization custom field holding the company's domain (organizations have none of their own). */
  domainField: z.string().nullable().optional(),
});
export type CrmConnection = z.infer<typeof crmConnectionSchema>;

/**
 * One response's rate-limit facts, whatever the CRM: a burst window (HubSpot ten-secondly, Pipedrive 2-s), a daily
 * allowance (HubSpot daily, Salesforce rolling 24-h API requests, Pipedrive POST/PUT left today), and what the
 * call cost where the CRM prices calls (Pipedrive tokens).
 */
export const crmRateLimitSchema = z.object({
  limit: z.number().optional(),
  remaining: z.number().optional(),
  intervalMs: z.number().optional(),
  /** ISO time the burst window resets. */
  resetsAt: z.string().optional(),
  dailyLimit: z.number().optional(),
  dailyRemaining: z.number().optional(),
  dailyUsed: z.number().optional(),
});
export type CrmRateLimit = z.infer<typeof crmRateLimitSchema>;

/**
 * What the user asks Sidecar to write to their CRM, and where each write stands: a create (with its company and
 * source note) or an update by diff (with the fields the user chose to overwrite, each with the value they saw), and
 * the outbox's view of it. Shared by the outbox store and the message protocol. Leaf module: imports only zod and
 * other domain modules.
 */
import { z } from 'zod';
import { crmFieldDiffSchema, crmFieldSchema, crmNameSchema, crmPersonInputSchema, crmRecordKindSchema, type CrmField } from './crm';
import { sidecarErrorSchema } from './errors';

/** A write's id: made by the page that asks, so a message sent again joins its write instead of adding one. */
export const crmWriteIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/** A company to find (by domain, else name) or create, and link the person to. */
export const crmSaveCompanySchema = z.object({
  name: z.string().min(1).max(255),
  domain: z.string().max(255).optional(),
});
export type CrmSaveCompany = z.infer<typeof crmSaveCompanySchema>;

/**
 * One field the user chose to overwrite, with the CRM's value they saw when they chose. If the CRM's value has
 * changed since (someone else edited it), the field is a conflict again: never overwritten silently.
 */
export const crmOverwriteSchema = z.object({
  field: crmFieldSchema,
  expected: z.union([z.string(), z.array(z.string())]).nullable(),
});
export type CrmOverwrite = z.infer<typeof crmOverwriteSchema>;

const noteSchema = z.string().max(2000);

export const crmSaveRequestSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('create'),
    person: crmPersonInputSchema,
    company: crmSaveCompanySchema.optional(),
    /** Salesforce: a Lead rather than a Contact. */
    asLead: z.boolean().optional(),
    /** Salesforce: save past an Alert duplicate rule (the user confirmed). */
    allowDuplicate: z.boolean().optional(),
    /** The user saw the records the CRM may already hold for this person and chose a new one. */
    confirmedNew: z.boolean().optional(),
    /** Where the data came from, for the source note ("from Sidecar, Lusha, 2026-11-20"). */
    provider: z.string().min(1).max(40).default('Lusha'),
    /** The user's own words, added to the note. */
    note: noteSchema.optional(),
  }),
  z.object({
    action: z.literal('update'),
    recordId: z.string().min(1).max(64),
    recordKind: crmRecordKindSchema.optional(),
    person: crmPersonInputSchema,
    overwrite: z.array(crmOverwriteSchema).default([]),
    /** Link the person to this company when they have none. */
    company: crmSaveCompanySchema.optional(),
    provider: z.string().min(1).max(40).default('Lusha'),
    note: noteSchema.optional(),
  }),
]);
export type CrmSaveRequest = z.infer<typeof crmSaveRequestSchema>;
export type CrmSaveRequestInput = z.input<typeof crmSaveRequestSchema>;

/**
 * Where a write stands:
 * - `pending`: waiting for its turn, or for the CRM (a rate limit, the CRM down, offline): sent again by itself;
 * - `applied`: the CRM confirmed every step;
 * - `review`: the CRM may already hold this person (Pipedrive finds namesakes, it never refuses duplicates): the
 *   user chooses to update that record or create anyway;
 * - `failed`: refused in a way waiting will not cure (a field's value, a permission, a revoked token): kept, with
 *   the CRM's reason, until the user sends it again or drops it;
 * - `dropped`: the user dropped it.
 */
export const CRM_WRITE_STATES = ['pending', 'applied', 'review', 'failed', 'dropped'] as const;
export const crmWriteStateSchema = z.enum(CRM_WRITE_STATES);
export type CrmWriteState = z.infer<typeof crmWriteStateSchema>;

/** The steps of a write, in order. */
export const CRM_WRITE_STEPS = ['company', 'person', 'associate', 'note'] as const;
export const crmWriteStepSchema = z.enum(CRM_WRITE_STEPS);
export type CrmWriteStep = z.infer<typeof crmWriteStepSchema>;

/** What each step of a write established (each recorded as soon as the CRM confirmed it). */
export const crmWriteProgressSchema = z.object({
  companyId: z.string().optional(),
  companyCreated: z.boolean().optional(),
  personId: z.string().optional(),
  personKind: crmRecordKindSchema.optional(),
  /** The person was created by this write. */
  personCreated: z.boolean().optional(),
  /**
   * How a create ended on an existing record: the CRM said it was a duplicate (HubSpot 409, Salesforce duplicate
   * rule, Pipedrive's search before creating), or a create whose answer was lost turned out to have been applied.
   */
  reconciled: z.enum(['duplicate', 'lost-answer']).optional(),
  diffs: z.array(crmFieldDiffSchema).optional(),
  written: z.array(crmFieldSchema).optional(),
  conflicts: z.array(crmFieldSchema).optional(),
  associated: z.boolean().optional(),
  noteId: z.string().optional(),
  url: z.string().optional(),
  /**
   * A step whose request left and whose answer is not in yet. Found here after a restart, it means the CRM may have
   * applied it: before sending it again, Sidecar looks for what it would have made.
   */
  inFlight: z.object({ step: crmWriteStepSchema, at: z.number() }).optional(),
});
export type CrmWriteProgress = z.infer<typeof crmWriteProgressSchema>;

/** A record the user may mean (Pipedrive: "search first, then confirm"). */
export const crmCandidateSchema = z.object({
  id: z.string(),
  kind: crmRecordKindSchema,
  name: z.string().optional(),
  emails: z.array(z.string()),
  company: z.string().optional(),
  url: z.string().optional(),
});
export type CrmCandidate = z.infer<typeof crmCandidateSchema>;

/** One write as the outbox shows it. */
export const crmWriteViewSchema = z.object({
  id: crmWriteIdSchema,
  crm: crmNameSchema,
  /** Who it is about, for lists ("Vera Lind"). */
  label: z.string(),
  action: z.enum(['create', 'update']),
  state: crmWriteStateSchema,
  /** Being sent right now. */
  sending: z.boolean().default(false),
  attempts: z.number().int().min(0),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** When a pending write is sent again (after a rate limit or an outage). */
  nextAttemptAt: z.number().optional(),
  progress: crmWriteProgressSchema,
  error: sidecarErrorSchema.optional(),
  candidates: z.array(crmCandidateSchema).optional(),
  jobId: z.string().optional(),
});
export type CrmWriteView = z.infer<typeof crmWriteViewSchema>;

/** The fields Sidecar can fill on a CRM record from a provider, in the order the panel lists them. */
export const FILLABLE_FIELDS = ['email', 'phone', 'mobilePhone', 'title', 'linkedinUrl'] as const satisfies readonly CrmField[];

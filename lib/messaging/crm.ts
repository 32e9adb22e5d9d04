/**
 * The message contract of the CRM feature: connecting a CRM (checked with a free call; the credential never comes
 * back), "in your CRM" for the people and companies the panel shows, the diff before a save, saves through the
 * outbox (each write's id made by the page, so a message sent again joins its write), the outbox itself, and the one
 * paid message here: revealing what a CRM record lacks, priced and confirmed like every reveal. Part of `pageProtocol`.
 */
import { z } from 'zod';
import { revealedDataSchema, revealFieldSchema } from '../domain/contact';
import {
  crmCompanyQuerySchema,
  crmConnectionSchema,
  crmFieldDiffSchema,
  crmMatchSchema,
  crmNameSchema,
  crmPersonInputSchema,
  crmPersonQuerySchema,
  crmRecordSchema,
} from '../domain/crm';
import { crmSaveRequestSchema, crmWriteIdSchema, crmWriteViewSchema } from '../domain/crm-save';
import { sidecarErrorSchema } from '../domain/errors';
import { contactEntitySchema } from '../domain/page-context';

const intentId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const recordId = z.string().min(1).max(64);

export const crmStatusSchema = z.object({
  connected: z.boolean(),
  crm: crmNameSchema.optional(),
  connection: crmConnectionSchema.optional(),
  /** The last characters of the token (or Salesforce consumer key), to recognise it. */
  hint: z.string().optional(),
  savedAt: z.number().optional(),
  /** The CRM refused the credential since it was saved (revoked, expired): reconnect. */
  authError: sidecarErrorSchema.optional(),
  outbox: z.object({ pending: z.number(), review: z.number(), failed: z.number(), applied: z.number() }),
});
export type CrmStatus = z.infer<typeof crmStatusSchema>;

export const crmConnectInputSchema = z.discriminatedUnion('crm', [
  z.object({ crm: z.literal('hubspot'), token: z.string().max(500) }),
  z.object({ crm: z.literal('pipedrive'), token: z.string().max(200), companyDomain: z.string().max(200) }),
  z.object({
    crm: z.literal('salesforce'),
    clientId: z.string().max(300),
    loginHost: z.enum(['production', 'sandbox', 'my-domain']),
    myDomain: z.string().max(200).optional(),
  }),
]);
export type CrmConnectInput = z.infer<typeof crmConnectInputSchema>;

export const crmFindOutputSchema = z.object({ people: z.array(crmMatchSchema), companies: z.array(crmMatchSchema) });
export type CrmFindOutput = z.infer<typeof crmFindOutputSchema>;

export const crmPreviewSchema = z.object({
  /** `update`: the CRM holds this person (the record given, or a definite match); `create`: it does not. */
  mode: z.enum(['create', 'update']),
  record: crmRecordSchema.optional(),
  diffs: z.array(crmFieldDiffSchema),
  /** Records the CRM may hold for this person (a namesake is `possible`). */
  candidates: z.array(crmMatchSchema),
});
export type CrmPreview = z.infer<typeof crmPreviewSchema>;

export const crmProtocol = {
  getCrmStatus: { input: z.object({}).strict(), output: crmStatusSchema },
  connectCrm: { input: crmConnectInputSchema, output: crmStatusSchema },
  /** Forgets the connection; writes that have not gone stay for the same account unless `dropWaiting`. */
  disconnectCrm: { input: z.object({ dropWaiting: z.boolean().default(false) }), output: crmStatusSchema },
  /** Free: which CRM records are these people and companies (cached briefly unless `fresh`). */
  findInCrm: {
    input: z.object({ people: z.array(crmPersonQuerySchema).max(100), companies: z.array(crmCompanyQuerySchema).max(100), fresh: z.boolean().optional() }),
    output: crmFindOutputSchema,
  },
  /** Free: one person of the CRM by id (a CRM record page); `pageUrl` checks the page is the connected account's. */
  getCrmRecord: { input: z.object({ id: recordId, pageUrl: z.string().max(2000).optional() }), output: crmRecordSchema },
  /** Free, read only: what saving this person would do (the diff against a record, or the records it may be). */
  previewCrmSave: { input: z.object({ person: crmPersonInputSchema, recordId: recordId.optional() }), output: crmPreviewSchema },
  /** Stores the writes in the outbox and sends them; with `wait`, answers once each one's first attempt ended. */
  saveToCrm: {
    input: z.object({ writes: z.array(z.object({ id: crmWriteIdSchema, request: crmSaveRequestSchema, label: z.string().max(200) })).min(1).max(100), wait: z.boolean().default(true) }),
    output: z.array(crmWriteViewSchema),
  },
  /** "Save N to <CRM>" on a list: each person from what Sidecar holds about them (no request, no credit), one job. */
  saveListToCrm: { input: z.object({ jobId: crmWriteIdSchema, people: z.array(contactEntitySchema).min(1).max(100) }), output: z.array(crmWriteViewSchema) },
  getCrmOutbox: { input: z.object({ jobId: crmWriteIdSchema.optional() }), output: z.array(crmWriteViewSchema) },
  /** Send a write again (with the user's choice for a review), or drop it. */
  actOnCrmWrite: {
    input: z.object({
      id: crmWriteIdSchema,
      action: z.enum(['retry', 'drop']),
      createAnyway: z.boolean().optional(),
      updateRecordId: recordId.optional(),
      allowDuplicate: z.boolean().optional(),
    }),
    output: crmWriteViewSchema.optional(),
  },
  /** Paid: reveals the fields a CRM record lacks, as one click (one confirmation of the total). */
  revealForCrm: {
    input: z.object({ contactId: z.string().min(1).max(200), fields: z.array(revealFieldSchema).min(1).max(2), confirmedCredits: z.number().min(0).optional(), intentId: intentId.optional() }),
    output: revealedDataSchema,
  },
} as const;

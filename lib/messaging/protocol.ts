/**
 * THE message contract between content scripts, extension pages and the background. Every message and every
 * response is parsed with these schemas on both sides (validated at the receiver, checked again at the caller).
 */
import { z } from 'zod';
import { companyEntitySchema, contactEntitySchema, lookupSchema, pageContextSchema } from '../domain/page-context';
import { contactLookupResultSchema, contactPreviewSchema, revealFieldSchema, revealedDataSchema } from '../domain/contact';
import { accountUsageSchema, ledgerEntrySchema, rateWindowSchema } from '../domain/credits';
import { sidecarErrorSchema } from '../domain/errors';
import { settingsPatchSchema, settingsSchema } from '../domain/settings';
import { policyViewSchema } from '../domain/policy';
import { tabStateSchema } from '../domain/tab-state';
import { crmProtocol } from './crm';
import { insightsProtocol } from './insights';
import { watchProtocol } from './watch';
import { researchRecordSchema, watchEventSchema, watchItemSchema } from '../domain/watch';

export const providerSchema = z.enum(['lusha', 'saber']);
export type ProviderName = z.infer<typeof providerSchema>;

export { settingsSchema, settingsPatchSchema, type Settings, type SettingsPatch } from '../domain/settings';

/** The id of one paid click, made by the page that shows the price: asking again with it joins that click. */
export const intentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export { tabStateSchema, type TabState } from '../domain/tab-state';

export const contactViewSchema = z.object({
  /** Stable key of the lookup that produced this view. */
  key: z.string(),
  result: contactLookupResultSchema,
  revealed: revealedDataSchema.optional(),
  /** Served from Sidecar's store without a request. */
  fromCache: z.boolean(),
  /** What this lookup's search was charged (absent when served from the store). */
  charged: z.number().min(0).optional(),
});
export type ContactView = z.infer<typeof contactViewSchema>;

export const keyStatusSchema = z.object({
  configured: z.boolean(),
  /** Last four characters, for recognising which key is stored. */
  hint: z.string().optional(),
  savedAt: z.number().optional(),
  /** Set by the organisation's policy: used, never shown (no hint), not removable here. */
  managed: z.boolean().optional(),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const creditsViewSchema = z.object({
  lusha: z.object({
    key: keyStatusSchema,
    usage: accountUsageSchema.optional(),
    error: sidecarErrorSchema.optional(),
    /**
     * Lusha's own count against Sidecar's ledger since the key was saved; `gap`: credits Lusha counted that no spend of
     * Sidecar explains (another user of the same account).
     */
    reconciliation: z.object({ providerUsed: z.number(), sidecarSpent: z.number(), since: z.number(), gap: z.number().default(0) }).optional(),
  }),
  saber: z.object({
    key: keyStatusSchema,
    remaining: z.number().optional(),
    error: sidecarErrorSchema.optional(),
    /** Saber's write and read windows, as its last answers of each kind reported them. */
    rateWindows: z
      .object({
        read: rateWindowSchema.extend({ seenAt: z.number() }).optional(),
        write: rateWindowSchema.extend({ seenAt: z.number() }).optional(),
      })
      .optional(),
  }),
  spentToday: z.number(),
  spentTodayByAction: z.record(z.string(), z.number()),
  /** Saber credits Sidecar's questions used today (Saber's own pool: not in `spentToday` or the cap). */
  saberSpentToday: z.number().default(0),
  /** The last seven local days, oldest first. */
  spentByDay: z.array(z.object({ day: z.number(), credits: z.number() })).default([]),
  dailyCreditCap: z.number(),
  /** Lusha credits held by paid calls still open (counted against the cap until they settle). */
  heldToday: z.number().default(0),
});
export type CreditsView = z.infer<typeof creditsViewSchema>;

const empty = z.object({}).strict();

/** Messages extension pages may send. */
export const pageProtocol = {
  getTabState: { input: z.object({ tabId: z.number().int() }), output: tabStateSchema },
  /**
   * The preview of one person: from the store, else a search (paid: priced from the account). `auto` is the lookup a
   * page opening makes (allowed by the "look up automatically" setting); `click` is the user's "Look up" button.
   */
  lookupContact: {
    input: z.object({
      lookup: lookupSchema,
      entity: contactEntitySchema.optional(),
      origin: z.enum(['auto', 'click']).default('auto'),
      intentId: intentIdSchema.optional(),
      confirmedCredits: z.number().min(0).optional(),
    }),
    output: contactViewSchema,
  },
  /** Everyone on a list page in one message (so one batched search): each item found, or its own error. */
  lookupContacts: {
    input: z.object({ lookups: z.array(lookupSchema).min(1).max(100), origin: z.enum(['auto', 'click']).default('auto'), confirmedCredits: z.number().min(0).optional() }),
    output: z.array(
      z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), view: contactViewSchema }), z.object({ ok: z.literal(false), error: sidecarErrorSchema })]),
    ),
  },
  revealContact: {
    input: z.object({
      contactId: z.string().min(1).max(200),
      field: revealFieldSchema,
      /** The credits the user agreed to spend; required when the reveal needs confirmation. */
      confirmedCredits: z.number().min(0).optional(),
      intentId: intentIdSchema.optional(),
    }),
    output: revealedDataSchema,
  },
  /** What became of one paid click (a lost answer being found out, say). */
  getIntent: {
    input: z.object({ intentId: intentIdSchema }),
    output: z.object({
      state: z.enum(['unknown', 'reserved', 'sent', 'uncertain', 'settled']),
      outcome: z.enum(['charged', 'refused', 'failed', 'cancelled']).optional(),
      charged: z.number().min(0).optional(),
      mayHaveCharged: z.number().min(0).optional(),
      error: sidecarErrorSchema.optional(),
    }),
  },
  getCredits: { input: z.object({ refresh: z.boolean().optional() }), output: creditsViewSchema },
  getSettings: { input: empty, output: settingsSchema },
  /** Changes only the settings given; every other keeps its value. */
  saveSettings: { input: settingsPatchSchema, output: settingsSchema },
  getKeyStatus: {
    input: empty,
    output: z.object({
      lusha: keyStatusSchema,
      saber: keyStatusSchema,
      /** What one automatic lookup (a Lusha search of one person) costs at most, from the account's pricing. */
      lookupCredits: z.number().min(0).optional(),
    }),
  },
  saveApiKey: {
    input: z.object({ provider: providerSchema, key: z.string().max(500) }),
    output: z.object({
      key: keyStatusSchema,
      usage: accountUsageSchema.optional(),
      saberCredits: z.number().optional(),
      lookupCredits: z.number().min(0).optional(),
    }),
  },
  removeApiKey: { input: z.object({ provider: providerSchema }), output: keyStatusSchema },
  /** Recently viewed and revealed people, most recent first, optionally filtered. */
  getHistory: {
    input: z.object({ query: z.string().max(200).optional() }),
    output: z.array(
      z.object({
        /** A person's id, or `company:<id>` for a company. */
        contactId: z.string(),
        kind: z.enum(['contact', 'company']).default('contact'),
        lookupKey: z.string(),
        fullName: z.string().optional(),
        title: z.string().optional(),
        companyName: z.string().optional(),
        linkedinUrl: z.string().optional(),
        viewedAt: z.number(),
        revealedAt: z.number().optional(),
      }),
    ),
  },
  /** The user typed who to look up in the panel (email, LinkedIn URL, "First Last at Company", domain). */
  requestLookup: {
    input: z.object({ tabId: z.number().int(), text: z.string().max(500) }),
    output: z.object({ recognised: z.boolean() }),
  },
  /** The user chose a company on a list page: the panel shows it (back to the list with `clearRequest`). */
  requestCompany: {
    input: z.object({ tabId: z.number().int(), company: companyEntitySchema }),
    output: z.object({ recognised: z.boolean() }),
  },
  /** Back to what the page shows, forgetting the selection, link or typed lookup. */
  clearRequest: { input: z.object({ tabId: z.number().int() }), output: z.object({ ok: z.literal(true) }) },
  /** Everything Sidecar holds, for the user to keep: revealed contacts and the credit ledger. */
  exportData: {
    input: empty,
    output: z.object({
      exportedAt: z.number(),
      /** The organisation's label for this machine (policy), so an admin can add up every rep's ledger. */
      machineLabel: z.string().optional(),
      revealed: z.array(revealedDataSchema.extend({ preview: contactPreviewSchema.optional() })),
      ledger: z.array(ledgerEntrySchema),
      /** What is watched, what the checks found, and Saber research briefs. */
      watchlist: z.array(watchItemSchema).default([]),
      watchEvents: z.array(watchEventSchema).default([]),
      research: z.array(researchRecordSchema).default([]),
    }),
  },
  /** The credit ledger alone, named by the machine's label: always allowed (it names no one). */
  exportLedger: {
    input: empty,
    output: z.object({
      exportedAt: z.number(),
      machineLabel: z.string().optional(),
      totals: z.object({ lusha: z.number(), saber: z.number() }),
      ledger: z.array(ledgerEntrySchema),
    }),
  },
  /** What the organisation's policy sets (never a key): locked settings, features, whether keys are managed. */
  getPolicy: { input: empty, output: policyViewSchema },
  /** Erases what Sidecar holds about one person, or everything (keys and settings stay). */
  eraseData: {
    input: z.union([z.object({ contactId: z.string().min(1).max(200) }), z.object({ everything: z.literal(true) })]),
    output: z.object({ ok: z.literal(true) }),
  },
  /** The user acted on a paused provider (more credits, plan changed): check and send what waited. */
  resumeProvider: { input: z.object({ provider: providerSchema }), output: z.object({ ok: z.literal(true) }) },
  ...insightsProtocol,
  ...watchProtocol,
  ...crmProtocol,
} as const;

/** Messages content scripts may send: they only report what they see. */
export const contentProtocol = {
  reportPageContext: { input: z.object({ context: pageContextSchema }), output: z.object({ ok: z.literal(true) }) },
} as const;

export const protocol = { ...pageProtocol, ...contentProtocol } as const;
export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type PageMessageType = keyof typeof pageProtocol;
export type ContentMessageType = keyof typeof contentProtocol;
export type Input<K extends MessageType> = z.input<Protocol[K]['input']>;
export type Output<K extends MessageType> = z.output<Protocol[K]['output']>;

export const requestEnvelopeSchema = z.object({
  sidecar: z.literal(1),
  type: z.string().max(64),
  data: z.unknown(),
});

export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: sidecarErrorSchema }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

/** Broadcasts from the background to open extension pages. */
export const broadcastSchema = z.object({
  sidecarBroadcast: z.literal(1),
  event: z.enum(['tabStateChanged', 'dataChanged', 'creditsChanged', 'keysChanged', 'policyChanged', 'crmChanged']),
  tabId: z.number().int().optional(),
  /** With `tabStateChanged`: the tab's new state, so a panel shows it without asking for it. */
  state: tabStateSchema.optional(),
});
export type Broadcast = z.infer<typeof broadcastSchema>;

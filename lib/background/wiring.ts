/**
 * The background, assembled: the provider clients for the stored keys, the one engine with every paid operation and
 * its rate-limit lanes, and the services by feature that the message handlers call. The path of a lookup:
 * page (content script) → handlers → contacts service → engine (reserve, batch, send, settle) → Lusha → store → panel.
 */
import { createEngine } from '../engine';
import type { EngineEvent, Timers } from '../engine/engine';
import { SlidingWindowLimiter, TokenBucket } from '../engine/limits';
import type { Intent } from '../engine/types';
import type { LushaV3Client } from '../providers/lusha';
import type { SaberClient } from '../providers/saber';
import { spentToday, saberSpentToday } from '../store/ledger';
import { getApiKey } from '../store/secrets';
import { getSettings } from '../store/settings';
import { readManagedPolicy } from '../store/managed-policy';
import { lockedSettings } from '../domain/policy';
import { SidecarError } from '../domain/errors';
import { createBulkService } from './bulk/bulk-reveal';
import { createCompaniesService } from './companies/companies';
import { createCompanyEnrichOperation, createCompanySearchOperation } from './companies/operations';
import { createContactsService } from './contacts/contacts';
import type { CrmDeps } from './crm/clients';
import { createCrmService } from './crm/crm';
import { createCrmLimits, type CRM_LIMITS } from './crm/limits';
import { createContactRevealOperation, createContactSearchOperation } from './contacts/operations';
import { createCreditsService } from './credits/credits';
import { createLushaInvestigator } from './credits/reconcile';
import { createKeysService } from './keys/keys';
import { LUSHA_LANE, LUSHA_USAGE_LANE, type LushaOperationDeps } from './lusha-calls';
import { createPeopleService } from './people/people';
import { createBuyingGroupOperation, createByTitleOperation } from './people/operations';
import { createQuestionOperation, createSaberInvestigator, SABER_READ_LANE, SABER_WRITE_LANE } from './saber/operations';
import { createFindEmailOperation, createResearchOperation } from './saber/contact-operations';
import { createResearchService } from './saber/research';
import { createEmailWaterfall } from './contacts/email-waterfall';
import { createWatchService, type WatchDeps } from './watch/watch';
import { watchSpentToday } from '../store/watch';
import { createSaberRateRecorder } from './saber/rate-windows';
import { createSaberService } from './saber/saber';
import { createSignalsOperation } from './signals/operations';
import { createSignalsService } from './signals/signals';

/** Saber's documented limits per key: writes 2,000/min with bursts of 400; reads 100,000/min with bursts of 10,000. */
export const SABER_LIMITS = {
  write: { capacity: 400, refill: 2000, perMs: 60_000 },
  read: { capacity: 10_000, refill: 100_000, perMs: 60_000 },
} as const;

export interface BackgroundDeps {
  createLushaClient(apiKey: string): LushaV3Client;
  createSaberClient(apiKey: string): SaberClient;
  now?: () => number;
  isOnline?: () => boolean;
  timers?: Timers;
  random?: () => number;
  batchWindowMs?: number;
  /** Lusha's data endpoints (default 25 requests a second). */
  lushaRateLimit?: { limit: number; windowMs: number };
  onChange?(event: EngineEvent): void;
  onOpenCount?(open: number): void;
  /** The watchlist found new events, or its unread count changed (notifications and the badge). */
  onWatchEvents?: WatchDeps['onEvents'];
  onWatchUnread?: WatchDeps['onUnread'];
  /** Where CRM requests go and how Salesforce signs in (the entrypoint's; tests point them at the stand-ins). */
  crm?: CrmDeps;
  /** The CRMs' limits, when a test or the benchmark needs other ones. */
  crmLimits?: Partial<Record<keyof typeof CRM_LIMITS, { limit: number; windowMs: number }>>;
  /** A CRM write changed state. */
  onCrmChange?(): void;
  /** When the next waiting CRM write is due (the entrypoint keeps an alarm), or undefined. */
  onCrmWakeAt?(at: number | undefined): void;
}

export function createBackground(deps: BackgroundDeps) {
  const now = deps.now ?? Date.now;
  // Every Saber client notes the rate windows its answers report (the popup shows them beside Lusha's).
  const saberRates = createSaberRateRecorder(now);
  const createSaberClient = (apiKey: string) => saberRates.wrap(deps.createSaberClient(apiKey));

  /** The Lusha client for the stored key, kept while the key stays the same. */
  let lusha: { key: string; client: LushaV3Client } | undefined;
  async function lushaClient(): Promise<LushaV3Client> {
    const secret = await getApiKey('lusha');
    if (!secret) throw new SidecarError({ kind: 'missing-key', message: 'Add your Lusha API key in Sidecar’s options to look people up.' });
    if (lusha?.key !== secret.key) lusha = { key: secret.key, client: deps.createLushaClient(secret.key) };
    return lusha.client;
  }

  // The engine and what finds out about lost answers need each other: the investigator reads usage through the engine.
  const investigator = { investigate: async (_intents: Intent[]) => new Map() as Awaited<ReturnType<ReturnType<typeof createLushaInvestigator>>> };
  const lushaDeps: LushaOperationDeps = { client: lushaClient, investigate: (intents) => investigator.investigate(intents), now };
  const saberBase = {
    client: () => saber.client(),
    balance: (client: SaberClient) => saber.balance(client),
    read: <T>(call: () => Promise<T>) => engine.freeCall(SABER_READ_LANE, call),
    now,
  };
  // One investigator for every Saber operation: their calls share the balance's spans.
  const saberDeps = { ...saberBase, investigate: createSaberInvestigator(saberBase) };

  // A tenth longer than Lusha's second: requests arrive later than they leave (unevenly), and the 26th must not arrive
  // inside the same second as the first (a 429 is free, but it is a wasted round trip and a mark against the key).
  const lushaRate = deps.lushaRateLimit ?? { limit: 25, windowMs: 1100 };
  const crmLimits = createCrmLimits(deps.crmLimits);
  const engine = createEngine({
    operations: [
      createContactSearchOperation(lushaDeps),
      createContactRevealOperation(lushaDeps),
      createCompanySearchOperation(lushaDeps),
      createCompanyEnrichOperation(lushaDeps),
      createSignalsOperation(lushaDeps),
      createBuyingGroupOperation(lushaDeps),
      createByTitleOperation(lushaDeps),
      createQuestionOperation(saberDeps),
      createResearchOperation(saberDeps),
      createFindEmailOperation(saberDeps),
    ],
    lanes: {
      [LUSHA_LANE]: { limiter: new SlidingWindowLimiter(lushaRate), maxInFlight: 25, persistSendTimes: true, windowMs: lushaRate.windowMs },
      [LUSHA_USAGE_LANE]: { limiter: new SlidingWindowLimiter({ limit: 5, windowMs: 60_000 }) },
      [SABER_WRITE_LANE]: { limiter: new TokenBucket(SABER_LIMITS.write), maxInFlight: 1 },
      [SABER_READ_LANE]: { limiter: new TokenBucket(SABER_LIMITS.read) },
      ...crmLimits.lanes,
    },
    budget: {
      settings: getSettings,
      spentToday: async (provider, at) => (provider === 'lusha' ? (await spentToday(at)).total : saberSpentToday(at)),
      capSetByOrganisation: async () => lockedSettings((await readManagedPolicy()).policy).includes('dailyCreditCap'),
      spentTodayBy: (_origin, at) => watchSpentToday(at),
    },
    now,
    isOnline: deps.isOnline,
    timers: deps.timers,
    random: deps.random,
    batchWindowMs: deps.batchWindowMs,
    onChange: deps.onChange,
    onOpenCount: deps.onOpenCount,
  });

  const credits = createCreditsService({ engine, createClient: deps.createLushaClient, now });
  investigator.investigate = createLushaInvestigator({ readUsage: () => credits.readUsageWithStoredKey(), now });
  const saber = createSaberService({ engine, createClient: createSaberClient, now });
  const services = { engine, now };
  const contacts = createContactsService(services);
  return {
    engine,
    credits,
    saber,
    contacts,
    research: createResearchService({ engine, saber, now }),
    waterfall: createEmailWaterfall({ engine, contacts }),
    watchlist: createWatchService({ engine, saber, now, onEvents: deps.onWatchEvents, onUnread: deps.onWatchUnread }),
    crm: createCrmService({ engine, contacts, limits: crmLimits, crm: deps.crm ?? {}, now, onChange: deps.onCrmChange, onWakeAt: deps.onCrmWakeAt }),
    bulk: createBulkService(services),
    companies: createCompaniesService(services),
    signals: createSignalsService(services),
    people: createPeopleService(services),
    keys: createKeysService({ engine, credits, saber, createLushaClient: deps.createLushaClient, createSaberClient, now }),
    saberRateWindows: saberRates.windows,
  };
}

export type Background = ReturnType<typeof createBackground>;

/**
 * Small durable state of the background: settings (storage.local), per-tab page state (storage.session, so a
 * restarted service worker still knows what each tab shows), and the last account usage we fetched.
 */
import { storage } from '#imports';
import { accountUsageSchema, type AccountUsage } from '../domain/credits';
import { settingsSchema, tabStateSchema, type Settings, type TabState } from '../messaging/protocol';

const settingsItem = storage.defineItem<Settings>('local:settings');
const usageItem = storage.defineItem<AccountUsage>('local:lushaUsage');

/** Lusha's own `credits.used` when the key was saved: the start line for reconciling our ledger with Lusha's count. */
export interface UsageBaseline {
  used: number;
  at: number;
}
const baselineItem = storage.defineItem<UsageBaseline>('local:lushaBaseline');

export async function getUsageBaseline(): Promise<UsageBaseline | undefined> {
  const value = await baselineItem.getValue();
  return value && typeof value.used === 'number' && typeof value.at === 'number' ? value : undefined;
}

export async function setUsageBaseline(baseline: UsageBaseline | null): Promise<void> {
  if (baseline) await baselineItem.setValue(baseline);
  else await baselineItem.removeValue();
}

export async function getSettings(): Promise<Settings> {
  const parsed = settingsSchema.safeParse((await settingsItem.getValue()) ?? {});
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = settingsSchema.parse({ ...(await getSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

function tabKey(tabId: number): `session:tab:${number}` {
  return `session:tab:${tabId}`;
}

export async function getTabState(tabId: number): Promise<TabState> {
  const parsed = tabStateSchema.safeParse(await storage.getItem(tabKey(tabId)));
  return parsed.success ? parsed.data : { tabId, updatedAt: 0 };
}

export async function updateTabState(tabId: number, patch: Partial<Omit<TabState, 'tabId'>>, now = Date.now()): Promise<TabState> {
  const next = tabStateSchema.parse({ ...(await getTabState(tabId)), ...patch, tabId, updatedAt: now });
  await storage.setItem(tabKey(tabId), next);
  return next;
}

export async function removeTabState(tabId: number): Promise<void> {
  await storage.removeItem(tabKey(tabId));
}

export async function getCachedUsage(): Promise<AccountUsage | undefined> {
  const parsed = accountUsageSchema.safeParse(await usageItem.getValue());
  return parsed.success ? parsed.data : undefined;
}

export async function setCachedUsage(usage: AccountUsage | null): Promise<void> {
  if (usage) await usageItem.setValue(usage);
  else await usageItem.removeValue();
}

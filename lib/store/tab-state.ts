/**
 * What each tab shows, in `storage.session` (kept while the browser runs, so a restarted service worker still knows;
 * by default out of content scripts' reach). One versioned entry per tab, defined here once.
 */
import { storage } from '#imports';
import { z } from 'zod';
import { tabStateSchema, type TabState } from '../domain/tab-state';

const storedTabStateSchema = z.object({ v: z.literal(1), state: tabStateSchema });

function tabKey(tabId: number): `session:tab:${number}` {
  return `session:tab:${tabId}`;
}

/** The tab's state; a missing, corrupt or older entry reads as "nothing known yet". */
export async function getTabState(tabId: number): Promise<TabState> {
  const parsed = storedTabStateSchema.safeParse(await storage.getItem(tabKey(tabId)));
  return parsed.success ? parsed.data.state : { tabId, updatedAt: 0 };
}

/** `previous` with `patch` applied, checked: what the tab shows next. */
export function nextTabState(previous: TabState, patch: Partial<Omit<TabState, 'tabId'>>, now = Date.now()): TabState {
  return tabStateSchema.parse({ ...previous, ...patch, tabId: previous.tabId, updatedAt: now });
}

/** Keeps a state made by `nextTabState`. */
export async function saveTabState(state: TabState): Promise<void> {
  await storage.setItem(tabKey(state.tabId), { v: 1, state });
}

export async function updateTabState(tabId: number, patch: Partial<Omit<TabState, 'tabId'>>, now = Date.now()): Promise<TabState> {
  const state = nextTabState(await getTabState(tabId), patch, now);
  await saveTabState(state);
  return state;
}

export async function removeTabState(tabId: number): Promise<void> {
  await storage.removeItem(tabKey(tabId));
}

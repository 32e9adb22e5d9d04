/**
 * What the watchlist tells the user outside the panel: system notifications for new events (one per watched subject,
 * up to three, then one for the rest), the toolbar badge with the unread count, and what a click on a notification
 * opens: the panel on that person or company (or on What's new for the rest).
 */
import { browser } from '#imports';
import { openSidePanel, toolbarAction } from '../../compat';
import type { WatchEvent, WatchItem } from '../../domain/watch';
import { updateTabState } from '../../store/tab-state';
import { getWatch } from '../../store/watch';

export const NOTIFICATION_PREFIX = 'sidecar-watch|';
const WHATS_NEW = 'whats-new';
/** Subjects that get a notification of their own; the rest share one. */
const MAX_SUBJECT_NOTIFICATIONS = 3;
const BADGE_COLOR = '#d9480f';

type Notifications = typeof browser.notifications;

function notifications(): Notifications | undefined {
  return (browser as { notifications?: Notifications }).notifications;
}

/** The toolbar badge (for every tab without its own count) says how many watch events are unread. */
export function showUnreadCount(unread: number): void {
  const action = toolbarAction();
  if (!action) return;
  Promise.resolve()
    .then(() => action.setBadgeText({ text: unread > 0 ? String(Math.min(unread, 999)) : '' }))
    .then(() => action.setBadgeBackgroundColor({ color: BADGE_COLOR }))
    .catch(() => undefined);
}

/** One notification per subject with new events (up to three), one for the rest; then the badge. */
export async function notifyEvents(events: WatchEvent[], unread: number): Promise<string[]> {
  showUnreadCount(unread);
  const api = notifications();
  if (!api || events.length === 0) return [];
  const bySubject = new Map<string, WatchEvent[]>();
  for (const event of events) bySubject.set(event.watchKey, [...(bySubject.get(event.watchKey) ?? []), event]);
  const groups = [...bySubject.entries()];
  const created: string[] = [];
  const icon = browser.runtime.getURL('/icon/128.png');
  const stamp = Date.now().toString(36);
  for (const [key, group] of groups.slice(0, MAX_SUBJECT_NOTIFICATIONS)) {
    const first = group[0]!;
    const title = `${first.subject}: ${group.length === 1 ? first.title : `${group.length} new signals`}`;
    const id = `${NOTIFICATION_PREFIX}${key}|${stamp}`;
    const message = group.length === 1 ? (first.detail ?? 'New on your watchlist.') : group.map((event) => event.title).slice(0, 4).join(' · ');
    await Promise.resolve(
      api.create(id, { type: 'basic', iconUrl: icon, title: title.slice(0, 120), message: message.slice(0, 300), contextMessage: 'Sidecar watchlist', priority: 0 }),
    ).catch(() => undefined);
    created.push(id);
  }
  const rest = groups.slice(MAX_SUBJECT_NOTIFICATIONS);
  if (rest.length > 0) {
    const count = rest.reduce((sum, [, group]) => sum + group.length, 0);
    const id = `${NOTIFICATION_PREFIX}${WHATS_NEW}|${stamp}`;
    const names = rest.map(([, group]) => group[0]!.subject).slice(0, 4).join(', ');
    await Promise.resolve(
      api.create(id, { type: 'basic', iconUrl: icon, title: `${count} more new on your watchlist`, message: `${names}${rest.length > 4 ? '…' : ''}`, contextMessage: 'Sidecar watchlist', priority: 0 }),
    ).catch(() => undefined);
    created.push(id);
  }
  return created;
}

/** What a notification id names: a watched subject's key, or What's new. */
export function subjectOfNotification(id: string): string | undefined {
  if (!id.startsWith(NOTIFICATION_PREFIX)) return undefined;
  const rest = id.slice(NOTIFICATION_PREFIX.length);
  return rest.slice(0, rest.lastIndexOf('|'));
}

/** The request that makes the panel show a watched person or company. */
function requestOf(item: WatchItem, at: number) {
  if (item.kind === 'company') {
    const lookup = item.domain ? ({ kind: 'domain', domain: item.domain } as const) : item.linkedinUrl ? ({ kind: 'linkedin-company', linkedinUrl: item.linkedinUrl } as const) : undefined;
    return lookup ? { lookup, source: 'list' as const, at, company: { type: 'company' as const, name: item.name, ...(item.domain ? { domain: item.domain } : {}), ...(item.linkedinUrl ? { linkedinUrl: item.linkedinUrl } : {}), confidence: 1 } } : undefined;
  }
  if (item.linkedinUrl) return { lookup: { kind: 'linkedin-profile' as const, linkedinUrl: item.linkedinUrl }, source: 'typed' as const, at };
  const [firstName, ...others] = item.name.split(/\s+/);
  if (!firstName || others.length === 0) return undefined;
  return { lookup: { kind: 'name' as const, firstName, lastName: others.join(' '), ...(item.companyName ? { companyName: item.companyName } : {}) }, source: 'typed' as const, at };
}

/** The window the user last focused, kept so a click can open the side panel before anything is awaited. */
let focusedWindowId: number | undefined;
export function rememberFocusedWindow(windowId: number): void {
  if (windowId >= 0) focusedWindowId = windowId;
}

/**
 * A click on a notification: the panel opens on that person or company (the active tab's panel shows what was
 * asked, as when the user types it), or, where the side panel cannot be opened from here, the panel opens as a tab
 * pinned to that tab. A What's new notification opens the panel on What's new.
 */
export function openFromNotification(id: string, onOpened?: (tabId: number) => void): Promise<void> {
  const key = subjectOfNotification(id);
  if (key === undefined) return Promise.resolve();
  // Called synchronously from the click, while it still counts as the user's gesture.
  const panel = focusedWindowId === undefined ? Promise.resolve(false) : openSidePanel({ windowId: focusedWindowId }).then(() => true);
  void Promise.resolve(notifications()?.clear(id)).catch(() => undefined);
  return (async () => {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    if (tab?.id === undefined) return;
    const item = key === WHATS_NEW ? undefined : await getWatch(key);
    const requested = item ? requestOf(item, Date.now()) : undefined;
    if (requested) await updateTabState(tab.id, { requested, unrecognizedSelection: undefined });
    onOpened?.(tab.id);
    const opened = await panel;
    if (!opened || key === WHATS_NEW) {
      const query = key === WHATS_NEW ? `?tabId=${tab.id}&view=whats-new` : `?tabId=${tab.id}`;
      await browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html${query}` as '/sidepanel.html') });
    }
  })().catch(() => undefined);
}

import { useCallback, useEffect, useState } from 'react';
import { creditWord } from '@/lib/domain/credits';
import type { SidecarErrorData } from '@/lib/domain/errors';
import type { WatchEvent, WatchItem } from '@/lib/domain/watch';
import { sendMessage } from '@/lib/messaging/client';
import type { WatchListView } from '@/lib/messaging/watch';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { errorData, newIntentId } from '@/lib/ui/paid-action';
import { ErrorNotice } from './error-notice';

function when(at: number): string {
  return new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The last check in one line, and why it stopped when it did. */
function LastCheck({ list }: { list: WatchListView }) {
  const last = list.lastCheck;
  if (!last) return <p className="muted small">Not checked yet: the first check runs within a day of watching, or press “Check now”.</p>;
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="last-check">
      <p className="muted small">
        Last check {when(last.at)}: {last.checked} of {last.total} checked · {creditWord(last.credits)} · {last.events} new
        {last.failed > 0 ? ` · ${last.failed} failed (asked again at the next check)` : ''}
        {last.pending > 0 ? ` · ${last.pending} still answering` : ''}
      </p>
      {last.stopped && (
        <div className={`notice ${last.stopped.kind === 'budget-exceeded' ? 'warn' : 'bad'}`} role="status" data-testid="check-stopped" data-stop-kind={last.stopped.kind}>
          <p>{last.stopped.message}</p>
        </div>
      )}
    </div>
  );
}

function EventRow({ event, onOpen }: { event: WatchEvent; onOpen(event: WatchEvent): void }) {
  return (
    <li className={`event ${event.read ? '' : 'unread'}`} data-testid="watch-event" data-read={event.read} data-kind={event.kind}>
      <button type="button" className="event-button" onClick={() => onOpen(event)}>
        <span className="row spread" style={{ gap: 6 }}>
          <strong>{event.subject}</strong>
          <span className="muted small">{when(event.at)}</span>
        </span>
        <span>
          {!event.read && <span className="chip yes" style={{ marginRight: 6 }}>New</span>}
          {event.title}
          {event.signal?.date ? <span className="muted small"> · {event.signal.date}</span> : null}
        </span>
        {event.detail && <span className="muted small">{event.detail}</span>}
      </button>
    </li>
  );
}

function WatchedRow({ item, onUnwatch }: { item: WatchItem; onUnwatch(item: WatchItem): void }) {
  return (
    <li className="row spread" data-testid="watched-item" data-key={item.key}>
      <span className="stack" style={{ gap: 0, minWidth: 0 }}>
        <span>
          {item.kind === 'company' ? '🏢 ' : '👤 '}
          {item.name}
        </span>
        <span className="muted small">
          {[item.kind === 'contact' ? item.companyName : item.domain, item.lastCheckedAt ? `checked ${when(item.lastCheckedAt)}` : 'not checked yet', item.pinned.length > 0 && `${item.pinned.length} pinned`]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </span>
      <button type="button" className="btn ghost small" onClick={() => onUnwatch(item)} aria-label={`Unwatch ${item.name}`}>
        Unwatch
      </button>
    </li>
  );
}

/**
 * What's new on the watchlist: events newest first (unread marked), the last check and the watch budget, "Check now"
 * with the most it can cost, and what is watched (each can be unwatched).
 */
export function WhatsNew({ onOpenSubject, onOpenOptions }: { onOpenSubject(item: WatchItem | undefined, event: WatchEvent): void; onOpenOptions(): void }) {
  const [list, setList] = useState<WatchListView>();
  const [events, setEvents] = useState<WatchEvent[]>();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<SidecarErrorData>();
  const load = useCallback(() => {
    void sendMessage('getWatchlist', {}).then(setList, (caught: unknown) => setError(errorData(caught)));
    void sendMessage('getWatchEvents', {}).then(setEvents, (caught: unknown) => setError(errorData(caught)));
  }, []);
  useEffect(load, [load]);
  useBroadcasts(
    useCallback(
      (message: { event: string }) => {
        if (message.event === 'dataChanged' || message.event === 'creditsChanged') load();
      },
      [load],
    ),
  );
  const checkNow = async () => {
    setChecking(true);
    setError(undefined);
    try {
      // The click's own id: sent again after a lost answer, it gets this check instead of paying for a second one.
      await sendMessage('checkWatchlist', { clickId: newIntentId() });
    } catch (caught) {
      setError(errorData(caught));
    } finally {
      setChecking(false);
      load();
    }
  };
  const open = (event: WatchEvent) => {
    void sendMessage('markWatchEventsRead', { ids: [event.id] }).then(load, () => undefined);
    onOpenSubject(list?.items.find((item) => item.key === event.watchKey), event);
  };
  const unread = events?.filter((event) => !event.read).length ?? 0;
  const left = list ? Math.max(0, list.budget - list.spentToday) : 0;
  return (
    <section className="card" aria-label="What's new" data-testid="whats-new">
      <div className="row spread">
        <h2>What’s new{unread > 0 ? ` · ${unread} unread` : ''}</h2>
        {unread > 0 && (
          <button type="button" className="btn ghost small" onClick={() => void sendMessage('markWatchEventsRead', {}).then(load, () => undefined)}>
            Mark all read
          </button>
        )}
      </div>
      {list && (
        <div className="stack" style={{ gap: 6 }}>
          <p className="small" data-testid="watch-budget">
            Watch budget: {list.spentToday} of {creditWord(list.budget)} spent today. A check of {list.items.length} watched {list.items.length === 1 ? 'item' : 'items'} costs at most{' '}
            {creditWord(list.maxCheckCredits)}
            {list.maxCheckCredits > left ? ' (more than is left today: the check stops at the budget, the rest waits)' : ''}.{' '}
            <button type="button" className="btn ghost small" onClick={onOpenOptions}>
              Change
            </button>
          </p>
          <LastCheck list={list} />
          {list.items.length > 0 && (
            <div>
              <button type="button" className="btn small" data-testid="check-now" disabled={checking} onClick={() => void checkNow()}>
                {checking ? 'Checking…' : `Check now · up to ${creditWord(Math.min(list.maxCheckCredits, left))}`}
              </button>
            </div>
          )}
        </div>
      )}
      {error && <ErrorNotice error={error} onOpenOptions={onOpenOptions} />}
      {events && events.length === 0 && (
        <p className="muted">
          {list && list.items.length === 0
            ? 'Nothing watched yet. Press “Watch” on a person or a company: Sidecar checks them daily and tells you when something changes.'
            : 'Nothing new yet. New job changes, promotions, hiring, head count, traffic, IT spend, news and pinned Saber answers appear here.'}
        </p>
      )}
      {events && events.length > 0 && (
        <ul className="events" aria-label="Events, newest first">
          {events.map((event) => (
            <EventRow key={event.id} event={event} onOpen={open} />
          ))}
        </ul>
      )}
      {list && list.items.length > 0 && (
        <details>
          <summary className="small">Watching {list.items.length}</summary>
          <ul className="stack" style={{ gap: 6, paddingLeft: 0, listStyle: 'none' }}>
            {list.items.map((item) => (
              <WatchedRow key={item.key} item={item} onUnwatch={(target) => void sendMessage('unwatch', { key: target.key }).then(load, () => undefined)} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** How many watch events are unread, kept in step with the background. */
export function useUnreadCount(): number {
  const [unread, setUnread] = useState(0);
  const load = useCallback(() => {
    void sendMessage('getWatchEvents', {}).then((events) => setUnread(events.filter((event) => !event.read).length), () => undefined);
  }, []);
  useEffect(load, [load]);
  useBroadcasts(
    useCallback(
      (message: { event: string }) => {
        if (message.event === 'dataChanged') load();
      },
      [load],
    ),
  );
  return unread;
}

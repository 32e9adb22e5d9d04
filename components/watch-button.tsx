import { useCallback, useState } from 'react';
import { sendMessage } from '@/lib/messaging/client';
import type { Input } from '@/lib/messaging/protocol';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { errorData } from '@/lib/ui/paid-action';
import { useLoad } from '@/lib/ui/use-load';
import type { SidecarErrorData } from '@/lib/domain/errors';

type WatchInput = Input<'watch'>['items'][number];

/** Whether an item is watched, kept in step with the background (another panel may watch or unwatch it). */
export function useWatched(key: string | undefined): { watched: boolean; refresh(): void } {
  const load = useLoad(key ?? '', readWatched, { enabled: key !== undefined });
  const { reload } = load;
  useBroadcasts(
    useCallback(
      (message: { event: string }) => {
        if (message.event === 'dataChanged') reload();
      },
      [reload],
    ),
  );
  return { watched: load.data ?? false, refresh: reload };
}

/** Whether the watchlist holds this key (reading it is free). */
async function readWatched(key: string): Promise<boolean> {
  const list = await sendMessage('getWatchlist', {});
  return list.items.some((item) => item.key === key);
}

/**
 * "Watch" on a person or a company: free to press (watching spends nothing until the daily check, from the watch
 * budget). Pressed again, it unwatches.
 */
export function WatchButton({ item }: { item: WatchInput }) {
  const key = `${item.kind}:${item.id}`;
  const { watched, refresh } = useWatched(key);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SidecarErrorData>();
  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (watched) await sendMessage('unwatch', { key });
      else await sendMessage('watch', { items: [item] });
      refresh();
    } catch (caught) {
      setError(errorData(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="row" style={{ gap: 6 }}>
      <button
        type="button"
        className={`btn small ${watched ? '' : 'ghost'}`}
        aria-pressed={watched}
        data-testid="watch-button"
        disabled={busy}
        title={watched ? 'Checked daily for what is new, within your watch budget. Press to stop watching.' : 'Be told when something changes: checked daily, within your watch budget.'}
        onClick={() => void toggle()}
      >
        {watched ? '★ Watching' : '☆ Watch'}
      </button>
      {error && (
        <span className="small" role="alert" style={{ color: 'var(--bad)' }}>
          {error.message}
        </span>
      )}
    </span>
  );
}

import { useId } from 'react';
import { creditWord } from '@/lib/domain/credits';
import { EMAIL_WATERFALLS, type EmailWaterfall, type Settings, type SettingsPatch } from '@/lib/domain/settings';
import { sendMessage } from '@/lib/messaging/client';
import { useLoad } from '@/lib/ui/use-load';
import { SettingInput } from './setting-input';

const WATERFALL_LABEL: Record<EmailWaterfall, string> = {
  lusha: 'Lusha only',
  'lusha-then-saber': 'Lusha, then Saber',
  'saber-then-lusha': 'Saber, then Lusha',
  saber: 'Saber only',
};

const readWatchlist = () => sendMessage('getWatchlist', {});

/** Options: the watch budget (with what a check of what is watched costs at most) and the email waterfall's order. */
export function WatchSettings({ settings, onChange }: { settings: Settings; onChange(patch: SettingsPatch): void }) {
  const orderId = useId();
  // What a check costs at most, read again when the budget changes (reading the watchlist is free).
  const list = useLoad(settings.watchBudget, readWatchlist).data;
  const count = list?.items.length ?? 0;
  return (
    <section className="card" aria-label="Watchlist and email finding">
      <h2>Watchlist and email finding</h2>
      <SettingInput name="watchBudget" label="Watch budget (credits a day)" value={settings.watchBudget} onChange={onChange} />
      <p className="muted small" data-testid="watch-budget-help">
        Sidecar checks what you watch once a day for job changes, promotions, head count, hiring, traffic, IT spend, news and pinned Saber questions,
        spending at most this many credits a day (Lusha and Saber credits together, inside your daily cap). A check that would pass it stops; the rest
        waits for the next day.{' '}
        {list &&
          (count === 0
            ? 'Nothing is watched yet.'
            : `You watch ${count}: a check of them costs at most ${creditWord(list.maxCheckCredits)} (usually far less: signals are charged only when found). ${list.spentToday} spent by watching today.`)}
      </p>
      <p className="muted small">
        Lusha can push signals to a server by webhook, but an extension has no server to receive them: Sidecar asks instead, once a day, within Lusha’s rate limits.
      </p>
      <label className="field" htmlFor={orderId}>
        Where to look for an email
        <select id={orderId} style={{ width: '100%' }} value={settings.emailWaterfall} onChange={(event) => onChange({ emailWaterfall: event.target.value as EmailWaterfall })}>
          {EMAIL_WATERFALLS.map((order) => (
            <option key={order} value={order}>
              {WATERFALL_LABEL[order]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">
        The next step is tried only when the one before found no verified email. Each step’s price is on the “Find email” button before you click. Saber
        needs your Saber key.
      </p>
    </section>
  );
}

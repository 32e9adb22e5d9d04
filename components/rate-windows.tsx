import type { AccountUsage, RateWindow } from '@/lib/domain/credits';

const number = new Intl.NumberFormat();
const WINDOWS = [
  ['minute', 'This minute'],
  ['hourly', 'This hour'],
  ['daily', 'Today'],
] as const;

/** Lusha's request windows for the account: how many requests are left in each, and when it resets. */
export function RateWindows({ rateLimits }: { rateLimits: AccountUsage['rateLimits'] }) {
  const rows = WINDOWS.flatMap(([key, label]) => {
    const window = rateLimits[key];
    return window?.limit !== undefined ? [{ key, label, window }] : [];
  });
  if (rows.length === 0) return null;
  return (
    <dl className="facts small" data-testid="rate-windows">
      {rows.map(({ key, label, window }) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>
            {number.format(window.remaining ?? Math.max(0, (window.limit ?? 0) - (window.used ?? 0)))} of {number.format(window.limit ?? 0)} requests left
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Saber's write and read buckets, as its last answers of each kind reported them. */
export function SaberRateWindows({ windows }: { windows?: { read?: RateWindow & { seenAt: number }; write?: RateWindow & { seenAt: number } } }) {
  const rows = (['write', 'read'] as const).flatMap((bucket) => {
    const window = windows?.[bucket];
    return window?.limit !== undefined ? [{ bucket, window }] : [];
  });
  if (rows.length === 0) return null;
  return (
    <dl className="facts small" data-testid="saber-rate-windows">
      {rows.map(({ bucket, window }) => (
        <div key={bucket} style={{ display: 'contents' }}>
          <dt>{bucket === 'write' ? 'Questions, research' : 'Reads, polls'}</dt>
          <dd>
            {window.remaining !== undefined ? `${number.format(window.remaining)} left now, ${number.format(window.limit ?? 0)} a minute` : `${number.format(window.limit ?? 0)} a minute`}
            {window.resetsAt ? `, refills ${new Date(window.resetsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}` : ''}
          </dd>
        </div>
      ))}
    </dl>
  );
}

import type { AccountUsage } from '@/lib/domain/credits';

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

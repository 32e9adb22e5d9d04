import { useEffect, useId, useState } from 'react';
import type { Signal } from '@/lib/domain/signal';
import { signalLabel } from '@/lib/domain/signal-label';
import { sendMessage } from '@/lib/messaging/client';
import { COMPANY_SIGNAL_GROUPS, CONTACT_SIGNAL_GROUPS, type SignalGroup, type SignalsView } from '@/lib/messaging/insights';
import { safeUrl } from '@/lib/ui/safe-url';
import { usePaidAction } from '@/lib/ui/paid-action';
import { useLoad } from '@/lib/ui/use-load';
import { FeatureGate } from '@/lib/ui/policy';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { Skeleton } from './ui/skeleton';
import { creditWord } from '@/lib/domain/credits';

const GROUP_LABEL: Record<SignalGroup, string> = {
  'company-change': 'Company changes',
  promotion: 'Promotions',
  headcount: 'Head count',
  hiring: 'Hiring surges',
  'website-traffic': 'Website traffic',
  'it-spend': 'IT spend',
  news: 'News',
  intent: 'Intent',
};

/** "Head count up over 3 months" for the eight head-count window types. */
const typeLabel = signalLabel;

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function formatDay(day: string | undefined): string {
  if (!day) return 'Undated';
  const date = new Date(`${day}T00:00:00`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

function roleText(role: Signal['previous']): string {
  if (!role) return '?';
  return [role.title, role.company].filter(Boolean).join(' at ') || '?';
}

function SignalItem({ signal }: { signal: Signal }) {
  const link = safeUrl(signal.url);
  const change =
    signal.deltaPercent !== undefined
      ? `${signal.deltaPercent > 0 ? '+' : ''}${number.format(signal.deltaPercent)} %`
      : signal.delta !== undefined
        ? `${signal.delta > 0 ? '+' : ''}${number.format(signal.delta)}`
        : undefined;
  return (
    <li className="timeline-item" data-signal-type={signal.type} data-date={signal.date} data-testid="signal">
      <span className="timeline-date small muted">{formatDay(signal.date)}</span>
      <div className="stack" style={{ gap: 2 }}>
        <strong>{typeLabel(signal)}</strong>
        {(signal.previous || signal.current) && (
          <span>
            {roleText(signal.previous)} <span aria-label="to">→</span> {roleText(signal.current)}
          </span>
        )}
        {signal.title && <span>{signal.title}</span>}
        {(signal.value !== undefined || change) && (
          <span className="small">
            {signal.previousValue !== undefined && signal.value !== undefined
              ? `${number.format(signal.previousValue)} → ${number.format(signal.value)}`
              : signal.value !== undefined
                ? number.format(signal.value)
                : ''}
            {change && <span className={`chip ${signal.direction === 'decrease' ? 'warn' : 'yes'}`} style={{ marginLeft: 6 }}>{change}</span>}
          </span>
        )}
        {(signal.department || signal.location) && <span className="small muted">{[signal.department, signal.location].filter(Boolean).join(' · ')}</span>}
        {signal.summary && <span className="small muted">{signal.summary}</span>}
        {signal.topics.length > 0 && (
          <span className="chips">
            {signal.topics.slice(0, 6).map((topic) => (
              <span key={topic} className="chip">{topic}</span>
            ))}
          </span>
        )}
        {link && (
          <a className="small" href={link} target="_blank" rel="noreferrer noopener">
            Source
          </a>
        )}
      </div>
    </li>
  );
}

/** YYYY-MM-DD, `months` before today (local). */
export function monthsAgo(months: number, now = new Date()): string {
  const day = new Date(now);
  day.setMonth(day.getMonth() - months);
  return day.toLocaleDateString('en-CA');
}

interface Choice {
  groups: SignalGroup[];
  startDate: string;
}

function recall(type: 'contact' | 'company'): Choice | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(`sidecar.signals.${type}`) ?? 'null') as Choice | null;
    return value && Array.isArray(value.groups) && value.groups.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(value.startDate) ? value : undefined;
  } catch {
    return undefined;
  }
}

function remember(type: 'contact' | 'company', choice: Choice): void {
  try {
    sessionStorage.setItem(`sidecar.signals.${type}`, JSON.stringify(choice));
  } catch {
    // Storage full or unavailable: the choice is simply not remembered.
  }
}

type SignalsRequest = { entity: { type: 'contact' | 'company'; id: string }; groups: SignalGroup[]; startDate: string };

/** Signals kept from before and the price of fetching them (free). */
function readKeptSignals(request: SignalsRequest): Promise<SignalsView> {
  return sendMessage('getSignals', { ...request, fetch: false });
}

/**
 * Signals for one person (job changes, promotions) or one company (a timeline of head count, hiring, traffic, IT
 * spend, news, intent), fetched only when asked, with the most it can cost on the button; fetched signals are kept,
 * so opening the same person again shows them with no request.
 */
type SignalsSectionProps = { entity: { type: 'contact' | 'company'; id: string }; lookbackMonths: number };

/** The signals section, shown only while the organisation leaves signals on (the background refuses them otherwise). */
export function SignalsSection(props: SignalsSectionProps) {
  return (
    <FeatureGate feature="signals">
      <SignalsSectionView {...props} />
    </FeatureGate>
  );
}

function SignalsSectionView({ entity, lookbackMonths }: SignalsSectionProps) {
  const available: readonly SignalGroup[] = entity.type === 'contact' ? CONTACT_SIGNAL_GROUPS : COMPANY_SIGNAL_GROUPS;
  // The kinds and start date chosen last stay chosen while the panel is open, so coming back shows what was fetched.
  const remembered = recall(entity.type);
  const [groups, setGroups] = useState<SignalGroup[]>(
    remembered?.groups.filter((group) => available.includes(group)) ?? (entity.type === 'contact' ? [...CONTACT_SIGNAL_GROUPS] : ['headcount', 'hiring', 'news']),
  );
  const [startDate, setStartDate] = useState(() => remembered?.startDate ?? monthsAgo(lookbackMonths));
  useEffect(() => remember(entity.type, { groups, startDate }), [entity.type, groups, startDate]);
  const dateId = useId();
  const headingId = useId();

  const request = { entity, groups, startDate };
  // What is kept from before and what fetching costs, without spending.
  const kept = useLoad(request, readKeptSignals);
  const view = kept.data;
  const loading = kept.loading;

  const fetchSignals = usePaidAction(
    (_: void, confirmedCredits, intentId) => sendMessage('getSignals', { ...request, fetch: true, confirmedCredits, intentId }),
    kept.set,
  );

  const signals = view?.signals;
  const title = entity.type === 'contact' ? 'Job changes and promotions' : 'Signals';
  const maxCredits = view?.maxCredits;

  return (
    <section className="card" aria-labelledby={headingId} data-testid={`signals-${entity.type}`}>
      <div className="row spread">
        <h2 id={headingId}>{title}</h2>
        {view?.fetchedAt !== undefined && (
          <span className="muted small" data-testid="signals-fetched">
            {view.fromCache ? 'Kept from ' : 'Fetched '}
            {new Date(view.fetchedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
          </span>
        )}
      </div>
      {entity.type === 'company' && (
        <fieldset className="chips plain" aria-label="Kinds of signals">
          {available.map((group) => (
            <label key={group} className={`chip toggle ${groups.includes(group) ? 'on' : ''}`}>
              <input
                type="checkbox"
                checked={groups.includes(group)}
                onChange={(event) =>
                  setGroups((current) => {
                    const next = event.target.checked ? [...current, group] : current.filter((g) => g !== group);
                    return next.length > 0 ? available.filter((g) => next.includes(g)) : current;
                  })
                }
              />
              {GROUP_LABEL[group]}
            </label>
          ))}
        </fieldset>
      )}
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <label htmlFor={dateId} className="small">
          Since
        </label>
        <input id={dateId} type="date" value={startDate} max={monthsAgo(0)} onChange={(event) => event.target.value && setStartDate(event.target.value)} />
        {signals ? (
          <span className="muted small" data-testid="signals-kept">
            Kept by Sidecar: looking again costs nothing. {entity.type === 'company' ? 'Change the date or the kinds to look further.' : 'Pick an earlier date to look further back.'}
          </span>
        ) : (
          <button
            type="button"
            className="btn primary small"
            data-testid="fetch-signals"
            disabled={fetchSignals.busy || loading || maxCredits === undefined}
            onClick={() => fetchSignals.start()}
          >
            {fetchSignals.busy ? 'Fetching…' : 'Show signals'}
            {maxCredits !== undefined && !fetchSignals.busy && ` · up to ${creditWord(maxCredits)}`}
          </button>
        )}
      </div>
      {maxCredits !== undefined && !signals && !fetchSignals.busy && (
        <p className="muted small">Charged per signal Lusha finds, at most {creditWord(maxCredits)}; nothing found costs nothing.</p>
      )}
      {(loading || fetchSignals.busy) && <Skeleton lines={3} label="Fetching signals" />}
      {fetchSignals.error && <ErrorNotice error={fetchSignals.error} about={entity.type === 'company' ? 'company' : 'person'} retryCredits={maxCredits} onRetry={fetchSignals.retry} />}
      {!loading && !fetchSignals.busy && signals && signals.length === 0 && (
        <p className="muted" data-testid="no-signals">
          No {entity.type === 'contact' ? 'job changes or promotions' : 'signals of these kinds'} since {formatDay(startDate)}.
          {view?.charged === 0 ? ' Nothing was charged.' : ''}
        </p>
      )}
      {!loading && !fetchSignals.busy && signals && signals.length > 0 && (
        <ol className="timeline" aria-label={`${title} since ${formatDay(startDate)}`}>
          {signals.map((signal, index) => (
            <SignalItem key={`${signal.type}-${signal.id ?? index}-${signal.date ?? ''}`} signal={signal} />
          ))}
        </ol>
      )}
      {view?.charged !== undefined && view.charged > 0 && <p className="muted small">This fetch cost {creditWord(view.charged)}.</p>}
      {fetchSignals.confirm && (
        <SpendConfirm
          title={`Fetch signals for up to ${creditWord(fetchSignals.confirm.credits)}?`}
          body={`Lusha charges per signal it finds, so this costs at most ${creditWord(fetchSignals.confirm.credits)} from your Lusha account. Sidecar keeps what it fetches, so looking again costs nothing.`}
          confirmLabel={`Fetch · up to ${creditWord(fetchSignals.confirm.credits)}`}
          cost={fetchSignals.confirm.credits}
          returnFocusSelector='[data-testid="fetch-signals"]'
          onConfirm={fetchSignals.confirmed}
          onCancel={fetchSignals.cancel}
        />
      )}
    </section>
  );
}

import type { CreditsView } from '@/lib/messaging/protocol';
import { ErrorNotice } from './error-notice';
import { RateWindows, SaberRateWindows } from './rate-windows';
import { SpendChart } from './spend-chart';
import { TeamShare } from './team-share';
import { usePolicy } from '@/lib/ui/policy';

const number = new Intl.NumberFormat();

/**
 * Lusha's own count since the key was saved, beside Sidecar's ledger. A gap is credits Lusha counted that no spend of
 * Sidecar explains: another user of the same account (they share one pool), said plainly rather than hidden.
 */
function Reconciliation({ providerUsed, sidecarSpent, gap }: { providerUsed: number; sidecarSpent: number; gap: number }) {
  return (
    <p className={`small ${gap > 0 ? '' : 'muted'}`} data-testid="reconciliation" data-gap={gap}>
      {gap === 0 && providerUsed === sidecarSpent
        ? `Sidecar’s ledger matches Lusha’s count: ${number.format(sidecarSpent)} credits since you added the key.`
        : gap > 0
          ? `Lusha counts ${number.format(providerUsed)} credits since you added the key; Sidecar spent ${number.format(sidecarSpent)}. The other ${number.format(gap)} were not spent through Sidecar (another user of this Lusha account?).`
          : `Lusha counts ${number.format(providerUsed)} credits since you added the key; Sidecar booked ${number.format(sidecarSpent)}.`}
    </p>
  );
}

/** Lusha credits used / total / remaining, the plan, and what Sidecar spent today against the daily cap. */
/** How the popup names each kind of spend in today's breakdown. */
const ACTION_LABEL: Record<string, string> = {
  search: 'searches',
  reveal: 'reveals',
  company: 'company profiles',
  signals: 'signals',
  people: 'people at companies',
  question: 'Saber questions',
};

export function CreditMeter({ credits, onOpenOptions }: { credits: CreditsView; onOpenOptions(): void }) {
  const usage = credits.lusha.usage;
  const share = usage && usage.credits.total > 0 ? Math.min(100, (usage.credits.used / usage.credits.total) * 100) : 0;
  const capLocked = usePolicy().locked.includes('dailyCreditCap');
  const capShare = credits.dailyCreditCap > 0 ? Math.min(100, (credits.spentToday / credits.dailyCreditCap) * 100) : 100;
  return (
    <div className="stack" style={{ gap: 12 }}>
      <section className="card" aria-label="Lusha credits">
        <div className="row spread">
          <h2>{credits.lusha.key.managed ? 'Your team’s Lusha credits' : 'Lusha credits'}</h2>
          {usage?.plan && <span className="chip">{usage.plan.charAt(0).toUpperCase() + usage.plan.slice(1)} plan</span>}
        </div>
        {usage ? (
          <>
            <div
              className="meter"
              role="meter"
              aria-label="Lusha credits used"
              aria-valuemin={0}
              aria-valuemax={usage.credits.total}
              aria-valuenow={usage.credits.used}
            >
              <span style={{ width: `${share}%` }} />
            </div>
            <div className="stats">
              <div className="stat" data-testid="credits-used">
                <span className="muted small">Used</span>
                <strong>{number.format(usage.credits.used)}</strong>
              </div>
              <div className="stat" data-testid="credits-total">
                <span className="muted small">Total</span>
                <strong>{number.format(usage.credits.total)}</strong>
              </div>
              <div className="stat" data-testid="credits-remaining">
                <span className="muted small">Remaining</span>
                <strong>{number.format(usage.credits.remaining)}</strong>
              </div>
            </div>
            <RateWindows rateLimits={usage.rateLimits} />
          </>
        ) : (
          !credits.lusha.error && credits.lusha.key.configured && <p className="muted">Reading your Lusha account…</p>
        )}
        {/* The organisation's key: one pool for the team, so the rep's share rather than a gap to explain. */}
        {credits.lusha.reconciliation && (credits.lusha.key.managed ? <TeamShare {...credits.lusha.reconciliation} /> : <Reconciliation {...credits.lusha.reconciliation} />)}
        {!credits.lusha.key.configured && (
          <ErrorNotice error={{ kind: 'missing-key', message: '' }} onOpenOptions={onOpenOptions} />
        )}
        {credits.lusha.error && <ErrorNotice error={credits.lusha.error} onOpenOptions={onOpenOptions} />}
      </section>
      {credits.saber.key.configured && (
        <section className="card" aria-label="Saber credits">
          <div className="row spread">
            <h2>Saber credits</h2>
            <strong className="big-number" data-testid="saber-credits">
              {credits.saber.remaining === undefined ? '—' : number.format(credits.saber.remaining)}
            </strong>
          </div>
          <p className="muted small" data-testid="saber-spent-today">
            {credits.saberSpentToday > 0
              ? `Sidecar used ${number.format(credits.saberSpentToday)} today on questions, research and emails (Saber’s own pool, outside the Lusha cap).`
              : 'Questions you ask in the panel use these, not your Lusha credits.'}
          </p>
          <SaberRateWindows windows={credits.saber.rateWindows} />
          {credits.saber.error && <ErrorNotice error={credits.saber.error} provider="Saber" onOpenOptions={onOpenOptions} />}
        </section>
      )}
      <section className="card" aria-label="Sidecar spend today">
        <div className="row spread">
          <h2>Spent by Sidecar today</h2>
          <strong className="big-number" data-testid="spent-today">{number.format(credits.spentToday)}</strong>
        </div>
        <div className="meter" role="meter" aria-label="Daily credit cap used" aria-valuemin={0} aria-valuemax={credits.dailyCreditCap} aria-valuenow={credits.spentToday}>
          <span style={{ width: `${capShare}%`, background: capShare >= 90 ? 'var(--bad)' : undefined }} />
        </div>
        <p className="muted small">
          {number.format(credits.spentToday)} of your {number.format(credits.dailyCreditCap)}-credit daily cap
          {capLocked && ' (set by your organisation)'}
          {credits.heldToday > 0 && ` · ${number.format(credits.heldToday)} held for requests on their way`}
        </p>
        {
          <dl className="facts small" data-testid="spent-by-action">
            {/* Searches (the previews) first and apart from reveals, always shown: they are the spend nobody clicks for. */}
            {Object.entries({ search: 0, reveal: 0, ...credits.spentTodayByAction })
              .sort(([a], [b]) => (a === 'search' ? -1 : b === 'search' ? 1 : 0))
              .map(([action, n]) => (
                <div key={action} style={{ display: 'contents' }} data-action={action}>
                  <dt>{action === 'search' ? 'Searches (previews)' : (ACTION_LABEL[action] ?? action).replace(/^./, (first) => first.toUpperCase())}</dt>
                  <dd>{number.format(n)}</dd>
                </div>
              ))}
          </dl>
        }
        {credits.spentByDay.length > 0 && <SpendChart days={credits.spentByDay} />}
      </section>
    </div>
  );
}

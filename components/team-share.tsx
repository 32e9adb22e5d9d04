/**
 * With the organisation's Lusha key every rep draws on one credit pool. Lusha's account usage says what the whole
 * account used since Sidecar's baseline; Sidecar's ledger on this machine says what this rep spent: the rep's share.
 */
const number = new Intl.NumberFormat();
const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function TeamShare({ providerUsed, sidecarSpent, since }: { providerUsed: number; sidecarSpent: number; since: number }) {
  const share = providerUsed > 0 ? Math.min(100, (sidecarSpent / providerUsed) * 100) : 0;
  const percent = providerUsed > 0 ? `${share < 10 && share > 0 ? share.toFixed(1) : Math.round(share)}%` : '—';
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="team-share" data-provider-used={providerUsed} data-sidecar-spent={sidecarSpent}>
      <div className="row spread">
        <span className="small">Your share of the team’s pool</span>
        <strong>{percent}</strong>
      </div>
      <div className="meter" role="meter" aria-label="Your share of the team’s credits used" aria-valuemin={0} aria-valuemax={providerUsed} aria-valuenow={Math.min(sidecarSpent, providerUsed)}>
        <span style={{ width: `${share}%` }} />
      </div>
      <p className="muted small">
        {providerUsed > 0
          ? `You spent ${number.format(sidecarSpent)} of the ${number.format(providerUsed)} credits your team used since ${day.format(since)}.`
          : `Your team has used no credits since ${day.format(since)}.`}
      </p>
    </div>
  );
}

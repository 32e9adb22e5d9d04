import { creditWord } from '@/lib/domain/credits';
import type { SidecarErrorData } from '@/lib/domain/errors';
import { useLostAnswer, type LostAnswer } from '@/lib/ui/paid-action';

interface Explanation {
  title: string;
  body: string;
  tone: 'warn' | 'bad';
  action?: 'options' | 'retry';
}

function when(retryAt: number | undefined): string {
  if (!retryAt) return 'in a moment';
  const seconds = Math.max(1, Math.round((retryAt - Date.now()) / 1000));
  return seconds < 90 ? `in about ${seconds} s` : `at ${new Date(retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

const REASONS: Record<string, string> = {
  'inactive-account': 'Your Lusha account is not active. Check your subscription with Lusha.',
  'v3-not-enabled': 'API V3 is not enabled on your Lusha account. Ask Lusha to enable it.',
  'plan-lacks-feature': 'Your Lusha plan does not include this feature.',
};

/** Every failure in words a salesperson can act on; never the vendor's raw text. */
export function explainError(error: SidecarErrorData, provider = 'Lusha', about: 'person' | 'company' = 'person'): Explanation {
  switch (error.kind) {
    case 'missing-key':
      return { title: `Add your ${provider} API key`, body: `Sidecar looks people up with your own ${provider} account. Paste your key in options to start.`, tone: 'warn', action: 'options' };
    case 'bad-key':
      return { title: `${provider} did not accept your API key`, body: 'The key may have been mistyped, revoked or regenerated. Paste a current key.', tone: 'bad', action: 'options' };
    case 'out-of-credits':
      return { title: `Your ${provider} account is out of credits`, body: `Nothing was charged. Add credits in ${provider}, then try again.`, tone: 'bad', action: 'retry' };
    case 'forbidden':
      return { title: `${provider} refused this request`, body: REASONS[error.reason ?? ''] ?? `Your ${provider} account does not allow this request.`, tone: 'bad', action: 'options' };
    case 'gdpr-blocked':
      return {
        title: 'Not available for privacy reasons',
        body: `${provider} cannot share this ${about}’s details under its ${about === 'person' ? 'GDPR' : 'compliance'} rules. Nothing was charged.`,
        tone: 'warn',
      };
    case 'rate-limited':
      return { title: `${provider} asked us to slow down`, body: `Your account’s request limit is reached; you can try again ${when(error.retryAt)}.`, tone: 'warn', action: 'retry' };
    case 'server':
      return {
        title: `${provider} is having trouble`,
        body: error.mayHaveCharged !== undefined ? `${provider} answered with an error on its side after the request arrived.` : `${provider} could not do this right now. Nothing was charged; try again shortly.`,
        tone: 'bad',
        action: 'retry',
      };
    case 'network':
      return error.mayHaveCharged !== undefined
        ? { title: `The answer from ${provider} was lost`, body: 'The connection dropped (or Sidecar restarted) after the request left.', tone: 'warn', action: 'retry' }
        : { title: 'You appear to be offline', body: `Sidecar could not reach ${provider}. Check your connection and try again.`, tone: 'warn', action: 'retry' };
    case 'timeout':
      return { title: `${provider} took too long to answer`, body: 'The request timed out after it left.', tone: 'warn', action: 'retry' };
    case 'unexpected-response':
      return {
        title: `${provider} sent something unexpected`,
        body: `Sidecar could not read ${provider}’s answer, so it showed nothing rather than something wrong.`,
        tone: 'bad',
        action: 'retry',
      };
    case 'budget-exceeded':
      return { title: 'Daily credit cap reached', body: error.message, tone: 'warn', action: 'options' };
    case 'cancelled':
      return { title: 'Cancelled', body: 'Nothing more was sent.', tone: 'warn' };
    case 'policy':
      return { title: 'Set by your organisation', body: error.message, tone: 'warn' };
    case 'not-found':
    case 'validation':
    case 'needs-confirmation':
    case 'bad-request':
    case 'internal':
    case 'duplicate':
      return { title: 'Something did not work', body: error.message, tone: 'bad', action: 'retry' };
  }
}

/**
 * What a failure cost, in plain words: what the provider reported charging for an answer Sidecar could not read, or
 * what an answer lost after the request left may have cost and, once Sidecar has found out from the provider's own
 * count, what it did cost.
 */
function ChargeNote({ error, lost, provider }: { error: SidecarErrorData; lost?: LostAnswer; provider: string }) {
  if (error.charged !== undefined && error.charged > 0) {
    return (
      <p data-testid="charge-note">
        {provider} charged {creditWord(error.charged)} for it; Sidecar booked {error.charged === 1 ? 'it' : 'them'} in your ledger.
      </p>
    );
  }
  if (lost?.settled) {
    return (
      <p data-testid="charge-note">
        {lost.charged ? `Sidecar checked ${provider}’s own count: it charged ${creditWord(lost.charged)} for it, now in your ledger.` : `Sidecar checked ${provider}’s own count: nothing was charged.`}
      </p>
    );
  }
  if (error.mayHaveCharged !== undefined && error.mayHaveCharged > 0) {
    return (
      <p data-testid="charge-note">
        {provider} may have charged up to {creditWord(error.mayHaveCharged)} for it. Sidecar is checking {provider}’s own count and did not send it again.
      </p>
    );
  }
  return null;
}

export function ErrorNotice({
  error,
  provider,
  about,
  retryCredits,
  onRetry,
  onOpenOptions,
}: {
  error: SidecarErrorData;
  provider?: string;
  /** What the failed request was about, for the wording of refusals. */
  about?: 'person' | 'company';
  /** What trying again costs: "Try again" then names its price. */
  retryCredits?: number;
  onRetry?: () => void;
  onOpenOptions?: () => void;
}) {
  const explained = explainError(error, provider, about);
  const lost = useLostAnswer(error);
  const retryLabel = retryCredits !== undefined && retryCredits > 0 ? `Try again · ${creditWord(retryCredits)}` : 'Try again';
  return (
    <div className={`notice ${explained.tone}`} role="alert" data-error-kind={error.kind}>
      <h2>{explained.title}</h2>
      <p>{explained.body}</p>
      <ChargeNote error={error} lost={lost} provider={provider ?? 'Lusha'} />
      {explained.action === 'options' && onOpenOptions && (
        <div>
          <button type="button" className="btn small" onClick={onOpenOptions}>Open options</button>
        </div>
      )}
      {explained.action === 'retry' && onRetry && (
        <div>
          <button type="button" className="btn small" onClick={onRetry}>
            {retryLabel}
          </button>
        </div>
      )}
    </div>
  );
}

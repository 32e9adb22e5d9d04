import type { ContactPreview } from '@/lib/domain/contact';
import { creditWord } from '@/lib/domain/credits';
import type { WaterfallStep } from '@/lib/domain/watch';
import { sendMessage } from '@/lib/messaging/client';
import type { WaterfallPlanView, WaterfallResultView } from '@/lib/messaging/watch';
import { usePaidAction } from '@/lib/ui/paid-action';
import { useLoad } from '@/lib/ui/use-load';
import { CopyButton } from './ui/copy-button';
import { ErrorNotice } from './error-notice';
import { ResearchSection } from './research-section';
import { FeatureGate } from '@/lib/ui/policy';
import { SpendConfirm } from './reveal-confirm';
import { WatchButton } from './watch-button';

const saberWord = (n: number) => `${n} Saber ${n === 1 ? 'credit' : 'credits'}`;
const PROVIDER = { lusha: 'Lusha', saber: 'Saber' } as const;

/** "Find email: Lusha · 1 credit, then Saber · up to 1 Saber credit". */
export function waterfallLabel(plan: WaterfallPlanView): string {
  const steps = plan.steps.filter((step) => !step.skip);
  if (steps.length === 0) return 'Find email';
  return `Find email: ${steps.map((step) => (step.provider === 'lusha' ? `Lusha · ${creditWord(step.credits)}` : `Saber · up to ${saberWord(step.credits)}`)).join(', then ')}`;
}

function stepCost(step: WaterfallStep): string {
  if (step.outcome === 'skipped') return 'not tried';
  return step.provider === 'lusha' ? creditWord(step.credits) : saberWord(step.credits);
}

/** What each step of the waterfall returned and cost, in order, with Saber's confidence and a catch-all warning. */
export function WaterfallSteps({ steps }: { steps: WaterfallStep[] }) {
  return (
    <ol className="stack" style={{ gap: 6, paddingLeft: 18, margin: 0 }} data-testid="waterfall-steps">
      {steps.map((step, index) => (
        <li key={index} data-provider={step.provider} data-outcome={step.outcome}>
          <strong>{PROVIDER[step.provider]}</strong> · <span data-testid="waterfall-step-cost">{stepCost(step)}</span> ·{' '}
          {step.outcome === 'found' ? 'found' : step.outcome === 'not-found' ? 'no email' : step.outcome === 'skipped' ? 'skipped' : 'failed'}
          {step.email && (
            <div className="datum">
              <div className="stack" style={{ gap: 0, minWidth: 0 }}>
                <span className="value mono">{step.email}</span>
                <span className="muted small">
                  {[
                    step.emailType && step.provider === 'lusha' && `${step.emailType} email`,
                    step.confidence && `Lusha confidence ${step.confidence}${step.confidence === 'A+' || step.confidence === 'A' ? '' : ' (not verified)'}`,
                    step.verification && `Saber: ${step.verification.state}${step.verification.score !== undefined ? `, confidence ${step.verification.score}/100` : ''}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {step.verification?.acceptAll && (
                  <span className="chip warn" data-testid="catch-all" style={{ alignSelf: 'flex-start' }}>
                    Catch-all domain: it accepts every address, so delivery proves little
                  </span>
                )}
              </div>
              <CopyButton value={step.email} label={`email ${step.email}`} />
            </div>
          )}
          {step.message && step.outcome !== 'found' && <div className="muted small">{step.message}</div>}
        </li>
      ))}
    </ol>
  );
}

/** The email waterfall on a person: each step's price on the button, what each returned and cost after. */
/** What the waterfall would try (each step's price) and what it found before, for one person (both free). */
async function readWaterfall({ contactId }: { contactId: string; emailRevealedAt?: number }): Promise<{ plan: WaterfallPlanView; result: WaterfallResultView | null }> {
  const [plan, result] = await Promise.all([sendMessage('planEmailWaterfall', { contactId }), sendMessage('getEmailWaterfall', { contactId }).catch(() => null)]);
  return { plan, result };
}

function EmailWaterfall({ preview, emailRevealedAt, onRevealed, onOpenOptions }: { preview: ContactPreview; emailRevealedAt?: number; onRevealed(): void; onOpenOptions(): void }) {
  // Read again when the email is revealed elsewhere on the panel: a verified email leaves nothing to find.
  const load = useLoad({ contactId: preview.id, emailRevealedAt }, readWaterfall);
  const plan = load.data?.plan;
  const result = load.data?.result ?? null;
  const find = usePaidAction(
    (_: void, confirmedCredits, intentId) => sendMessage('findEmail', { contactId: preview.id, confirmedCredits, intentId }),
    (done) => {
      if (plan) load.set({ plan, result: done });
      if (done.revealed) onRevealed();
      load.reload();
    },
  );
  // Once Saber found an email, asking again would pay again for the same answer: the result stays on show instead.
  const saberFound = result?.steps.some((step) => step.provider === 'saber' && step.outcome === 'found') ?? false;
  const steps = saberFound ? [] : (plan?.steps.filter((step) => !step.skip) ?? []);
  // Lusha alone is the plain reveal button above: offered here only with a second source to fall back on.
  const tried = steps.some((step) => step.provider === 'saber') ? steps : [];
  // Only worth offering when a second source is in the order (the plain reveal button covers Lusha alone).
  const offersSaber = plan?.steps.some((step) => step.provider === 'saber');
  if (!plan || !offersSaber) return null;
  // Nothing to try and nothing to show (the email is revealed and verified, or Saber has no key: Ask Saber below says
  // where to add it): no card.
  if (tried.length === 0 && !(result && result.steps.length > 0)) return null;
  return (
    <section className="card" aria-label="Find email" data-testid="email-waterfall">
      <div className="row spread" style={{ flexWrap: 'wrap', gap: 6 }}>
        <h3>Find email</h3>
        {tried.length > 0 && (
          <button type="button" className="btn primary small wrap" data-testid="find-email" disabled={find.busy} onClick={() => find.start()}>
            {find.busy ? 'Finding…' : waterfallLabel(plan)}
          </button>
        )}
      </div>
      {!saberFound && plan.steps.some((step) => step.skip) && (
        <p className="muted small">
          {plan.steps
            .filter((step) => step.skip)
            .map((step) => `${PROVIDER[step.provider]}: ${step.skip}`)
            .join(' ')}
        </p>
      )}
      {result && result.steps.length > 0 && <WaterfallSteps steps={result.steps} />}
      {find.error && <ErrorNotice error={find.error} retryCredits={plan.total} onRetry={find.retry} onOpenOptions={onOpenOptions} />}
      {find.confirm && (
        <SpendConfirm
          title={`${waterfallLabel(plan)}?`}
          body="Each step is tried in the order set in options, and the first verified email stops it. Lusha credits come from your Lusha account, Saber credits from Saber’s; a step that finds nothing usually costs nothing."
          confirmLabel={`Find email · up to ${find.confirm.credits} ${find.confirm.credits === 1 ? 'credit' : 'credits'}`}
          cost={find.confirm.credits}
          onConfirm={find.confirmed}
          onCancel={find.cancel}
        />
      )}
    </section>
  );
}

/** What the panel offers beyond the preview of a found person: watch, find an email elsewhere, research. */
export function PersonTools({
  preview,
  profileUrl,
  emailRevealedAt,
  saberConfigured,
  onRevealed,
  onOpenOptions,
}: {
  preview: ContactPreview;
  profileUrl?: string;
  /** When the email was revealed (the waterfall reads its plan again then). */
  emailRevealedAt?: number;
  saberConfigured: boolean;
  onRevealed(): void;
  onOpenOptions(): void;
}) {
  const name = preview.fullName ?? ([preview.firstName, preview.lastName].filter(Boolean).join(' ') || 'This person');
  return (
    <>
      <FeatureGate feature="signals">
        <div className="row" style={{ gap: 8 }} data-testid="person-tools">
          <WatchButton
            item={{
              kind: 'contact',
              id: preview.id,
              name,
              ...(preview.title ? { title: preview.title } : {}),
              ...(preview.companyName ? { companyName: preview.companyName } : {}),
              ...(preview.companyDomain ? { domain: preview.companyDomain } : {}),
              ...(profileUrl ? { linkedinUrl: profileUrl } : {}),
            }}
          />
        </div>
      </FeatureGate>
      <EmailWaterfall preview={preview} emailRevealedAt={emailRevealedAt} onRevealed={onRevealed} onOpenOptions={onOpenOptions} />
      <FeatureGate feature="ask-saber">
        <ResearchSection preview={preview} profileUrl={profileUrl} saberConfigured={saberConfigured} onOpenOptions={onOpenOptions} />
      </FeatureGate>
    </>
  );
}

import { useId, type ReactNode } from 'react';
import { COMPANY_REVEAL_FIELDS, type Company, type CompanyRevealField, type HeadcountSlice } from '@/lib/domain/company';
import type { ContactPreview } from '@/lib/domain/contact';
import type { CompanyEntity } from '@/lib/domain/page-context';
import { sendMessage } from '@/lib/messaging/client';
import type { CompanyView as CompanyViewData } from '@/lib/messaging/insights';
import { errorData, newIntentId, usePaidAction } from '@/lib/ui/paid-action';
import { useLoad } from '@/lib/ui/use-load';
import { FeatureGate } from '@/lib/ui/policy';
import { safeUrl } from '@/lib/ui/safe-url';
import { AskSaber } from './ask-saber';
import { useWatched, WatchButton } from './watch-button';
import { ErrorNotice } from './error-notice';
import { PeopleAtCompany } from './people-at-company';
import { LookupConfirm, SpendConfirm } from './reveal-confirm';
import { SignalsSection } from './signals-section';
import { CopyButton } from './ui/copy-button';
import { Skeleton } from './ui/skeleton';
import { creditWord } from '@/lib/domain/credits';

const EXTRA_LABEL: Record<CompanyRevealField, string> = {
  employeesByDepartment: 'Employees by department',
  employeesBySeniority: 'Employees by seniority',
  employeesByLocation: 'Employees by location',
  competitors: 'Competitors',
  intent: 'Buying intent topics',
  estimatedAnnualItSpend: 'Estimated IT spend',
  monthlyWebsiteTraffic: 'Website traffic',
};

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat();

function range(value: { exact?: number; min?: number; max?: number } | undefined, money = false): string | undefined {
  if (!value) return undefined;
  const f = (n: number) => (money ? `$${compact.format(n)}` : whole.format(n));
  if ('exact' in value && value.exact !== undefined) return f(value.exact);
  if (value.min !== undefined && value.max !== undefined) return `${f(value.min)}–${f(value.max)}`;
  if (value.min !== undefined) return `${f(value.min)}+`;
  if (value.max !== undefined) return `up to ${f(value.max)}`;
  return undefined;
}

function Slices({ slices }: { slices: HeadcountSlice[] }) {
  const max = Math.max(1, ...slices.map((slice) => slice.count));
  return (
    <ul className="slices">
      {[...slices]
        .sort((a, b) => b.count - a.count)
        .slice(0, 8)
        .map((slice) => (
          <li key={slice.label}>
            <span className="small">{slice.label}</span>
            <span className="meter" aria-hidden="true">
              <span style={{ width: `${(slice.count / max) * 100}%` }} />
            </span>
            <span className="small mono">{whole.format(slice.count)}</span>
          </li>
        ))}
    </ul>
  );
}

/** One revealed extra; `null` or `[]` means Lusha was asked and holds nothing. */
function ExtraValue({ field, company }: { field: CompanyRevealField; company: Company }) {
  const none = <span className="muted">Lusha holds nothing for this.</span>;
  switch (field) {
    case 'employeesByDepartment':
    case 'employeesBySeniority': {
      const slices = company[field];
      return slices && slices.length > 0 ? <Slices slices={slices} /> : none;
    }
    case 'employeesByLocation': {
      const places = company.employeesByLocation;
      return places && places.length > 0 ? (
        <Slices slices={places.map((place) => ({ label: [place.state, place.country].filter(Boolean).join(', ') || 'Elsewhere', count: place.count }))} />
      ) : (
        none
      );
    }
    case 'competitors': {
      const list = company.competitors;
      return list && list.length > 0 ? (
        <span className="chips">
          {list.map((competitor, index) => (
            <span key={`${competitor.name ?? competitor.domain}-${index}`} className="chip">
              {competitor.name ?? competitor.domain}
            </span>
          ))}
        </span>
      ) : (
        none
      );
    }
    case 'intent': {
      const topics = company.intent?.topics ?? [];
      return topics.length > 0 ? (
        <span className="chips">
          {topics.map((topic) => (
            <span key={topic.name} className="chip">
              {topic.name}
              {topic.score !== undefined && ` · ${topic.score}`}
            </span>
          ))}
        </span>
      ) : (
        none
      );
    }
    case 'estimatedAnnualItSpend': {
      const spend = company.estimatedAnnualItSpend;
      const amount = spend?.valueUsd ?? spend?.value;
      return amount !== undefined ? <span>{`${spend?.valueUsd !== undefined ? '$' : ''}${compact.format(amount)} a year`}</span> : none;
    }
    case 'monthlyWebsiteTraffic': {
      const traffic = company.monthlyWebsiteTraffic;
      return traffic?.visits !== undefined ? (
        <span>
          {compact.format(traffic.visits)} visits a month
          {traffic.momChangePercent !== undefined && ` (${traffic.momChangePercent > 0 ? '+' : ''}${traffic.momChangePercent} % on the month before)`}
        </span>
      ) : (
        none
      );
    }
  }
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ display: 'contents' }}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The page's company as the panel opens it: Lusha's preview, or (automatic lookups off) the price of asking. */
async function lookUpAutomatically(company: CompanyEntity): Promise<{ view?: CompanyViewData; offer?: number }> {
  try {
    return { view: await sendMessage('lookupCompany', { company, origin: 'auto', intentId: newIntentId() }) };
  } catch (caught) {
    const data = errorData(caught);
    if (data.kind === 'needs-confirmation' && data.reason === 'auto-lookup-off') return { offer: data.credits ?? 0 };
    throw caught;
  }
}

/** The questions pinned to a watched company (reading the watchlist is free). */
async function readPinned(key: string): Promise<string[]> {
  const list = await sendMessage('getWatchlist', {});
  return list.items.find((item) => item.key === key)?.pinned.map((entry) => entry.question) ?? [];
}

/** Ask Saber on a company; once the company is watched, its answers can be pinned to the watchlist. */
function CompanyAskSaber({ domain, companyId, saberConfigured, onOpenOptions }: { domain: string; companyId?: string; saberConfigured: boolean; onOpenOptions(): void }) {
  const key = companyId ? `company:${companyId}` : undefined;
  const { watched } = useWatched(key);
  const pinned = useLoad(key ?? '', readPinned, { enabled: key !== undefined && watched });
  return (
    <AskSaber
      subject={{ kind: 'company', domain }}
      saberConfigured={saberConfigured}
      onOpenOptions={onOpenOptions}
      {...(key && watched ? { pinTo: { key, pinned: pinned.data ?? [], onPinned: pinned.reload } } : {})}
    />
  );
}

interface CompanyViewProps {
  company: CompanyEntity;
  lookbackMonths: number;
  saberConfigured: boolean;
  onOpenPerson(preview: ContactPreview): void;
  onOpenOptions(): void;
}

/**
 * A company: what the page shows and Lusha's preview at once; the full profile and each extra behind its price;
 * then signals, people at the company and Saber questions.
 */
export function CompanyView({ company, lookbackMonths, saberConfigured, onOpenPerson, onOpenOptions }: CompanyViewProps) {
  const headingId = useId();
  // What the page's company costs nothing to show (kept from before), or the automatic lookup the user allows.
  const auto = useLoad(company, lookUpAutomatically, { key: [company.domain, company.name, company.linkedinUrl] });
  const { loading, error } = auto;
  const view = auto.data?.view;
  /** Automatic lookups are off: what looking the company up costs (offered as a button). */
  const offer = auto.data?.offer;
  const showPaid = (answer: CompanyViewData) => auto.set({ view: answer });

  const lookUp = usePaidAction(
    (_: void, confirmedCredits, intentId) => sendMessage('lookupCompany', { company, origin: 'click', confirmedCredits, intentId }),
    showPaid,
  );
  const found = view?.result.status === 'found' ? view.result.company : undefined;
  const reveal = usePaidAction(
    (fields: CompanyRevealField[], confirmedCredits, intentId) => sendMessage('revealCompany', { companyId: found?.id ?? '', fields, confirmedCredits, intentId }),
    showPaid,
  );
  /** The button that asked: the profile, or the one extra. */
  const revealing = reveal.arg ? (reveal.arg[0] ?? 'profile') : undefined;

  const enriched = view?.enriched;
  const merged = { ...found, ...enriched } as Partial<Company>;
  const name = merged.name ?? company.name ?? company.domain ?? 'This company';
  const domain = merged.domain ?? company.domain;
  const website = safeUrl(domain, true);
  const profileCredits = view?.profileCredits ?? 0;
  const offers = found?.canReveal.filter((offer) => (COMPANY_REVEAL_FIELDS as readonly string[]).includes(offer.field)) ?? [];
  /** What a reveal of these fields costs now (the profile, unless paid, plus each extra). */
  const revealPrice = (fields: CompanyRevealField[] | undefined) =>
    (enriched ? 0 : profileCredits) + (fields ?? []).reduce((sum, field) => sum + (offers.find((offer) => offer.field === field)?.credits ?? 0), 0);

  return (
    <>
      <section className="card" aria-labelledby={headingId} aria-busy={loading} data-testid="company-view">
        <div className="row">
          <div className="avatar" aria-hidden="true" style={{ borderRadius: 10 }}>
            {name.slice(0, 1).toUpperCase()}
          </div>
          <div className="stack" style={{ gap: 2, minWidth: 0 }}>
            <h2 className="title" id={headingId} data-testid="company-name">
              {name}
            </h2>
            {website && (
              <a className="small" href={website} target="_blank" rel="noreferrer noopener">
                {domain}
              </a>
            )}
          </div>
          {found && (
            <div style={{ marginLeft: 'auto' }}>
              <FeatureGate feature="signals">
                <WatchButton item={{ kind: 'company', id: found.id, name: found.name ?? name, ...(domain ? { domain } : {}), ...(company.linkedinUrl ? { linkedinUrl: company.linkedinUrl } : {}) }} />
              </FeatureGate>
            </div>
          )}
        </div>
        <dl className="facts">
          {(merged.industry ?? company.industry) && <Fact label="Industry">{[merged.industry ?? company.industry, merged.subIndustry].filter(Boolean).join(' · ')}</Fact>}
          {(range(merged.employees) ?? company.size) && <Fact label="Employees">{range(merged.employees) ?? company.size}</Fact>}
          {range(merged.revenue, true) && <Fact label="Revenue">{range(merged.revenue, true)}</Fact>}
          {(merged.location ?? company.location) && <Fact label="Location">{merged.location ?? company.location}</Fact>}
          {merged.yearFounded !== undefined && <Fact label="Founded">{merged.yearFounded}</Fact>}
          {merged.companyType && <Fact label="Type">{merged.companyType}</Fact>}
        </dl>
        {loading && <Skeleton lines={2} label="Looking the company up in Lusha" />}
        {error && <ErrorNotice error={error} about="company" onRetry={auto.reload} onOpenOptions={onOpenOptions} />}
        {view && view.result.status !== 'found' && (
          <div className={`notice ${view.result.status === 'restricted' ? 'warn' : ''}`} role="status" data-result-status={view.result.status}>
            <h2>
              {view.result.status === 'not-found' && 'Lusha does not know this company'}
              {view.result.status === 'restricted' && 'Not available for compliance reasons'}
              {view.result.status === 'failed' && 'Lusha could not look this company up'}
            </h2>
            <p className="muted">{view.result.status === 'failed' ? 'Try again in a moment.' : 'Nothing was charged.'}</p>
          </div>
        )}
        {offer !== undefined && (
          <div className="stack" style={{ gap: 6 }} data-testid="company-lookup-offer">
            <p className="muted small">Automatic lookups are off (options). What the page shows is above; Lusha’s preview costs a search.</p>
            <div>
              <button type="button" className="btn primary small" disabled={lookUp.busy} onClick={() => lookUp.start()}>
                {lookUp.busy ? 'Looking up…' : `Look up · ${creditWord(offer)}`}
              </button>
            </div>
          </div>
        )}
        {lookUp.error && <ErrorNotice error={lookUp.error} about="company" retryCredits={offer} onRetry={lookUp.retry} onOpenOptions={onOpenOptions} />}
        {view && (
          <p className="muted small" data-testid="company-preview-cost">
            {view.fromCache
              ? 'Shown from Sidecar’s store: no request, no credit.'
              : view.charged
                ? `This preview’s search cost ${creditWord(view.charged)} (Lusha charges about 1 credit per 25 results).`
                : 'This preview’s search cost nothing this time (Lusha charges about 1 credit per 25 results).'}
          </p>
        )}
      </section>

      {found && (
        <section className="card" aria-label="Company profile" data-testid="company-profile">
          <div className="row spread">
            <h2>Profile</h2>
            {!enriched && (
              <button type="button" className="btn small primary" disabled={reveal.busy} data-testid="reveal-company-profile" onClick={() => reveal.start([])}>
                {reveal.busy && revealing === 'profile' ? 'Revealing…' : `Full profile · ${creditWord(profileCredits)}`}
              </button>
            )}
          </div>
          {!enriched && (
            <p className="muted small">
              Description, funding, technologies, phone numbers and social links.
              {profileCredits > 0 && offers.length > 0 && ` The first extra you reveal includes the full profile (${creditWord(profileCredits)}).`}
            </p>
          )}
          {enriched && (
            <div className="stack">
              {enriched.description && <p>{enriched.description}</p>}
              {enriched.funding && (enriched.funding.totalAmount !== undefined || enriched.funding.lastRoundType) && (
                <p className="small">
                  Funding: {enriched.funding.totalAmount !== undefined ? `$${compact.format(enriched.funding.totalAmount)} in total` : ''}
                  {enriched.funding.lastRoundType && ` · last round ${enriched.funding.lastRoundType}${enriched.funding.lastRoundDate ? ` (${enriched.funding.lastRoundDate})` : ''}`}
                </p>
              )}
              {enriched.technologies.length > 0 && (
                <div className="stack" style={{ gap: 4 }}>
                  <span className="small muted">Technologies</span>
                  <span className="chips">
                    {enriched.technologies.slice(0, 12).map((tech) => (
                      <span key={tech} className="chip">{tech}</span>
                    ))}
                  </span>
                </div>
              )}
              {enriched.phones.map((phone) => (
                <div key={phone} className="datum">
                  <span className="value mono">{phone}</span>
                  <CopyButton value={phone} label={`phone ${phone}`} />
                </div>
              ))}
            </div>
          )}
          {offers.length > 0 && (
            <ul className="extras" aria-label="Extras Lusha can add">
              {offers.map((offer) => {
                const field = offer.field as CompanyRevealField;
                const shown = enriched?.[field] !== undefined;
                const price = offer.credits + (enriched ? 0 : profileCredits);
                return (
                  <li key={field} className="reveal-row" data-extra={field}>
                    <div className="row spread">
                      <strong>{EXTRA_LABEL[field]}</strong>
                      {!shown && (
                        <button type="button" className="btn small" disabled={reveal.busy} data-reveal-extra={field} onClick={() => reveal.start([field])}>
                          {reveal.busy && revealing === field ? 'Revealing…' : `Reveal · ${creditWord(price)}`}
                        </button>
                      )}
                    </div>
                    {shown && enriched && <ExtraValue field={field} company={enriched} />}
                  </li>
                );
              })}
            </ul>
          )}
          {reveal.error && (
            <ErrorNotice error={reveal.error} about="company" retryCredits={revealPrice(reveal.arg)} onRetry={reveal.retry} onOpenOptions={onOpenOptions} />
          )}
        </section>
      )}

      {found && <SignalsSection entity={{ type: 'company', id: found.id }} lookbackMonths={lookbackMonths} />}
      {found && <PeopleAtCompany company={{ id: found.id, domain: found.domain, name: found.name }} onOpen={onOpenPerson} />}
      {domain && <CompanyAskSaber domain={domain} companyId={found?.id} saberConfigured={saberConfigured} onOpenOptions={onOpenOptions} />}

      {lookUp.confirm && (
        <LookupConfirm subject="company" credits={lookUp.confirm.credits} onConfirm={lookUp.confirmed} onCancel={lookUp.cancel} />
      )}
      {reveal.confirm && (
        <SpendConfirm
          title={`Reveal for ${creditWord(reveal.confirm.credits)}?`}
          body={`The ${creditWord(reveal.confirm.credits)} ${reveal.confirm.credits === 1 ? 'comes' : 'come'} from your Lusha account${!enriched && profileCredits > 0 ? `, including ${creditWord(profileCredits)} for the full profile` : ''}. Sidecar keeps what is revealed: you never pay for it twice.`}
          confirmLabel={`Reveal · ${creditWord(reveal.confirm.credits)}`}
          cost={reveal.confirm.credits}
          returnFocusSelector={revealing === 'profile' ? '[data-testid="reveal-company-profile"]' : `[data-reveal-extra="${revealing}"]`}
          onConfirm={reveal.confirmed}
          onCancel={reveal.cancel}
        />
      )}
    </>
  );
}

import { useEffect, useRef, type ReactNode } from 'react';
import type { ContactPreview, RevealedData, RevealField } from '@/lib/domain/contact';
import type { ContactEntity } from '@/lib/domain/page-context';
import type { SidecarErrorData } from '@/lib/domain/errors';
import { linkedInPhoto } from '@/lib/ui/safe-url';
import { CopyButton } from './ui/copy-button';
import { ErrorNotice } from './error-notice';
import { creditWord } from '@/lib/domain/credits';
import { glimpse } from '@/lib/ui/crm';

const FIELD_LABEL: Record<RevealField, { noun: string; plural: string }> = {
  emails: { noun: 'email', plural: 'Emails' },
  phones: { noun: 'phone', plural: 'Phones' },
};

function initials(name: string | undefined): string {
  return (name ?? '?')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');
}

/** The person as the page shows them, before (and while) the provider answers. */
export function ContactHeader({ name, title, company, photoUrl }: { name?: string; title?: string; company?: string; photoUrl?: string }) {
  return (
    <div className="row">
      <div className="avatar" aria-hidden="true">
        {linkedInPhoto(photoUrl) ? <img src={linkedInPhoto(photoUrl)} alt="" referrerPolicy="no-referrer" /> : initials(name)}
      </div>
      <div className="stack" style={{ gap: 2, minWidth: 0 }}>
        <h2 className="title" data-testid="contact-name">{name ?? 'Unknown person'}</h2>
        {(title || company) && (
          <p className="muted">
            {title}
            {title && company ? ' · ' : ''}
            {company}
          </p>
        )}
      </div>
    </div>
  );
}

/** One revealed value with what is known about it, and a copy button. */
function Datum({ value, noun, testId, children }: { value: string; noun: string; testId: string; children: ReactNode }) {
  return (
    <div className="datum" data-testid={testId}>
      <div className="stack" style={{ gap: 0, minWidth: 0 }}>
        <span className="value mono">{value}</span>
        <span className="muted small">{children}</span>
      </div>
      <CopyButton value={value} label={`${noun} ${value}`} />
    </div>
  );
}

/** How fresh a datum is, from the provider's last update: "updated Mar 2026", with its age when over a year. */
export function freshness(updatedAt: string | undefined, now = Date.now()): string | undefined {
  if (!updatedAt) return undefined;
  const at = Date.parse(updatedAt);
  if (Number.isNaN(at)) return undefined;
  const label = new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short' });
  const years = (now - at) / (365.25 * 24 * 60 * 60_000);
  return years >= 1 ? `updated ${label} (over ${Math.floor(years)} ${Math.floor(years) === 1 ? 'year' : 'years'} ago)` : `updated ${label}`;
}

const PHONE_TYPE: Record<string, string> = { mobile: 'mobile', direct: 'direct line', phone: 'phone', work: 'work phone', landline: 'landline' };

function RevealedValues({ field, revealed }: { field: RevealField; revealed: RevealedData }) {
  const noun = FIELD_LABEL[field].noun;
  const values = field === 'emails' ? (revealed.emails ?? []) : (revealed.phones ?? []);
  if (values.length === 0) return <p className="muted">Lusha returned no {noun} for this person. Nothing was charged for it.</p>;
  return (
    <div className="stack">
      {field === 'emails'
        ? (revealed.emails ?? []).map((email) => (
            <Datum key={email.email} value={email.email} noun="email" testId="revealed-email">
              {[
                email.type && `${email.type} email`,
                email.confidence && `confidence ${email.confidence}${email.confidence === 'A+' || email.confidence === 'A' ? ' (verified)' : ''}`,
                freshness(email.updatedAt),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Datum>
          ))
        : (revealed.phones ?? []).map((phone) => (
            <Datum key={phone.number} value={phone.number} noun="phone" testId="revealed-phone">
              {[phone.type ? (PHONE_TYPE[phone.type.toLowerCase()] ?? `${phone.type} phone`) : 'phone', freshness(phone.updatedAt)].filter(Boolean).join(' · ')}
              {phone.doNotCall && (
                <span className="chip warn" style={{ marginLeft: 6 }}>
                  Do not call
                </span>
              )}
            </Datum>
          ))}
    </div>
  );
}

interface ContactCardProps {
  preview: ContactPreview;
  entity?: ContactEntity;
  revealed?: RevealedData;
  revealing?: RevealField;
  revealError?: SidecarErrorData;
  onReveal(field: RevealField): void;
  /** A new click for the same reveal (after a failure), at this price. */
  onRetryReveal?(): void;
  retryRevealCredits?: number;
  onOpenOptions(): void;
  /** Lusha's match disagrees with the page (or the lookup): said before any reveal. */
  mismatch?: string;
  /** What the user's CRM already holds for each field (CRM first, then pay): the button says so. */
  crmHas?: Partial<Record<RevealField, string>>;
  /** The CRM's name ("HubSpot"). */
  crmName?: string;
  /** Shown between the person and the reveals (what the CRM already holds: CRM first). */
  beforeDetails?: ReactNode;
}

/** A found person: the preview, what data exist, and a priced reveal button per field. */
export function ContactCard({
  preview,
  entity,
  revealed,
  revealing,
  revealError,
  onReveal,
  onRetryReveal,
  retryRevealCredits,
  onOpenOptions,
  mismatch,
  crmHas,
  crmName,
  beforeDetails,
}: ContactCardProps) {
  const name = preview.fullName ?? ([preview.firstName, preview.lastName].filter(Boolean).join(' ') || entity?.fullName);
  const fields: RevealField[] = ['emails', 'phones'];
  const rows = useRef<Partial<Record<RevealField, HTMLDivElement | null>>>({});
  const wasRevealing = useRef<RevealField | undefined>(undefined);
  // The reveal button goes away once its field is revealed: rather than leaving the focus nowhere (the top of the
  // panel for the next Tab), move it to the first new value's copy button.
  useEffect(() => {
    const field = wasRevealing.current;
    wasRevealing.current = revealing;
    if (!field || revealing || revealed?.revealedAt[field] === undefined) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    rows.current[field]?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [revealing, revealed]);
  return (
    <>
      <section className="card" aria-label="Contact">
        <ContactHeader name={name} title={preview.title ?? entity?.title} company={preview.companyName ?? entity?.companyName} photoUrl={entity?.photoUrl} />
        <dl className="facts">
          {preview.location && (
            <>
              <dt>Location</dt>
              <dd>{preview.location}</dd>
            </>
          )}
          {preview.seniority && (
            <>
              <dt>Seniority</dt>
              <dd>{preview.seniority}</dd>
            </>
          )}
          {preview.departments.length > 0 && (
            <>
              <dt>Department</dt>
              <dd>{preview.departments.join(', ')}</dd>
            </>
          )}
          {preview.companyDomain && (
            <>
              <dt>Website</dt>
              <dd>{preview.companyDomain}</dd>
            </>
          )}
        </dl>
        <div className="chips" role="list" aria-label="Data Lusha holds">
          {fields.map((field) => {
            const available = preview.canReveal.some((entry) => entry.field === field);
            return (
              <span key={field} role="listitem" className={`chip ${available ? 'yes' : ''}`}>
                {available ? `${FIELD_LABEL[field].noun} available` : `no ${FIELD_LABEL[field].noun}`}
              </span>
            );
          })}
          {revealed?.isEuContact && (
            <span role="listitem" className="chip warn">
              EU contact
            </span>
          )}
        </div>
      </section>

      {beforeDetails}
      <section className="card" aria-label="Contact details">
        {mismatch && (
          <div className="notice warn" role="status" data-testid="match-warning">
            <h2>Is this the right person?</h2>
            <p>{mismatch}</p>
            <p className="muted small">Sidecar asks before any reveal of this match.</p>
          </div>
        )}
        {fields.map((field) => {
          const offer = preview.canReveal.find((entry) => entry.field === field);
          const shown = revealed?.revealedAt[field] !== undefined;
          return (
            <div
              className="reveal-row"
              key={field}
              ref={(element) => {
                rows.current[field] = element;
              }}
            >
              {(() => {
                // CRM first, then pay: when the CRM already holds this field, the button says so (and may wrap).
                const inCrm = !shown && offer && offer.credits > 0 && crmHas?.[field] && crmName ? crmHas[field] : undefined;
                const button = !shown && offer && (
                  <button
                    type="button"
                    className={`btn small ${inCrm ? 'wrap' : 'primary'}`}
                    data-reveal-field={field}
                    disabled={revealing !== undefined}
                    onClick={() => onReveal(field)}
                  >
                    {revealing === field
                      ? 'Revealing…'
                      : offer.credits === 0
                        ? `Show ${FIELD_LABEL[field].noun} · already paid`
                        : inCrm
                          ? `${crmName} already has ${glimpse(inCrm)} · reveal anyway · ${creditWord(offer.credits)}`
                          : `Reveal ${FIELD_LABEL[field].noun} · ${creditWord(offer.credits)}`}
                  </button>
                );
                return inCrm ? (
                  <>
                    <h3>{FIELD_LABEL[field].plural}</h3>
                    <p className="small" data-testid="crm-first">
                      In {crmName}: <span className="mono">{inCrm}</span> <span className="muted">(free)</span>
                    </p>
                    <div>{button}</div>
                  </>
                ) : (
                  <div className="row spread">
                    <h3>{FIELD_LABEL[field].plural}</h3>
                    {button}
                  </div>
                );
              })()}
              {shown && revealed ? (
                <RevealedValues field={field} revealed={revealed} />
              ) : (
                !offer && <p className="muted small">Lusha has no {FIELD_LABEL[field].noun} for this person.</p>
              )}
            </div>
          );
        })}
        {revealed?.isEuContact && (
          <p className="muted small">EU contact: process this person’s data under GDPR (lawful basis, right to object).</p>
        )}
        {revealError && <ErrorNotice error={revealError} retryCredits={retryRevealCredits} onRetry={onRetryReveal} onOpenOptions={onOpenOptions} />}
      </section>
    </>
  );
}

import { useState } from 'react';
import type { CrmMatch, CrmPersonInput, CrmRecord } from '@/lib/domain/crm';
import type { CrmSaveCompany } from '@/lib/domain/crm-save';
import type { CrmStatus } from '@/lib/messaging/crm';
import { CRM_LABEL, CRM_PERSON_NOUN, useFollowedWrite, type CrmFindState } from '@/lib/ui/crm';
import { safeUrl } from '@/lib/ui/safe-url';
import { CrmErrorNotice } from './crm-error';
import { writeOutcome } from './crm-outbox';
import { CrmSaveDialog } from './crm-save';
import { Skeleton } from './ui/skeleton';
import { CopyButton } from './ui/copy-button';
import { useFeature } from '@/lib/ui/policy';

const KIND: Record<CrmRecord['kind'], string> = { contact: 'Contact', lead: 'Lead', person: 'Person', company: 'Company', account: 'Account', organization: 'Organization' };
const BY: Record<CrmMatch['by'], string> = { email: 'by email', linkedin: 'by LinkedIn URL', 'name-company': 'by name and company', 'name-only': 'same name only', domain: 'by domain', name: 'by name' };

function formatDay(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : new Date(at).toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
}

/** One CRM record, compact: name and link, kind, how it matched, owner, last activity. */
export function CrmRecordLine({ match, crm, hideBy = false }: { match: CrmMatch; crm: string; /** The record is the page's own: no "how it matched". */ hideBy?: boolean }) {
  const r = match.record;
  const link = safeUrl(r.url);
  const facts = [KIND[r.kind], hideBy ? undefined : BY[match.by], r.owner ? `owner ${r.owner.name ?? `#${r.owner.id}`}` : undefined, formatDay(r.lastActivityAt) ? `last activity ${formatDay(r.lastActivityAt)}` : 'no activity logged'].filter(Boolean);
  return (
    <div className="stack" style={{ gap: 2 }}>
      <div className="row spread" style={{ gap: 6 }}>
        <strong>{r.name ?? ([r.firstName, r.lastName].filter(Boolean).join(' ') || 'Unnamed record')}</strong>
        {link && (
          <a className="small" href={link} target="_blank" rel="noreferrer" aria-label={`Open ${r.name ?? 'the record'} in ${crm}`}>
            Open in {crm} ↗
          </a>
        )}
      </div>
      <span className="muted small">
        {[r.title, r.company ?? r.domain].filter(Boolean).join(' · ')}
        {r.title || r.company || r.domain ? ' · ' : ''}
        {facts.join(' · ')}
      </span>
    </div>
  );
}

interface CrmPersonBlockProps {
  status?: CrmStatus;
  find: CrmFindState;
  queryRef: string;
  /** What Sidecar would save (from the page, the preview and what was revealed). */
  person?: CrmPersonInput;
  company?: CrmSaveCompany;
  onOpenOptions(): void;
}

/**
 * "In your CRM" for the person in front of the user: the record that is them (free), what it already holds (so no one
 * pays for an email the CRM has), a namesake shown only as a possible match, and Save / Update.
 */
export function CrmPersonBlock({ status, find, queryRef, person, company, onOpenOptions }: CrmPersonBlockProps) {
  const [saving, setSaving] = useState(false);
  const [last, setLast] = useFollowedWrite(undefined);
  const writeOn = useFeature('crm-write');
  if (!status?.connected || !status.crm || !status.connection) return null;
  const crm = CRM_LABEL[status.crm];
  const mine = (find.result?.people ?? []).filter((m) => m.ref === queryRef);
  const match = mine.find((m) => !m.possible);
  const possible = mine.filter((m) => m.possible);
  const r = match?.record;
  return (
    <section className="card" aria-label={`In ${crm}`} data-testid="crm-person" data-in-crm={match ? 'yes' : possible.length > 0 ? 'possible' : find.result ? 'no' : 'unknown'}>
      <div className="row spread">
        <h3>In {crm}</h3>
        {find.result && <span className={`chip ${match ? 'yes' : possible.length > 0 ? 'warn' : ''}`}>{match ? `In ${crm}` : possible.length > 0 ? 'Possible match' : `Not in ${crm}`}</span>}
      </div>
      {find.loading && !find.result && <Skeleton lines={2} label={`Looking in ${crm}`} />}
      {find.error && <CrmErrorNotice error={find.error} crm={crm} onRetry={() => find.reload(true)} onOpenOptions={onOpenOptions} />}
      {match && r && (
        <div className="stack" data-testid="crm-match">
          <CrmRecordLine match={match} crm={crm} />
          {(r.emails.length > 0 || r.phones.length > 0) && (
            <div className="stack" style={{ gap: 4 }}>
              {r.emails.map((email) => (
                <div key={email} className="datum" data-testid="crm-email">
                  <span className="value mono">{email}</span>
                  <CopyButton value={email} label={`email ${email}`} />
                </div>
              ))}
              {r.phones.map((phone) => (
                <div key={phone.value} className="datum" data-testid="crm-phone">
                  <span className="value mono">{phone.value}</span>
                  <CopyButton value={phone.value} label={`phone ${phone.value}`} />
                </div>
              ))}
              <p className="muted small">From {crm}: free, nothing to reveal for these.</p>
            </div>
          )}
        </div>
      )}
      {!match && possible.length > 0 && (
        <div className="stack" data-testid="crm-possible">
          {possible.map((m) => (
            <CrmRecordLine key={m.record.id} match={m} crm={crm} />
          ))}
          <p className="muted small">Only the name agrees: it may be someone else.</p>
        </div>
      )}
      {find.result && !match && possible.length === 0 && <p className="muted small">No {CRM_PERSON_NOUN[status.crm]} in {crm} has this email, LinkedIn URL or name and company.</p>}
      {last && (
        <p className="small" role="status" data-testid="crm-last-save">
          {writeOutcome(last)}
        </p>
      )}
      {person && find.result && writeOn && (
        <div>
          <button type="button" className="btn small" data-testid="crm-save" onClick={() => setSaving(true)}>
            {match ? `Update in ${crm}` : `Save to ${crm}`}
          </button>
        </div>
      )}
      {saving && person && (
        <CrmSaveDialog
          crm={status.crm}
          connection={status.connection}
          person={person}
          company={company}
          recordId={match?.record.id}
          onOpenOptions={onOpenOptions}
          onSaved={(write) => setLast(write)}
          onClose={() => {
            setSaving(false);
            find.reload(true);
          }}
        />
      )}
    </section>
  );
}

/** "In your CRM" for a company: the record found by domain (or name), its owner and last activity. */
export function CrmCompanyBlock({ status, find, queryRef }: { status?: CrmStatus; find: CrmFindState; queryRef: string }) {
  if (!status?.connected || !status.crm) return null;
  const crm = CRM_LABEL[status.crm];
  const mine = (find.result?.companies ?? []).filter((m) => m.ref === queryRef);
  const match = mine.find((m) => !m.possible) ?? mine[0];
  return (
    <section className="card" aria-label={`In ${crm}`} data-testid="crm-company" data-in-crm={match ? (match.possible ? 'possible' : 'yes') : find.result ? 'no' : 'unknown'}>
      <div className="row spread">
        <h3>In {crm}</h3>
        {find.result && <span className={`chip ${match && !match.possible ? 'yes' : match ? 'warn' : ''}`}>{match ? (match.possible ? 'Possible match' : `In ${crm}`) : `Not in ${crm}`}</span>}
      </div>
      {find.loading && !find.result && <Skeleton lines={1} label={`Looking in ${crm}`} />}
      {find.error && <CrmErrorNotice error={find.error} crm={crm} onRetry={() => find.reload(true)} />}
      {match && <CrmRecordLine match={match} crm={crm} />}
      {find.result && !match && <p className="muted small">No company in {crm} has this domain or name.</p>}
    </section>
  );
}

/** A list row's CRM status, as a chip. */
export function CrmRowChip({ crm, matches }: { crm: string; matches: CrmMatch[] }) {
  const match = matches.find((m) => !m.possible);
  if (!match && matches.length === 0) return null;
  const link = safeUrl(match?.record.url);
  const text = match ? `In ${crm}` : `Maybe in ${crm}`;
  return link ? (
    <a className={`chip ${match ? 'yes' : 'warn'}`} data-testid="crm-row-chip" href={link} target="_blank" rel="noreferrer" title={`${match?.record.name ?? ''}${match?.record.owner?.name ? ` · owner ${match.record.owner.name}` : ''}`}>
      {text}
    </a>
  ) : (
    <span className={`chip ${match ? 'yes' : 'warn'}`} data-testid="crm-row-chip">
      {text}
    </span>
  );
}

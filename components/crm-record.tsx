import { useState } from 'react';
import type { ContactPreview, RevealedData, RevealField } from '@/lib/domain/contact';
import type { CrmPersonInput, CrmRecord as CrmRecordData } from '@/lib/domain/crm';
import { personInputFrom } from '@/lib/domain/crm-input';
import { creditWord } from '@/lib/domain/credits';
import type { ContactEntity } from '@/lib/domain/page-context';
import { sendMessage } from '@/lib/messaging/client';
import { CRM_LABEL, useFollowedWrite, type CrmPerson } from '@/lib/ui/crm';
import { usePaidAction } from '@/lib/ui/paid-action';
import { CopyButton } from './ui/copy-button';
import { Skeleton } from './ui/skeleton';
import { CrmErrorNotice } from './crm-error';
import { CrmRecordLine } from './crm-match';
import { writeOutcome } from './crm-outbox';
import { CrmSaveDialog } from './crm-save';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { useFeature } from '@/lib/ui/policy';

/** One empty field of the record that the provider can fill, and what filling it costs (reveals only). */
interface Fillable {
  field: 'email' | 'phone' | 'title' | 'linkedinUrl';
  label: string;
  /** The reveal it needs, if any. */
  reveal?: RevealField;
  credits: number;
}

/** The record's empty fields the provider can fill: email and phone by a reveal, title and profile from the preview. */
export function fillableFields(record: CrmRecordData, preview: ContactPreview, revealed: RevealedData | undefined, linkedinField: string | null): Fillable[] {
  const offer = (field: RevealField) => preview.canReveal.find((entry) => entry.field === field);
  const already = (field: RevealField) => revealed?.revealedAt[field] !== undefined;
  const out: Fillable[] = [];
  const email = offer('emails');
  if (record.emails.length === 0 && (email || (revealed?.emails?.length ?? 0) > 0)) out.push({ field: 'email', label: 'email', reveal: 'emails', credits: already('emails') ? 0 : (email?.credits ?? 0) });
  const phone = offer('phones');
  if (record.phones.length === 0 && (phone || (revealed?.phones?.length ?? 0) > 0)) out.push({ field: 'phone', label: 'phone', reveal: 'phones', credits: already('phones') ? 0 : (phone?.credits ?? 0) });
  if (!record.title && preview.title) out.push({ field: 'title', label: 'title', credits: 0 });
  if (!record.linkedinUrl && preview.linkedinUrl && linkedinField) out.push({ field: 'linkedinUrl', label: 'LinkedIn URL', credits: 0 });
  return out;
}

/** What to write: only the fields being filled, from the preview and what was revealed. */
function fillInput(fill: Fillable[], entity: ContactEntity, preview: ContactPreview, revealed: RevealedData | undefined): CrmPersonInput {
  const full = personInputFrom(entity, preview, revealed);
  const wanted = new Set(fill.map((f) => f.field));
  return {
    ...(wanted.has('email') && full.emails ? { emails: full.emails } : {}),
    ...(wanted.has('phone') && full.phones ? { phones: full.phones } : {}),
    ...(wanted.has('title') && full.title ? { title: full.title } : {}),
    ...(wanted.has('linkedinUrl') && full.linkedinUrl ? { linkedinUrl: full.linkedinUrl } : {}),
  };
}

interface CrmRecordProps {
  /** What the page shows. */
  record: ContactEntity;
  preview?: ContactPreview;
  revealed?: RevealedData;
  /** The connected CRM's view of this record (when this page is the connected CRM's). */
  crm?: CrmPerson;
  onRevealed(data: RevealedData): void;
  onOpenOptions(): void;
}

/**
 * On a CRM record page: what the record holds (read fresh from the CRM when it is the connected one), and "Fill 3
 * empty fields from Lusha · 2 credits": the reveals it needs are one paid click, then the diff is shown and only
 * the empty fields are written back to this record.
 */
export function CrmRecord({ record, preview, revealed, crm, onRevealed, onOpenOptions }: CrmRecordProps) {
  const live = crm?.page;
  const status = crm?.status;
  const writeOn = useFeature('crm-write');
  const [writing, setWriting] = useState<{ person: CrmPersonInput; recordId: string }>();
  const [last, setLast] = useFollowedWrite(undefined);
  const fields = live?.record && preview && status?.connection ? fillableFields(live.record, preview, revealed, status.connection.linkedinField) : [];
  const credits = fields.reduce((sum, f) => sum + f.credits, 0);
  const fill = usePaidAction(
    async (_: void, confirmedCredits, intentId) => {
      const reveals = [...new Set(fields.flatMap((f) => (f.reveal && f.credits > 0 ? [f.reveal] : [])))];
      return reveals.length > 0 && preview ? sendMessage('revealForCrm', { contactId: preview.id, fields: reveals, confirmedCredits, intentId }) : revealed;
    },
    (data) => {
      if (data) onRevealed(data);
      if (live?.record && preview) setWriting({ person: fillInput(fields, record, preview, data ?? revealed), recordId: live.record.id });
    },
  );

  // Not the connected CRM's page (or none connected): what the page itself shows, and what the provider could add.
  if (!live || !status?.crm) {
    const offer = (field: RevealField) => preview?.canReveal.find((entry) => entry.field === field);
    const rows: { label: string; value?: string; field?: RevealField }[] = [
      { label: 'Email', value: record.email, field: 'emails' },
      { label: 'Phone', value: record.phone, field: 'phones' },
      { label: 'Title', value: record.title },
      { label: 'Company', value: record.companyName },
    ];
    return (
      <section className="card" aria-label="This CRM record" data-testid="crm-record">
        <h3>In your CRM</h3>
        <dl className="facts">
          {rows.map(({ label, value, field }) => {
            const extra = field ? offer(field) : undefined;
            return (
              <div key={label} style={{ display: 'contents' }}>
                <dt>{label}</dt>
                <dd className="row spread" style={{ gap: 6 }}>
                  {value ? (
                    <>
                      <span className={field ? 'mono' : undefined} style={{ overflowWrap: 'anywhere' }}>
                        {value}
                      </span>
                      <CopyButton value={value} label={`${label.toLowerCase()} ${value}`} />
                    </>
                  ) : (
                    <span className="muted">{extra ? `Missing · Lusha can add it (${extra.credits === 0 ? 'already paid' : creditWord(extra.credits)})` : 'Missing'}</span>
                  )}
                </dd>
              </div>
            );
          })}
        </dl>
        {!status?.connected && <p className="muted small">Connect this CRM in options to fill empty fields straight back into the record.</p>}
      </section>
    );
  }

  const label = CRM_LABEL[status.crm];
  const r = live.record;
  return (
    <section className="card" aria-label="This CRM record" data-testid="crm-record" data-live="yes">
      <div className="row spread">
        <h3>This {label} record</h3>
        {r && <span className="chip yes">Read from {label}</span>}
      </div>
      {live.loading && !r && <Skeleton lines={3} label={`Reading the record from ${label}`} />}
      {live.error && <CrmErrorNotice error={live.error} crm={label} onRetry={live.reload} onOpenOptions={onOpenOptions} />}
      {r && (
        <>
          <CrmRecordLine match={{ ref: 'page', by: 'email', possible: false, record: r }} crm={label} hideBy />
          <dl className="facts">
            <dt>Email</dt>
            <dd>{r.emails.length > 0 ? r.emails.join(', ') : <span className="muted">empty</span>}</dd>
            <dt>Phone</dt>
            <dd>{r.phones.length > 0 ? r.phones.map((p) => p.value).join(', ') : <span className="muted">empty</span>}</dd>
            <dt>Title</dt>
            <dd>{r.title ?? <span className="muted">empty</span>}</dd>
            {status.connection?.linkedinField && (
              <>
                <dt>LinkedIn</dt>
                <dd>{r.linkedinUrl ?? <span className="muted">empty</span>}</dd>
              </>
            )}
          </dl>
          {!writeOn ? (
            <p className="muted small" data-testid="crm-write-off">Writing to your CRM is turned off by your organisation.</p>
          ) : preview && fields.length > 0 ? (
            <div className="stack" style={{ gap: 6 }}>
              <p className="muted small">
                Lusha can fill {fields.map((f) => f.label).join(', ')}. {label}’s own values are never replaced without you choosing.
              </p>
              <div>
                <button type="button" className="btn primary small" data-testid="crm-fill" disabled={fill.busy} onClick={() => fill.start()}>
                  {fill.busy
                    ? 'Filling…'
                    : `Fill ${fields.length} empty ${fields.length === 1 ? 'field' : 'fields'} from Lusha · ${credits > 0 ? creditWord(credits) : 'free'}`}
                </button>
              </div>
            </div>
          ) : (
            preview && <p className="muted small">Nothing Lusha holds is missing from this record.</p>
          )}
        </>
      )}
      {last && (
        <p className="small" role="status" data-testid="crm-last-save">
          {writeOutcome(last)}
        </p>
      )}
      {fill.error && <ErrorNotice error={fill.error} onRetry={fill.retry} retryCredits={credits} onOpenOptions={onOpenOptions} />}
      {fill.confirm && (
        <SpendConfirm
          title={`Fill ${fields.length} ${fields.length === 1 ? 'field' : 'fields'} for ${creditWord(fill.confirm.credits)}?`}
          body={`Revealing ${fields.filter((f) => f.credits > 0).map((f) => f.label).join(' and ')} costs ${creditWord(fill.confirm.credits)} from your Lusha account. Sidecar then shows what it would write to ${label} before writing it.`}
          confirmLabel={`Reveal · ${creditWord(fill.confirm.credits)}`}
          cost={fill.confirm.credits}
          onConfirm={fill.confirmed}
          onCancel={fill.cancel}
        />
      )}
      {writing && status.connection && (
        <CrmSaveDialog
          crm={status.crm}
          connection={status.connection}
          person={writing.person}
          recordId={writing.recordId}
          onOpenOptions={onOpenOptions}
          onSaved={setLast}
          onClose={() => {
            setWriting(undefined);
            live.reload();
          }}
        />
      )}
    </section>
  );
}

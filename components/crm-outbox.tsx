import { useCallback, useEffect, useState } from 'react';
import type { CrmWriteView } from '@/lib/domain/crm-save';
import { sendMessage } from '@/lib/messaging/client';
import type { CrmStatus } from '@/lib/messaging/crm';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { CRM_LABEL } from '@/lib/ui/crm';
import { safeUrl } from '@/lib/ui/safe-url';
import { CrmErrorNotice } from './crm-error';

const FIELD_WORD: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  title: 'title',
  companyName: 'company',
  email: 'email',
  phone: 'phone',
  mobilePhone: 'mobile',
  linkedinUrl: 'LinkedIn URL',
  emails: 'emails',
  phones: 'phones',
};
export const fieldWord = (field: string): string => FIELD_WORD[field] ?? field;

/** What became of one write, in a few words. */
export function writeOutcome(write: CrmWriteView): string {
  const crm = CRM_LABEL[write.crm];
  const p = write.progress;
  const written = p.written?.length ? `filled ${p.written.map(fieldWord).join(', ')}` : 'nothing to fill';
  const conflicts = p.conflicts?.length ? `; ${p.conflicts.length} ${p.conflicts.length === 1 ? 'conflict' : 'conflicts'} left (${p.conflicts.map(fieldWord).join(', ')})` : '';
  switch (write.state) {
    case 'applied':
      if (write.action === 'update') return `Updated in ${crm}: ${written}${conflicts}`;
      if (p.reconciled === 'duplicate') return `Already in ${crm}: ${written}${conflicts}`;
      return `Created in ${crm}${p.companyCreated ? ' with a new company' : ''}`;
    case 'pending':
      return write.sending ? 'Sending…' : write.attempts === 0 ? 'Waiting its turn' : 'Waiting to send again';
    case 'review':
      return `${crm} may already hold this person`;
    case 'failed':
      return `Not saved`;
    case 'dropped':
      return 'Dropped';
  }
}

const STATE_CHIP: Record<CrmWriteView['state'], string> = { applied: 'yes', pending: '', review: 'warn', failed: 'warn', dropped: '' };

/** One write: where it stands, why, and what the user can do about it. */
export function CrmWriteRow({ write, onAct, onOpenOptions }: { write: CrmWriteView; onAct(action: 'retry' | 'drop', choice?: { createAnyway?: boolean; updateRecordId?: string; allowDuplicate?: boolean }): void; onOpenOptions?(): void }) {
  const crm = CRM_LABEL[write.crm];
  const link = safeUrl(write.progress.url);
  return (
    <li className="crm-write stack" data-testid="crm-write" data-state={write.state}>
      <div className="row spread" style={{ gap: 6, alignItems: 'baseline' }}>
        <span className="person-name">{write.label}</span>
        <span className={`chip ${STATE_CHIP[write.state]}`} data-testid="crm-write-outcome">
          {writeOutcome(write)}
        </span>
      </div>
      {write.state === 'applied' && link && (
        <a className="small" href={link} target="_blank" rel="noreferrer">
          Open in {crm} ↗
        </a>
      )}
      {write.error && write.state !== 'applied' && <CrmErrorNotice error={write.error} crm={crm} onOpenOptions={onOpenOptions} />}
      {write.state === 'review' && (
        <div className="stack small">
          {(write.candidates ?? []).map((candidate) => (
            <div key={candidate.id} className="row spread" style={{ gap: 6 }}>
              <span>
                {candidate.name ?? 'Unnamed'}
                {candidate.company ? ` · ${candidate.company}` : ''}
                {candidate.emails[0] ? ` · ${candidate.emails[0]}` : ''}
              </span>
              <button type="button" className="btn small" onClick={() => onAct('retry', { updateRecordId: candidate.id })}>
                Update this one
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="btn small" onClick={() => onAct('retry', { createAnyway: true })}>
              Create a new one anyway
            </button>
          </div>
        </div>
      )}
      {(write.state === 'failed' || write.state === 'review' || (write.state === 'pending' && !write.sending && write.attempts > 0)) && (
        <div className="row" style={{ gap: 6, flexWrap: 'wrap' }}>
          {write.state !== 'review' && (
            <button type="button" className="btn small" onClick={() => onAct('retry')}>
              {write.state === 'pending' ? 'Send now' : 'Send again'}
            </button>
          )}
          {write.error?.kind === 'duplicate' && write.error.reason === 'alert' && (
            <button type="button" className="btn small" onClick={() => onAct('retry', { allowDuplicate: true })}>
              Save anyway
            </button>
          )}
          <button type="button" className="btn small danger" onClick={() => onAct('drop')}>
            Drop
          </button>
        </div>
      )}
    </li>
  );
}

/** Every write that has not gone yet (or needs the user), then the ones that went, newest first. */
export function CrmOutbox({ onOpenOptions, showApplied = false }: { onOpenOptions?(): void; showApplied?: boolean }) {
  const [writes, setWrites] = useState<CrmWriteView[]>();
  const load = useCallback(() => {
    void sendMessage('getCrmOutbox', {}).then(setWrites, () => undefined);
  }, []);
  useEffect(load, [load]);
  useBroadcasts(useCallback((message) => message.event === 'crmChanged' && load(), [load]));
  const act = (id: string, action: 'retry' | 'drop', choice?: { createAnyway?: boolean; updateRecordId?: string; allowDuplicate?: boolean }) =>
    void sendMessage('actOnCrmWrite', { id, action, ...choice }).then(load, load);
  const open = (writes ?? []).filter((w) => w.state !== 'applied').reverse();
  const done = (writes ?? []).filter((w) => w.state === 'applied').reverse().slice(0, 10);
  if (!writes || (open.length === 0 && (!showApplied || done.length === 0))) return null;
  return (
    <section className="card" aria-label="CRM outbox" data-testid="crm-outbox">
      <div className="row spread">
        <h2>CRM outbox</h2>
        <span className="chip">{open.length} waiting</span>
      </div>
      <p className="muted small">Saves to your CRM wait here until the CRM has them, across restarts. Nothing is written twice.</p>
      <ul className="people">
        {open.map((write) => (
          <CrmWriteRow key={write.id} write={write} onAct={(action, choice) => act(write.id, action, choice)} onOpenOptions={onOpenOptions} />
        ))}
        {showApplied && done.map((write) => <CrmWriteRow key={write.id} write={write} onAct={(action, choice) => act(write.id, action, choice)} />)}
      </ul>
    </section>
  );
}

/** The panel's one line about the outbox when writes wait or need the user, opening the list. */
export function CrmOutboxNotice({ status, onOpenOptions }: { status?: CrmStatus; onOpenOptions?(): void }) {
  const [open, setOpen] = useState(false);
  if (!status?.connected || !status.crm) return null;
  const needs = status.outbox.failed + status.outbox.review;
  const waiting = status.outbox.pending;
  if (needs + waiting === 0 && !open) return null;
  const crm = CRM_LABEL[status.crm];
  return (
    <div className="stack" data-testid="crm-outbox-notice">
      <div className={`notice ${needs > 0 ? 'warn' : ''} row spread`} style={{ display: 'flex', padding: '8px 12px' }}>
        <span className="small">
          {needs > 0 ? `${needs} ${needs === 1 ? 'write' : 'writes'} to ${crm} need you` : `${waiting} ${waiting === 1 ? 'write' : 'writes'} to ${crm} waiting to send`}
          {needs > 0 && waiting > 0 ? ` · ${waiting} waiting` : ''}
        </span>
        <button type="button" className="btn small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open && <CrmOutbox onOpenOptions={onOpenOptions} />}
    </div>
  );
}

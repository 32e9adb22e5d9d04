import { useCallback, useEffect, useState } from 'react';
import type { CrmMatch } from '@/lib/domain/crm';
import type { CrmWriteView } from '@/lib/domain/crm-save';
import type { SidecarErrorData } from '@/lib/domain/errors';
import type { ContactEntity } from '@/lib/domain/page-context';
import { sendMessage } from '@/lib/messaging/client';
import type { CrmStatus } from '@/lib/messaging/crm';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { CRM_LABEL, CRM_PERSON_NOUN } from '@/lib/ui/crm';
import { errorData, newIntentId } from '@/lib/ui/paid-action';
import { lookupForEntity } from '@/lib/ui/subject';
import { CrmErrorNotice } from './crm-error';
import { CrmWriteRow } from './crm-outbox';
import { Modal } from './crm-save';

interface CrmBulkSaveProps {
  status?: CrmStatus;
  people: ContactEntity[];
  /** Each row's CRM matches (from the list's one batched find), by row. */
  matchesOf(index: number): CrmMatch[];
  /** Whether the CRM has answered for the list yet. */
  checked: boolean;
  onOpenOptions(): void;
  /** Every row of the job has had its try: the list's CRM status is read again. */
  onDone?(): void;
}

/**
 * "Save 12 to HubSpot" on a list: everyone the CRM does not hold yet, saved from what Sidecar holds about them (the
 * page, the preview, what was revealed; no credits), behind one confirmation, with each row's result. The outbox
 * sends them one by one within the CRM's limits and keeps any it could not send.
 */
export function CrmBulkSave({ status, people, matchesOf, checked, onOpenOptions, onDone }: CrmBulkSaveProps) {
  const [confirming, setConfirming] = useState(false);
  const [jobId, setJobId] = useState<string>();
  const [writes, setWrites] = useState<CrmWriteView[]>([]);
  const [error, setError] = useState<SidecarErrorData>();
  const running = writes.some((w) => w.state === 'pending' && (w.sending || w.attempts === 0));

  // Follow the job while any of its rows waits (a row waiting out a rate limit goes again by itself).
  const refresh = useCallback(() => {
    if (!jobId) return;
    sendMessage('getCrmOutbox', { jobId }).then(setWrites, (caught: unknown) => setError(errorData(caught)));
  }, [jobId]);
  useBroadcasts(useCallback((message) => message.event === 'crmChanged' && refresh(), [refresh]));
  const waiting = writes.some((w) => w.state === 'pending');
  const settled = jobId !== undefined && writes.length > 0 && !running;
  useEffect(() => {
    if (settled) onDone?.();
  }, [settled, onDone]);
  useEffect(() => {
    if (!jobId || !waiting) return;
    const timer = setInterval(refresh, 1000);
    return () => clearInterval(timer);
  }, [jobId, waiting, refresh]);

  if (!status?.connected || !status.crm) return null;
  const crm = CRM_LABEL[status.crm];
  const noun = CRM_PERSON_NOUN[status.crm];
  const chosen = people.flatMap((person, index) => (lookupForEntity(person) && !matchesOf(index).some((m) => !m.possible) ? [index] : []));
  const count = chosen.length;

  const start = async () => {
    setConfirming(false);
    setError(undefined);
    const id = newIntentId();
    try {
      const views = await sendMessage('saveListToCrm', { jobId: id, people: chosen.map((index) => people[index]!) });
      setWrites(views);
      setJobId(id);
    } catch (caught) {
      setError(errorData(caught));
    }
  };

  const tally = (state: CrmWriteView['state']) => writes.filter((w) => w.state === state).length;
  return (
    <div className="stack" data-testid="crm-bulk">
      <div className="row spread" style={{ gap: 6 }}>
        <span className="muted small">{checked ? `${people.length - count} of ${people.length} already in ${crm}` : `Checking ${crm}…`}</span>
        <button type="button" className="btn small" data-testid="crm-bulk-save" disabled={!checked || count === 0 || running} onClick={() => setConfirming(true)}>
          {count === 0 ? `Everyone is in ${crm}` : `Save ${count} to ${crm}`}
        </button>
      </div>
      {error && <CrmErrorNotice error={error} crm={crm} onOpenOptions={onOpenOptions} />}
      {writes.length > 0 && (
        <div className="stack" data-testid="crm-bulk-results">
          <p className="small" role="status">
            {running ? `Saving to ${crm}… ${writes.length - writes.filter((w) => w.state === 'pending').length} of ${writes.length}` : `${crm}: ${tally('applied')} saved`}
            {tally('review') > 0 ? ` · ${tally('review')} to check` : ''}
            {tally('failed') > 0 ? ` · ${tally('failed')} not saved` : ''}
            {!running && tally('pending') > 0 ? ` · ${tally('pending')} waiting` : ''}
          </p>
          <ul className="people">
            {writes.map((write) => (
              <CrmWriteRow
                key={write.id}
                write={write}
                onOpenOptions={onOpenOptions}
                onAct={(action, choice) =>
                  void sendMessage('actOnCrmWrite', { id: write.id, action, ...choice }).then((next) => next && setWrites((all) => all.map((w) => (w.id === next.id ? next : w))))
                }
              />
            ))}
          </ul>
        </div>
      )}
      {confirming && (
        <Modal label={`Save ${count} ${count === 1 ? 'person' : 'people'} to ${crm}?`} onClose={() => setConfirming(false)} testId="crm-bulk-confirm">
          <p className="muted">
            Sidecar creates a {noun} for each, with name, title, company and LinkedIn URL, and the emails and phones you revealed, each filed under its
            company (found by domain, or created) with a note saying where it came from. Anyone {crm} turns out to have already gets only their
            empty fields filled. Nothing is revealed: no credits.
          </p>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="btn primary" autoFocus onClick={() => void start()}>
              Save {count} to {crm}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

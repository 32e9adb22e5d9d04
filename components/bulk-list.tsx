import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { SidecarErrorData } from '@/lib/domain/errors';
import type { ContactEntity } from '@/lib/domain/page-context';
import { sendMessage } from '@/lib/messaging/client';
import type { BulkJob } from '@/lib/messaging/insights';
import type { ContactView } from '@/lib/messaging/protocol';
import { contactsCsv, download } from '@/lib/ui/export';
import { errorData, newIntentId } from '@/lib/ui/paid-action';
import { lookupForEntity } from '@/lib/ui/subject';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { creditWord } from '@/lib/domain/credits';

type RowState = { state: 'checking' } | { state: 'no-lookup' } | { state: 'error'; error: SidecarErrorData } | { state: 'done'; view: ContactView };

type Status = 'checking' | 'found' | 'queued' | 'revealed' | 'no-email' | 'not-found' | 'restricted' | 'failed' | 'unknown' | 'not-looked-up';

const STATUS_LABEL: Record<Status, string> = {
  checking: 'Checking…',
  found: 'Email',
  queued: 'Revealing…',
  revealed: 'Email revealed',
  'no-email': 'No email',
  'not-found': 'Not found',
  restricted: 'Restricted',
  failed: 'Failed',
  unknown: 'Can’t look up',
  'not-looked-up': 'Not looked up',
};

const SUMMARY_LABEL: Record<Status, string> = {
  checking: 'being checked',
  found: 'with an email to reveal',
  queued: 'being revealed',
  revealed: 'revealed',
  'no-email': 'without an email',
  'not-found': 'not found',
  restricted: 'restricted',
  failed: 'failed',
  unknown: 'without a profile link',
  'not-looked-up': 'not looked up (automatic lookups are off)',
};

/** Whether a row's lookup waits for the user (automatic lookups off). */
function isOffered(row: RowState | undefined): boolean {
  return row?.state === 'error' && row.error.kind === 'needs-confirmation' && row.error.reason === 'auto-lookup-off';
}

function statusOf(row: RowState | undefined): Status {
  if (!row || row.state === 'checking') return 'checking';
  if (row.state === 'no-lookup') return 'unknown';
  if (isOffered(row)) return 'not-looked-up';
  if (row.state === 'error') return 'failed';
  const { result, revealed } = row.view;
  if (result.status === 'not-found') return 'not-found';
  if (result.status === 'restricted') return 'restricted';
  if (result.status === 'failed') return 'failed';
  if (revealed?.revealedAt.emails !== undefined) return 'revealed';
  return result.preview.canReveal.some((offer) => offer.field === 'emails') ? 'found' : 'no-email';
}

function emailPrice(row: RowState | undefined): number {
  if (row?.state !== 'done' || row.view.result.status !== 'found') return 0;
  return row.view.result.preview.canReveal.find((offer) => offer.field === 'emails')?.credits ?? 0;
}

function contactIdOf(row: RowState | undefined): string | undefined {
  return row?.state === 'done' && row.view.result.status === 'found' ? row.view.result.preview.id : undefined;
}

/**
 * A list page (people search, Sales Navigator list): everyone on it with what Lusha holds, checked in one batched
 * search; select some or all, reveal their emails behind one confirmation of the total, follow the progress,
 * cancel, and download what was revealed as CSV. One click on a name opens that person.
 */
export function BulkList({
  people,
  onSelect,
  onOpenOptions,
  rowExtra,
  extra,
}: {
  people: ContactEntity[];
  onSelect(index: number): void;
  onOpenOptions(): void;
  /** More about a row (its CRM status), shown under its name. */
  rowExtra?(index: number): ReactNode;
  /** More for the whole list (saving it to the CRM), shown under the reveal actions. */
  extra?: ReactNode;
}) {
  const [rows, setRows] = useState<RowState[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirm, setConfirm] = useState<number>();
  const [job, setJob] = useState<BulkJob>();
  const [error, setError] = useState<SidecarErrorData>();
  const [starting, setStarting] = useState(false);
  /** Looking up the rows automatic lookups left (the user's click): what it costs, while asking first. */
  const [lookupConfirm, setLookupConfirm] = useState<number>();
  const selectAllId = useId();
  const peopleKey = JSON.stringify(people.map((person) => person.linkedinUrl ?? person.salesNavUrl ?? person.fullName));

  const check = useCallback(
    (indexes: number[], origin: 'auto' | 'click' = 'auto', confirmedCredits?: number) => {
      const asked = indexes.flatMap((index) => {
        const lookup = lookupForEntity(people[index]!);
        if (!lookup) setRows((current) => Object.assign([...current], { [index]: { state: 'no-lookup' } }));
        return lookup ? [{ index, lookup }] : [];
      });
      // One message per 100 people: each becomes one batched search.
      for (let start = 0; start < asked.length; start += 100) {
        const part = asked.slice(start, start + 100);
        void sendMessage('lookupContacts', { lookups: part.map((item) => item.lookup), origin, confirmedCredits })
          .then((answers) => {
            const asks = answers.find((answer) => !answer.ok && answer.error.kind === 'needs-confirmation' && answer.error.reason !== 'auto-lookup-off');
            if (asks && !asks.ok) setLookupConfirm(asks.error.credits);
            return answers.map((answer): RowState => (answer.ok ? { state: 'done', view: answer.view } : { state: 'error', error: answer.error }));
          })
          .catch((caught) => part.map((): RowState => ({ state: 'error', error: errorData(caught) })))
          .then((settled) =>
            setRows((current) => {
              const next = [...current];
              part.forEach((item, position) => (next[item.index] = settled[position]!));
              return next;
            }),
          );
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `peopleKey` is the list
    [peopleKey],
  );

  // Everyone on the page, looked up together (the engine sends them as one batched search). Once per list:
  // `check` changes only when the people do.
  const count = people.length;
  useEffect(() => {
    setRows(Array.from({ length: count }, () => ({ state: 'checking' })));
    setSelected(new Set());
    check(Array.from({ length: count }, (_, index) => index));
  }, [check, count]);

  // Follow a running bulk reveal; when it ends, read the rows again (from the store: no request, no credit).
  const running = job?.state === 'running';
  const jobId = job?.jobId;
  useEffect(() => {
    if (!jobId || !running) return;
    const timer = setInterval(() => {
      sendMessage('getBulkJob', { jobId })
        .then((next) => {
          setJob(next);
          if (next.state !== 'running') {
            check(Array.from({ length: count }, (_, index) => index));
            setSelected(new Set());
          }
        })
        .catch((caught) => setError(errorData(caught)));
    }, 400);
    return () => clearInterval(timer);
  }, [jobId, running, check, count]);

  // While a job runs, each row shows where its reveal stands.
  const jobStatus = useMemo(() => new Map(job?.state === 'running' ? job.items.map((item) => [item.contactId, item.status]) : []), [job]);
  const statuses = useMemo(
    () =>
      people.map((_, index): Status => {
        const inJob = jobStatus.get(contactIdOf(rows[index]) ?? '');
        if (inJob === 'revealed') return 'revealed';
        if (inJob === 'queued') return 'queued';
        return statusOf(rows[index]);
      }),
    [people, rows, jobStatus],
  );
  const selectable = statuses.flatMap((status, index) => (status === 'found' ? [index] : []));
  const chosen = selectable.filter((index) => selected.has(index));
  const total = chosen.reduce((sum, index) => sum + emailPrice(rows[index]), 0);
  const revealedRows = statuses.flatMap((status, index) => (status === 'revealed' ? [index] : []));
  const counts = statuses.reduce<Partial<Record<Status, number>>>((acc, status) => ({ ...acc, [status]: (acc[status] ?? 0) + 1 }), {});
  const offered = people.flatMap((_, index) => (isOffered(rows[index]) ? [index] : []));
  const offeredRow = rows[offered[0] ?? -1];
  const lookupCredits = offeredRow?.state === 'error' ? (offeredRow.error.credits ?? 0) : 0;

  async function begin(confirmedCredits: number) {
    setConfirm(undefined);
    setStarting(true);
    setError(undefined);
    const contactIds = chosen.map((index) => contactIdOf(rows[index])).filter((id): id is string => id !== undefined);
    try {
      // The click's own id: sent again after a lost answer, it finds this job instead of starting a second one.
      const { jobId } = await sendMessage('startBulkReveal', { contactIds, field: 'emails', confirmedCredits, jobId: newIntentId() });
      setJob(await sendMessage('getBulkJob', { jobId }));
    } catch (caught) {
      const data = errorData(caught);
      if (data.kind === 'needs-confirmation' && data.credits !== undefined) setConfirm(data.credits);
      else setError(data);
    } finally {
      setStarting(false);
    }
  }

  function exportCsv() {
    const revealed = revealedRows.flatMap((index) => {
      const row = rows[index];
      if (row?.state !== 'done' || row.view.result.status !== 'found' || !row.view.revealed) return [];
      return [{ ...row.view.revealed, preview: row.view.result.preview }];
    });
    download(`sidecar-list-${new Date().toISOString().slice(0, 10)}.csv`, contactsCsv({ exportedAt: Date.now(), revealed, ledger: [] }), 'text/csv');
  }

  const progress = job ? Math.round((job.done / Math.max(1, job.total)) * 100) : 0;

  return (
    <section className="card" aria-label="People on this page" data-testid="bulk-list">
      <div className="row spread">
        <h2>People on this page</h2>
        <span className="chip">{people.length}</span>
      </div>
      {people.length === 0 ? (
        <p className="muted">Sidecar sees no one on this page yet. Results that load later appear here by themselves.</p>
      ) : (
        <>
          <p className="muted small" data-testid="bulk-summary">
            {(['found', 'queued', 'revealed', 'no-email', 'not-found', 'restricted', 'failed', 'not-looked-up', 'checking'] as Status[])
              .filter((status) => counts[status])
              .map((status) => `${counts[status]} ${SUMMARY_LABEL[status]}`)
              .join(' · ')}
          </p>
          {offered.length > 0 && (
            <div className="row spread" data-testid="bulk-lookup-offer">
              <span className="muted small">Automatic lookups are off: Lusha has not been asked about these people.</span>
              <button type="button" className="btn small" onClick={() => check(offered, 'click')}>
                Look up {offered.length} · up to {creditWord(lookupCredits)}
              </button>
            </div>
          )}
          <div className="row spread bulk-actions">
            <label htmlFor={selectAllId} className="row small" style={{ gap: 6 }}>
              <input
                id={selectAllId}
                type="checkbox"
                disabled={selectable.length === 0 || running}
                checked={selectable.length > 0 && chosen.length === selectable.length}
                ref={(input) => {
                  if (input) input.indeterminate = chosen.length > 0 && chosen.length < selectable.length;
                }}
                onChange={(event) => setSelected(event.target.checked ? new Set(selectable) : new Set())}
              />
              Select all {selectable.length > 0 ? selectable.length : ''}
            </label>
            <button
              type="button"
              className="btn primary small"
              data-testid="bulk-reveal"
              disabled={chosen.length === 0 || running || starting}
              onClick={() => (total > 0 ? setConfirm(total) : void begin(0))}
            >
              {chosen.length === 0 ? 'Select people to reveal' : `Reveal emails for ${chosen.length} · ${creditWord(total)}`}
            </button>
          </div>
          {job && (
            <div className="stack" data-testid="bulk-progress" data-state={job.state}>
              <div className="row spread small">
                <span role="status">
                  {job.state === 'running' && `Revealing… ${job.done} of ${job.total}`}
                  {job.state === 'finished' && `Done: ${job.items.filter((item) => item.status === 'revealed').length} of ${job.total} revealed · ${creditWord(job.credits)}`}
                  {job.state === 'cancelled' && `Cancelled after ${job.done} of ${job.total} · ${creditWord(job.credits)}`}
                  {job.state === 'failed' && `Stopped after ${job.done} of ${job.total} · ${creditWord(job.credits)}`}
                </span>
                {running && (
                  <button
                    type="button"
                    className="btn small danger"
                    data-testid="bulk-cancel"
                    onClick={() => void sendMessage('cancelBulkJob', { jobId: job.jobId }).then(setJob, (caught) => setError(errorData(caught)))}
                  >
                    Cancel
                  </button>
                )}
              </div>
              <div className="meter" role="progressbar" aria-label="Bulk reveal progress" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={job.done}>
                <span style={{ width: `${progress}%` }} />
              </div>
              {job.error && <ErrorNotice error={{ kind: job.error.kind as SidecarErrorData['kind'], message: job.error.message }} onOpenOptions={onOpenOptions} />}
            </div>
          )}
          {error && <ErrorNotice error={error} onOpenOptions={onOpenOptions} />}
          {extra}
          {revealedRows.length > 0 && !running && (
            <div>
              <button type="button" className="btn small" data-testid="bulk-csv" onClick={exportCsv}>
                Download CSV · {revealedRows.length} revealed
              </button>
            </div>
          )}
          <ul className="people" data-testid="people-list">
            {people.map((person, index) => {
              const status = statuses[index]!;
              const price = emailPrice(rows[index]);
              return (
                <li key={`${person.linkedinUrl ?? person.salesNavUrl ?? person.fullName ?? ''}-${index}`} className="bulk-row" data-status={status}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${person.fullName ?? 'this person'}`}
                    disabled={status !== 'found' || running}
                    checked={selected.has(index) && status === 'found'}
                    onChange={(event) =>
                      setSelected((current) => {
                        const next = new Set(current);
                        if (event.target.checked) next.add(index);
                        else next.delete(index);
                        return next;
                      })
                    }
                  />
                  <button type="button" className="person-row" onClick={() => onSelect(index)}>
                    <span className="person-name">{person.fullName ?? 'Unnamed member'}</span>
                    {person.title && <span className="muted small">{person.title}</span>}
                  </button>
                  <span className={`chip status-${status}`} data-testid="bulk-status">
                    {STATUS_LABEL[status]}
                    {status === 'found' ? ` · ${price > 0 ? creditWord(price) : 'paid'}` : ''}
                  </span>
                  {rowExtra && <span className="bulk-extra">{rowExtra(index)}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {lookupConfirm !== undefined && (
        <SpendConfirm
          title={`Look up ${offered.length} people for up to ${creditWord(lookupConfirm)}?`}
          body="Lusha charges its searches about 1 credit per 25 results, from your Lusha account. Sidecar keeps the previews, so opening them again costs nothing."
          confirmLabel={`Look up · ${creditWord(lookupConfirm)}`}
          cost={lookupConfirm}
          onConfirm={() => {
            const credits = lookupConfirm;
            setLookupConfirm(undefined);
            check(offered, 'click', credits);
          }}
          onCancel={() => setLookupConfirm(undefined)}
        />
      )}
      {confirm !== undefined && (
        <SpendConfirm
          title={`Reveal ${chosen.length} ${chosen.length === 1 ? 'email' : 'emails'} for ${creditWord(confirm)}?`}
          body={`The ${creditWord(confirm)} ${confirm === 1 ? 'comes' : 'come'} from your Lusha account, for everyone selected at once. You can cancel while it runs; Sidecar keeps every email it reveals.`}
          confirmLabel={`Reveal ${chosen.length} · ${creditWord(confirm)}`}
          cost={confirm}
          returnFocusSelector='[data-testid="bulk-reveal"]'
          allowDontAsk={false}
          onConfirm={() => void begin(confirm)}
          onCancel={() => setConfirm(undefined)}
        />
      )}
    </section>
  );
}

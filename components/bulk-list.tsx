import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { RevealField } from '@/lib/domain/contact';
import type { SidecarErrorData } from '@/lib/domain/errors';
import type { ContactEntity } from '@/lib/domain/page-context';
import { sendMessage } from '@/lib/messaging/client';
import type { BulkJob } from '@/lib/messaging/insights';
import type { ContactView } from '@/lib/messaging/protocol';
import { contactsCsv, download } from '@/lib/ui/export';
import { errorData, newIntentId } from '@/lib/ui/paid-action';
import { lookupForEntity } from '@/lib/ui/subject';
import { useFeature } from '@/lib/ui/policy';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { creditWord } from '@/lib/domain/credits';

type RowState = { state: 'checking' } | { state: 'no-lookup' } | { state: 'error'; error: SidecarErrorData } | { state: 'done'; view: ContactView };

type Status = 'checking' | 'found' | 'queued' | 'revealed' | 'no-email' | 'not-found' | 'restricted' | 'failed' | 'unknown' | 'not-looked-up';

const NOUN: Record<RevealField, { one: string; many: string; Cap: string }> = {
  emails: { one: 'email', many: 'emails', Cap: 'Email' },
  phones: { one: 'phone', many: 'phones', Cap: 'Phone' },
};

/** A status's words for the field being revealed ("Email", "No phone"…). */
function label(table: Record<Status, string>, status: Status, field: RevealField): string {
  const noun = NOUN[field];
  return table[status].replace('an email', field === 'emails' ? 'an email' : `a ${noun.one}`).replace('Email', noun.Cap).replace('email', noun.one);
}

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

function statusOf(row: RowState | undefined, field: RevealField): Status {
  if (!row || row.state === 'checking') return 'checking';
  if (row.state === 'no-lookup') return 'unknown';
  if (isOffered(row)) return 'not-looked-up';
  if (row.state === 'error') return 'failed';
  const { result, revealed } = row.view;
  if (result.status === 'not-found') return 'not-found';
  if (result.status === 'restricted') return 'restricted';
  if (result.status === 'failed') return 'failed';
  if (revealed?.revealedAt[field] !== undefined) return 'revealed';
  return result.preview.canReveal.some((offer) => offer.field === field) ? 'found' : 'no-email';
}

function fieldPrice(row: RowState | undefined, field: RevealField): number {
  if (row?.state !== 'done' || row.view.result.status !== 'found') return 0;
  return row.view.result.preview.canReveal.find((offer) => offer.field === field)?.credits ?? 0;
}

/** What watching a found row needs: the person's id, name and links (watching is free). */
function watchInputOf(row: RowState | undefined) {
  if (row?.state !== 'done' || row.view.result.status !== 'found') return undefined;
  const { preview } = row.view.result;
  const name = preview.fullName ?? ([preview.firstName, preview.lastName].filter(Boolean).join(' ') || 'Unnamed');
  return {
    kind: 'contact' as const,
    id: preview.id,
    name,
    ...(preview.title ? { title: preview.title } : {}),
    ...(preview.companyName ? { companyName: preview.companyName } : {}),
    ...(preview.companyDomain ? { domain: preview.companyDomain } : {}),
    ...(preview.linkedinUrl ? { linkedinUrl: preview.linkedinUrl } : {}),
  };
}

function contactIdOf(row: RowState | undefined): string | undefined {
  return row?.state === 'done' && row.view.result.status === 'found' ? row.view.result.preview.id : undefined;
}

/** What identifies a list of people: who is on it, in order. */
function listKey(people: ContactEntity[]): string {
  return JSON.stringify(people.map((person) => person.linkedinUrl ?? person.salesNavUrl ?? person.fullName));
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
  /** Which field the selection reveals: emails (1 credit each by default) or phones (5). */
  const [field, setField] = useState<RevealField>('emails');
  const [watched, setWatched] = useState<string>();
  /** Looking up the rows automatic lookups left (the user's click): what it costs, while asking first. */
  const [lookupConfirm, setLookupConfirm] = useState<number>();
  const selectAllId = useId();
  // The organisation may switch bulk reveals (and contact exports) off: the list still opens people one by one.
  const bulkOn = useFeature('bulk');
  const exportOn = useFeature('export');
  /** Watching is a daily signals check: it goes with signals. */
  const watchOn = useFeature('signals');
  const peopleKey = listKey(people);
  // The list as last rendered, for answers to check they are still about it (a new page of results replaces it).
  const latestPeople = useRef(people);
  useLayoutEffect(() => {
    latestPeople.current = people;
  });

  const check = useCallback((indexes: number[], origin: 'auto' | 'click' = 'auto', confirmedCredits?: number) => {
    const list = latestPeople.current;
    const askedAbout = listKey(list);
    const stillShown = () => listKey(latestPeople.current) === askedAbout;
    const asked = indexes.flatMap((index) => {
      const lookup = lookupForEntity(list[index]!);
      if (!lookup) setRows((current) => Object.assign([...current], { [index]: { state: 'no-lookup' } }));
      return lookup ? [{ index, lookup }] : [];
    });
    // One message per 100 people: each becomes one batched search.
    for (let start = 0; start < asked.length; start += 100) {
      const part = asked.slice(start, start + 100);
      void sendMessage('lookupContacts', { lookups: part.map((item) => item.lookup), origin, confirmedCredits })
        .then((answers) => {
          const asks = answers.find((answer) => !answer.ok && answer.error.kind === 'needs-confirmation' && answer.error.reason !== 'auto-lookup-off');
          if (asks && !asks.ok && stillShown()) setLookupConfirm(asks.error.credits);
          return answers.map((answer): RowState => (answer.ok ? { state: 'done', view: answer.view } : { state: 'error', error: answer.error }));
        })
        .catch((caught) => part.map((): RowState => ({ state: 'error', error: errorData(caught) })))
        .then((settled) => {
          if (!stillShown()) return;
          setRows((current) => {
            const next = [...current];
            part.forEach((item, position) => (next[item.index] = settled[position]!));
            return next;
          });
        });
    }
  }, []);

  // Everyone on the page, looked up together (the engine sends them as one batched search). Once per list.
  useEffect(() => {
    const count = latestPeople.current.length;
    setRows(Array.from({ length: count }, () => ({ state: 'checking' })));
    setSelected(new Set());
    check(Array.from({ length: count }, (_, index) => index));
  }, [check, peopleKey]);

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
            check(Array.from({ length: latestPeople.current.length }, (_, index) => index));
            setSelected(new Set());
          }
        })
        .catch((caught) => setError(errorData(caught)));
    }, 400);
    return () => clearInterval(timer);
  }, [jobId, running, check]);

  // While a job runs, each row shows where its reveal stands.
  const jobStatus = useMemo(() => new Map(job?.state === 'running' ? job.items.map((item) => [item.contactId, item.status]) : []), [job]);
  const statuses = useMemo(
    () =>
      people.map((_, index): Status => {
        const inJob = jobStatus.get(contactIdOf(rows[index]) ?? '');
        if (inJob === 'revealed') return 'revealed';
        if (inJob === 'queued') return 'queued';
        return statusOf(rows[index], field);
      }),
    [people, rows, jobStatus, field],
  );
  const selectable = statuses.flatMap((status, index) => (status === 'found' ? [index] : []));
  const chosen = selectable.filter((index) => selected.has(index));
  const total = chosen.reduce((sum, index) => sum + fieldPrice(rows[index], field), 0);
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
      const { jobId } = await sendMessage('startBulkReveal', { contactIds, field, confirmedCredits, jobId: newIntentId() });
      setJob(await sendMessage('getBulkJob', { jobId }));
    } catch (caught) {
      const data = errorData(caught);
      if (data.kind === 'needs-confirmation' && data.credits !== undefined) setConfirm(data.credits);
      else setError(data);
    } finally {
      setStarting(false);
    }
  }

  async function watchChosen() {
    const items = chosen.flatMap((index) => watchInputOf(rows[index]) ?? []);
    if (items.length === 0) return;
    try {
      await sendMessage('watch', { items });
      setWatched(`Watching ${items.length} more: checked daily within your watch budget.`);
    } catch (caught) {
      setError(errorData(caught));
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
              .map((status) => `${counts[status]} ${label(SUMMARY_LABEL, status, field)}`)
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
          {!bulkOn && (
            <p className="muted small" data-testid="bulk-off">
              Bulk reveals are turned off by your organisation. Open someone to see and reveal them one at a time.
            </p>
          )}
          {bulkOn && (
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
              <label className="row small" style={{ gap: 6 }}>
                Reveal
                <select
                  value={field}
                  data-testid="bulk-field"
                  disabled={running}
                  onChange={(event) => {
                    setField(event.target.value as RevealField);
                    setSelected(new Set());
                  }}
                >
                  <option value="emails">emails</option>
                  <option value="phones">phones</option>
                </select>
              </label>
              <button
                type="button"
                className="btn primary small"
                data-testid="bulk-reveal"
                disabled={chosen.length === 0 || running || starting}
                onClick={() => (total > 0 ? setConfirm(total) : void begin(0))}
              >
                {chosen.length === 0 ? 'Select people to reveal' : `Reveal ${NOUN[field].many} for ${chosen.length} · ${creditWord(total)}`}
              </button>
            </div>
          )}
          {bulkOn && watchOn && chosen.length > 0 && !running && (
            <div className="row spread">
              <span className="muted small">{watched ?? 'Watching is free until the daily check, which spends from your watch budget.'}</span>
              <button type="button" className="btn small" data-testid="bulk-watch" onClick={() => void watchChosen()}>
                ☆ Watch {chosen.length}
              </button>
            </div>
          )}
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
          {revealedRows.length > 0 && !running && exportOn && (
            <div>
              <button type="button" className="btn small" data-testid="bulk-csv" onClick={exportCsv}>
                Download CSV · {revealedRows.length} revealed
              </button>
            </div>
          )}
          <ul className="people" data-testid="people-list">
            {people.map((person, index) => {
              const status = statuses[index]!;
              const price = fieldPrice(rows[index], field);
              return (
                <li key={`${person.linkedinUrl ?? person.salesNavUrl ?? person.fullName ?? ''}-${index}`} className="bulk-row" data-status={status}>
                  {bulkOn ? (
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
                  ) : (
                    <span aria-hidden="true" />
                  )}
                  <button type="button" className="person-row" onClick={() => onSelect(index)}>
                    <span className="person-name">{person.fullName ?? 'Unnamed member'}</span>
                    {person.title && <span className="muted small">{person.title}</span>}
                  </button>
                  <span className={`chip status-${status}`} data-testid="bulk-status">
                    {label(STATUS_LABEL, status, field)}
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
          title={`Reveal ${chosen.length} ${chosen.length === 1 ? NOUN[field].one : NOUN[field].many} for ${creditWord(confirm)}?`}
          body={`The ${creditWord(confirm)} ${confirm === 1 ? 'comes' : 'come'} from your Lusha account, for everyone selected at once. You can cancel while it runs; Sidecar keeps every ${NOUN[field].one} it reveals.`}
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

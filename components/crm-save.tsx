import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { CrmConnection, CrmField, CrmFieldDiff, CrmName, CrmPersonInput } from '@/lib/domain/crm';
import type { CrmSaveCompany, CrmSaveRequest, CrmWriteView } from '@/lib/domain/crm-save';
import type { SidecarErrorData } from '@/lib/domain/errors';
import { sendMessage } from '@/lib/messaging/client';
import type { CrmPreview } from '@/lib/messaging/crm';
import { CRM_LABEL, CRM_PERSON_NOUN, useFollowedWrite } from '@/lib/ui/crm';
import { errorData, newIntentId } from '@/lib/ui/paid-action';
import { safeUrl } from '@/lib/ui/safe-url';
import { CrmErrorNotice } from './crm-error';
import { CrmWriteRow, fieldWord } from './crm-outbox';
import { Skeleton } from './ui/skeleton';

/** A native modal dialog: the rest of the page is inert, Escape closes it. */
export function Modal({ label, onClose, children, testId }: { label: string; onClose(): void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog crm-dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{label}</h2>
      {children}
    </dialog>
  );
}

const show = (value: CrmFieldDiff['current']): string => (value === null ? '—' : Array.isArray(value) ? value.join(', ') : value);

/** The fields a create writes, as the dialog lists them. */
function createRows(crm: CrmName, person: CrmPersonInput, company: CrmSaveCompany | undefined, linkedinField: string | null): [string, string][] {
  const rows: [string, string][] = [];
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ');
  if (name) rows.push(['Name', name]);
  if (person.title) rows.push(['Title', crm === 'pipedrive' ? `${person.title} (in the note: Pipedrive has no title field to write)` : person.title]);
  if (company) rows.push(['Company', `${company.name}${company.domain ? ` (${company.domain})` : ''}: found by ${company.domain ? 'domain' : 'name'}, or created`]);
  if (person.emails?.length) rows.push([person.emails.length > 1 ? 'Emails' : 'Email', person.emails.join(', ')]);
  if (person.phones?.length) rows.push([person.phones.length > 1 ? 'Phones' : 'Phone', person.phones.map((p) => p.value).join(', ')]);
  if (person.linkedinUrl) rows.push(['LinkedIn', linkedinField ? person.linkedinUrl : `${person.linkedinUrl} (not written: no LinkedIn field in this ${CRM_LABEL[crm]})`]);
  return rows;
}

interface CrmSaveDialogProps {
  crm: CrmName;
  connection: CrmConnection;
  person: CrmPersonInput;
  company?: CrmSaveCompany;
  /** Update this record (a CRM record page, or the match the panel found). */
  recordId?: string;
  /** What the panel calls the source ("Lusha"). */
  provider?: string;
  onClose(): void;
  onSaved(write: CrmWriteView): void;
  onOpenOptions?(): void;
}

/**
 * Before anything is written: what a save would do. A new record lists what it gets; an existing one shows the
 * diff field by field (empty fields filled; a conflict keeps the CRM's value unless the user picks the new one);
 * records the CRM may already hold are offered for an update instead (Pipedrive: search first, then confirm).
 */
export function CrmSaveDialog({ crm, connection, person, company, recordId: givenRecord, provider = 'Lusha', onClose, onSaved, onOpenOptions }: CrmSaveDialogProps) {
  const label = CRM_LABEL[crm];
  const noun = CRM_PERSON_NOUN[crm];
  const [recordId, setRecordId] = useState(givenRecord);
  const [forceCreate, setForceCreate] = useState(false);
  const [preview, setPreview] = useState<CrmPreview>();
  const [error, setError] = useState<SidecarErrorData>();
  const [overwrite, setOverwrite] = useState<Set<CrmField>>(new Set());
  const [note, setNote] = useState('');
  const [asLead, setAsLead] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useFollowedWrite(undefined);
  const writeId = useRef(newIntentId());
  const noteId = useId();

  // Once per person and record: the panel re-renders often, and each preview reads the CRM.
  const personKey = JSON.stringify(person);
  useEffect(() => {
    setPreview(undefined);
    setError(undefined);
    sendMessage('previewCrmSave', { person: JSON.parse(personKey) as CrmPersonInput, ...(recordId ? { recordId } : {}) }).then(setPreview, (caught: unknown) => setError(errorData(caught)));
  }, [personKey, recordId]);

  const mode = forceCreate ? 'create' : (preview?.mode ?? 'create');
  const targetId = recordId ?? preview?.record?.id;
  const diffs = preview?.diffs ?? [];
  const writes = diffs.filter((d) => d.action === 'fill' || d.action === 'merge').length + diffs.filter((d) => d.action === 'conflict' && overwrite.has(d.field)).length;
  const others = (preview?.candidates ?? []).filter((m) => m.record.id !== targetId);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    const request: CrmSaveRequest =
      mode === 'update' && targetId
        ? {
            action: 'update',
            recordId: targetId,
            person,
            overwrite: diffs.filter((d) => d.action === 'conflict' && overwrite.has(d.field)).map((d) => ({ field: d.field, expected: d.current })),
            provider,
            ...(company ? { company } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          }
        : {
            action: 'create',
            person,
            provider,
            ...(company ? { company } : {}),
            ...(asLead ? { asLead: true } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
            // The user saw the possible matches and chose a new record.
            ...(others.length > 0 ? { confirmedNew: true } : {}),
          };
    try {
      const name = [person.firstName, person.lastName].filter(Boolean).join(' ') || person.emails?.[0] || 'This person';
      const [write] = await sendMessage('saveToCrm', { writes: [{ id: writeId.current, request, label: name }], wait: true });
      if (write) {
        setResult(write);
        onSaved(write);
      }
    } catch (caught) {
      setError(errorData(caught));
    } finally {
      setSaving(false);
    }
  };

  const title = result ? `Saved to ${label}` : !preview ? `Save to ${label}` : mode === 'update' ? `Update this ${noun} in ${label}` : `Create a ${noun} in ${label}`;
  return (
    <Modal label={result && result.state !== 'applied' ? `${label} has not got it yet` : title} onClose={onClose} testId="crm-save-dialog">
      {result ? (
        <div className="stack">
          <ul className="people">
            <CrmWriteRow
              write={result}
              onOpenOptions={onOpenOptions}
              onAct={(action, choice) => void sendMessage('actOnCrmWrite', { id: result.id, action, ...choice }).then((next) => next && setResult(next))}
            />
          </ul>
          {result.state === 'applied' && (result.progress.conflicts?.length ?? 0) > 0 && (
            <p className="muted small">
              {label} keeps its own {result.progress.conflicts!.map(fieldWord).join(', ')}. To replace {result.progress.conflicts!.length === 1 ? 'it' : 'them'}, open Update again and choose the new value.
            </p>
          )}
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" className="btn primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : !preview && !error ? (
        <Skeleton lines={4} label={`Comparing with ${label}`} />
      ) : (
        <div className="stack" style={{ gap: 10 }}>
          {preview && mode === 'create' && (
            <>
              <dl className="facts">
                {createRows(crm, person, company, connection.linkedinField).map(([name, value]) => (
                  <div key={name} style={{ display: 'contents' }}>
                    <dt>{name}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
                <dt>Note</dt>
                <dd>from Sidecar, {provider}, {new Date().toISOString().slice(0, 10)}</dd>
              </dl>
              {crm === 'salesforce' && (
                <div className="row small" role="radiogroup" aria-label="Salesforce record" style={{ gap: 6 }}>
                  <label className={`chip toggle ${!asLead ? 'on' : ''}`}>
                    <input type="radio" name="sf-kind" checked={!asLead} onChange={() => setAsLead(false)} /> Contact
                  </label>
                  <label className={`chip toggle ${asLead ? 'on' : ''}`}>
                    <input type="radio" name="sf-kind" checked={asLead} onChange={() => setAsLead(true)} /> Lead
                  </label>
                </div>
              )}
            </>
          )}
          {preview && mode === 'update' && (
            <div className="stack" data-testid="crm-diff">
              {preview.record && (
                <p className="small muted">
                  {preview.record.name ?? 'This record'}
                  {preview.record.company ? ` · ${preview.record.company}` : ''}
                  {safeUrl(preview.record.url) && (
                    <>
                      {' · '}
                      <a href={safeUrl(preview.record.url)} target="_blank" rel="noreferrer">
                        open in {label} ↗
                      </a>
                    </>
                  )}
                </p>
              )}
              {diffs.length === 0 && <p className="muted">Sidecar has nothing to add to this record.</p>}
              {diffs.some((d) => d.action === 'same') && (
                <p className="small muted" data-testid="crm-diff-same">
                  Already the same in {label}: {diffs.filter((d) => d.action === 'same').map((d) => fieldWord(d.field)).join(', ')}
                </p>
              )}
              {diffs.filter((d) => d.action !== 'same').map((diff) => (
                <div key={diff.field} className="crm-diff-row" data-field={diff.field} data-action={diff.action}>
                  <div className="row spread" style={{ gap: 6 }}>
                    <strong>{fieldWord(diff.field)}</strong>
                    <span className={`chip ${diff.action === 'fill' || diff.action === 'merge' ? 'yes' : diff.action === 'conflict' ? 'warn' : ''}`}>
                      {diff.action === 'fill' ? 'empty: will be filled' : diff.action === 'merge' ? 'will be added' : diff.action === 'same' ? 'already there' : 'different'}
                    </span>
                  </div>
                  {diff.action === 'conflict' ? (
                    <div className="stack small" role="radiogroup" aria-label={`${fieldWord(diff.field)}: which value`}>
                      <label className="row" style={{ gap: 6 }}>
                        <input type="radio" name={`c-${diff.field}`} checked={!overwrite.has(diff.field)} onChange={() => setOverwrite((s) => new Set([...s].filter((f) => f !== diff.field)))} />
                        Keep {label}’s: <span className="mono">{show(diff.current)}</span>
                      </label>
                      <label className="row" style={{ gap: 6 }}>
                        <input type="radio" name={`c-${diff.field}`} checked={overwrite.has(diff.field)} onChange={() => setOverwrite((s) => new Set([...s, diff.field]))} />
                        Use {provider}’s: <span className="mono">{show(diff.proposed)}</span>
                      </label>
                    </div>
                  ) : (
                    <p className="small">
                      {diff.action === 'same' ? <span className="muted">{show(diff.current)}</span> : <span className="mono">{show(diff.proposed)}</span>}
                    </p>
                  )}
                </div>
              ))}
            </div>
          )}
          {preview && others.length > 0 && !forceCreate && (
            <div className="notice warn" data-testid="crm-candidates">
              <h2>{label} may already have this person</h2>
              {others.map((m) => (
                <div key={m.record.id} className="row spread small" style={{ gap: 6 }}>
                  <span>
                    {m.record.name ?? 'Unnamed'}
                    {m.record.company ? ` · ${m.record.company}` : ''}
                    {m.possible ? ' (same name only)' : ''}
                  </span>
                  <button type="button" className="btn small" onClick={() => setRecordId(m.record.id)}>
                    Update this one
                  </button>
                </div>
              ))}
              {mode === 'update' && (
                <div>
                  <button type="button" className="btn small" onClick={() => setForceCreate(true)}>
                    Create a new {noun} instead
                  </button>
                </div>
              )}
            </div>
          )}
          <label className="field small" htmlFor={noteId}>
            Note on the record (optional)
            <textarea id={noteId} rows={2} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
          </label>
          {error && <CrmErrorNotice error={error} crm={label} onOpenOptions={onOpenOptions} />}
          <div className="row" style={{ justifyContent: 'flex-end', flexWrap: 'wrap' }}>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="btn primary" data-testid="crm-save-confirm" disabled={saving || !preview || (mode === 'update' && writes === 0 && !note.trim())} onClick={() => void save()}>
              {saving ? 'Saving…' : mode === 'update' ? (writes > 0 ? `Write ${writes} ${writes === 1 ? 'field' : 'fields'} to ${label}` : `Add the note in ${label}`) : `Create ${noun} in ${label}`}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

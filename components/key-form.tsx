import { useId, useState } from 'react';
import type { AccountUsage } from '@/lib/domain/credits';
import { errorDataOf, type SidecarErrorData } from '@/lib/domain/errors';
import type { KeyStatus, ProviderName } from '@/lib/messaging/protocol';
import { SetByOrganisation } from '@/lib/ui/policy';
import { ErrorNotice } from './error-notice';

interface KeyFormProps {
  provider: ProviderName;
  label: string;
  placeholder: string;
  status?: KeyStatus;
  help: string;
  onSave(key: string): Promise<{ key: KeyStatus; usage?: AccountUsage; saberCredits?: number; lookupCredits?: number }>;
  onRemove(): Promise<void>;
}

const number = new Intl.NumberFormat();

/** One provider's key: masked input, validated on save (the key is only stored if the provider accepts it). */
export function KeyForm({ provider, label, placeholder, status, help, onSave, onRemove }: KeyFormProps) {
  const inputId = useId();
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<SidecarErrorData>();
  const [usage, setUsage] = useState<AccountUsage>();
  const [saberCredits, setSaberCredits] = useState<number>();
  const [lookupCredits, setLookupCredits] = useState<number>();
  const [saved, setSaved] = useState(false);
  // The organisation's key (browser policy): used, never shown, neither replaced nor removed here.
  const managed = status?.managed === true;

  const save = async () => {
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      const result = await onSave(value);
      setUsage(result.usage);
      setSaberCredits(result.saberCredits);
      setLookupCredits(result.lookupCredits);
      setValue('');
      setSaved(true);
    } catch (caught) {
      setError(errorDataOf(caught, 'Could not save the key.'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card" aria-label={`${label.replace(" API key", "")} account`} data-provider={provider}>
      <div className="row spread">
        <h2>{label.replace(' API key', '')}</h2>
        {managed ? <SetByOrganisation /> : status?.configured ? <span className="chip yes">Key saved · …{status.hint}</span> : <span className="chip">No key</span>}
      </div>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label className="field" htmlFor={inputId}>
          {label}
        </label>
        <div className="row">
          <input
            id={inputId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={managed ? 'Your organisation’s key' : status?.configured ? 'Paste a new key to replace the saved one' : placeholder}
            disabled={managed}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            style={{ flex: 1 }}
          />
          <button type="submit" className="btn primary" disabled={managed || saving || value.trim() === ''}>
            {saving ? 'Checking…' : `Save ${label.replace(' API key', '')} key`}
          </button>
        </div>
        {managed ? (
          <p className="small" data-testid={`${provider}-key-managed`}>
            Sidecar uses your organisation’s {label.replace(' API key', '')} key. It is never shown or exported, and only your admin can change or remove it.
          </p>
        ) : (
          <p className="muted small">{help}</p>
        )}
      </form>
      {saved && (
        <div className="notice good" role="status" data-testid={`${provider}-key-valid`}>
          <h2>Key saved{usage || saberCredits !== undefined ? ' and checked' : ''}</h2>
          {saberCredits !== undefined && <p>{number.format(saberCredits)} Saber credits remaining</p>}
          {usage && (
            <p>
              {usage.plan ? `${usage.plan[0]?.toUpperCase()}${usage.plan.slice(1)} plan · ` : ''}
              {number.format(usage.credits.remaining)} of {number.format(usage.credits.total)} credits remaining
            </p>
          )}
          {lookupCredits !== undefined && (
            <p className="small" data-testid="lookup-price">
              Looking someone up when you open their page costs up to {lookupCredits} {lookupCredits === 1 ? 'credit' : 'credits'} (Lusha charges about 1
              credit per 25 results). Sidecar does it automatically; you can turn that off under Spending.
            </p>
          )}
        </div>
      )}
      {error && <ErrorNotice error={error} provider={label.replace(' API key', '')} />}
      {status?.configured && !managed && (
        <div>
          <button
            type="button"
            className="btn small danger"
            onClick={() => {
              setSaved(false);
              void onRemove();
            }}
          >
            Remove key
          </button>
        </div>
      )}
    </section>
  );
}

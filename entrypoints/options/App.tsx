import { useCallback, useEffect, useId, useState } from 'react';
import { Brand } from '@/components/brand';
import { KeyForm } from '@/components/key-form';
import { CrmConnect } from '@/components/crm-connect';
import { CrmOutbox } from '@/components/crm-outbox';
import { sendMessage } from '@/lib/messaging/client';
import { creditWord } from '@/lib/domain/credits';
import { clampSetting, SETTING_BOUNDS, type NumericSetting, type Settings, type SettingsPatch } from '@/lib/domain/settings';
import type { KeyStatus, ProviderName } from '@/lib/messaging/protocol';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { contactsCsv, download } from '@/lib/ui/export';
import { connectCrm, salesforceCallbackUrl, useCrmStatus } from '@/lib/ui/crm';

/** A number input for one setting, bounded as the background bounds it. */
function SettingInput({ name, label, value, shown, onChange }: { name: NumericSetting; label: string; value: number; shown?: number; onChange(patch: SettingsPatch): void }) {
  const id = useId();
  const { min, max } = SETTING_BOUNDS[name];
  return (
    <label className="field" htmlFor={id}>
      {label}
      <input id={id} type="number" min={min} max={max} value={shown ?? value} onChange={(event) => onChange({ [name]: clampSetting(name, Number(event.target.value)) })} />
    </label>
  );
}

function SpendingSettings({ settings, lookupCredits, onChange }: { settings: Settings; lookupCredits?: number; onChange(patch: SettingsPatch): void }) {
  const autoId = useId();
  const price = lookupCredits ?? 1;
  return (
    <section className="card" aria-label="Spending">
      <h2>Spending</h2>
      <div className="confirm-option">
        <input id={autoId} type="checkbox" checked={settings.autoLookup} onChange={(event) => onChange({ autoLookup: event.target.checked })} />
        <label htmlFor={autoId}>Look people up automatically when I open their page</label>
      </div>
      <p className="muted small" data-testid="auto-lookup-price">
        Each automatic lookup is a Lusha search: up to {creditWord(price)} a person (Lusha charges about 1 credit per 25 results), counted against your daily
        cap. Off, the panel shows what the page says and a “Look up” button with its price.
      </p>
      <SettingInput
        name="autoConfirmUnder"
        label="Ask before spending this many credits or more at once"
        value={settings.autoConfirmUnder}
        shown={Math.max(settings.autoConfirmUnder, 1)}
        onChange={onChange}
      />
      <p className="muted small">At 1, Sidecar asks before every spend you click (reveals, signals, people, Saber questions). Data you already paid for is always shown at no cost.</p>
      <SettingInput name="dailyCreditCap" label="Daily credit cap" value={settings.dailyCreditCap} onChange={onChange} />
      <p className="muted small">Sidecar stops spending for the rest of the day once it reaches this many Lusha credits, counting what is on its way. Automatic lookups stop too.</p>
      <SettingInput name="previewTtlDays" label="Keep previews for (days)" value={settings.previewTtlDays} onChange={onChange} />
      <p className="muted small">After this, a person is looked up again when you next see them. Revealed emails and phones are kept until you erase them.</p>
      <SettingInput name="signalsTtlHours" label="Keep fetched signals for (hours)" value={settings.signalsTtlHours} onChange={onChange} />
      <SettingInput name="signalsLookbackMonths" label="Signals look back (months)" value={settings.signalsLookbackMonths} onChange={onChange} />
      <p className="muted small">Where the signals timeline starts unless you pick another date in the panel.</p>
    </section>
  );
}

function YourData() {
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState(false);
  const stamp = () => new Date().toISOString().slice(0, 10);
  return (
    <section className="card" aria-label="Your data">
      <h2>Your data</h2>
      <p className="muted small">
        Everything Sidecar keeps stays in this browser: revealed emails and phones, company profiles, signals, Saber answers, free previews and the ledger of every credit spent. The exports hold your contacts and the ledger.
      </p>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <button
          type="button"
          className="btn"
          onClick={() => void sendMessage('exportData', {}).then((data) => download(`sidecar-contacts-${stamp()}.csv`, contactsCsv(data), 'text/csv'))}
        >
          Export contacts (CSV)
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void sendMessage('exportData', {}).then((data) => download(`sidecar-export-${stamp()}.json`, JSON.stringify(data, null, 2), 'application/json'))}
        >
          Export everything (JSON)
        </button>
      </div>
      {confirming ? (
        <div className="notice bad" role="alertdialog" aria-label="Erase everything?">
          <h2>Erase everything Sidecar keeps?</h2>
          <p>Revealed emails and phones, previews, signals and the credit ledger are deleted from this browser. Revealing them again may cost credits. Your keys and settings stay.</p>
          <div className="row">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Keep my data
            </button>
            <button
              type="button"
              className="btn danger"
              onClick={() =>
                void sendMessage('eraseData', { everything: true }).then(() => {
                  setConfirming(false);
                  setErased(true);
                })
              }
            >
              Erase everything
            </button>
          </div>
        </div>
      ) : (
        <div>
          <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
            Erase everything…
          </button>
        </div>
      )}
      {erased && (
        <p className="muted small" role="status">
          Erased.
        </p>
      )}
    </section>
  );
}

export function App() {
  const [keys, setKeys] = useState<{ lusha: KeyStatus; saber: KeyStatus; lookupCredits?: number }>();
  const [settings, setSettings] = useState<Settings>();
  const crm = useCrmStatus();

  const load = useCallback(async () => {
    const [nextKeys, nextSettings] = await Promise.all([sendMessage('getKeyStatus', {}), sendMessage('getSettings', {})]);
    setKeys(nextKeys);
    setSettings(nextSettings);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useBroadcasts(useCallback((message) => message.event === 'keysChanged' && void load(), [load]));

  /** Saving or removing a provider's key, then showing the new status. */
  const keyActions = (provider: ProviderName) => ({
    onSave: async (key: string) => {
      const result = await sendMessage('saveApiKey', { provider, key });
      await load();
      return result;
    },
    onRemove: async () => {
      await sendMessage('removeApiKey', { provider });
      await load();
    },
  });

  return (
    <main className="app" style={{ maxWidth: 620, paddingTop: 24 }}>
      <div className="topbar">
        <Brand />
        <span className="muted small">Options</span>
      </div>
      <p className="muted">
        Sidecar uses your own provider accounts. Keys stay inside the extension’s background: no web page, LinkedIn included, can read them,
        and they are only ever sent to the provider they belong to.
      </p>
      <KeyForm
        provider="lusha"
        label="Lusha API key"
        placeholder="e.g. 1a2b3c4d-…"
        status={keys?.lusha}
        help="Find it in Lusha under Settings → API. Sidecar checks it by reading your account’s usage, which costs no credits."
        {...keyActions('lusha')}
      />
      <KeyForm
        provider="saber"
        label="Saber API key"
        placeholder="sk_live_…"
        status={keys?.saber}
        help="Optional, for buying signals and AI answers. Find it in Saber under Settings → API keys. Sidecar checks it by reading your Saber credits, which costs none."
        {...keyActions('saber')}
      />
      <CrmConnect
        status={crm.status}
        salesforceCallback={salesforceCallbackUrl()}
        onConnect={async (input) => {
          const status = await connectCrm(input);
          crm.reload();
          return status;
        }}
        onDisconnect={async (dropWaiting) => {
          await sendMessage('disconnectCrm', { dropWaiting });
          crm.reload();
        }}
      />
      <CrmOutbox />
      {settings && (
        <SpendingSettings
          settings={settings}
          lookupCredits={keys?.lookupCredits}
          onChange={(patch) => {
            // Only the setting changed is sent: every other keeps the value the background holds.
            setSettings((current) => (current ? { ...current, ...patch } : current));
            void sendMessage('saveSettings', patch).then(setSettings);
          }}
        />
      )}
      <YourData />
    </main>
  );
}

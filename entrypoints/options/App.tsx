import { useCallback, useEffect, useId, useState } from 'react';
import { Brand } from '@/components/brand';
import { KeyForm } from '@/components/key-form';
import { sendMessage } from '@/lib/messaging/client';
import type { KeyStatus, ProviderName, Settings } from '@/lib/messaging/protocol';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { contactsCsv, download } from '@/lib/ui/export';

function SpendingSettings({ settings, onChange }: { settings: Settings; onChange(patch: Partial<Settings>): void }) {
  const confirmId = useId();
  const capId = useId();
  const ttlId = useId();
  const signalsTtlId = useId();
  const lookbackId = useId();
  return (
    <section className="card" aria-label="Spending">
      <h2>Spending</h2>
      <label className="field" htmlFor={confirmId}>
        Ask before spending this many credits or more at once
        <input
          id={confirmId}
          type="number"
          min={0}
          max={1000}
          value={Math.max(settings.autoConfirmUnder, 1)}
          onChange={(event) => onChange({ autoConfirmUnder: Math.max(0, Math.round(Number(event.target.value) || 0)) })}
        />
      </label>
      <p className="muted small">At 1, Sidecar asks before every spend (reveals, signals, people, Saber questions). Data you already paid for is always shown at no cost.</p>
      <label className="field" htmlFor={capId}>
        Daily credit cap
        <input
          id={capId}
          type="number"
          min={0}
          max={1000000}
          value={settings.dailyCreditCap}
          onChange={(event) => onChange({ dailyCreditCap: Math.max(0, Math.round(Number(event.target.value) || 0)) })}
        />
      </label>
      <p className="muted small">Sidecar stops spending for the rest of the day once it reaches this many credits.</p>
      <label className="field" htmlFor={ttlId}>
        Keep free previews for (days)
        <input
          id={ttlId}
          type="number"
          min={1}
          max={90}
          value={settings.previewTtlDays}
          onChange={(event) => onChange({ previewTtlDays: Math.min(90, Math.max(1, Math.round(Number(event.target.value) || 1))) })}
        />
      </label>
      <p className="muted small">After this, a person is looked up again when you next see them. Revealed emails and phones are kept until you erase them.</p>
      <label className="field" htmlFor={signalsTtlId}>
        Keep fetched signals for (hours)
        <input
          id={signalsTtlId}
          type="number"
          min={1}
          max={720}
          value={settings.signalsTtlHours}
          onChange={(event) => onChange({ signalsTtlHours: Math.min(720, Math.max(1, Math.round(Number(event.target.value) || 1))) })}
        />
      </label>
      <label className="field" htmlFor={lookbackId}>
        Signals look back (months)
        <input
          id={lookbackId}
          type="number"
          min={1}
          max={24}
          value={settings.signalsLookbackMonths}
          onChange={(event) => onChange({ signalsLookbackMonths: Math.min(24, Math.max(1, Math.round(Number(event.target.value) || 1))) })}
        />
      </label>
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
  const [keys, setKeys] = useState<{ lusha: KeyStatus; saber: KeyStatus }>();
  const [settings, setSettings] = useState<Settings>();

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
      {settings && (
        <SpendingSettings
          settings={settings}
          onChange={(patch) => {
            setSettings({ ...settings, ...patch });
            void sendMessage('saveSettings', patch).then(setSettings);
          }}
        />
      )}
      <YourData />
    </main>
  );
}

import { useCallback, useEffect, useId, useState } from 'react';
import { Brand } from '@/components/brand';
import { KeyForm } from '@/components/key-form';
import { CrmConnect } from '@/components/crm-connect';
import { CrmOutbox } from '@/components/crm-outbox';
import { SettingInput } from '@/components/setting-input';
import { WatchSettings } from '@/components/watch-settings';
import { sendMessage } from '@/lib/messaging/client';
import { creditWord } from '@/lib/domain/credits';
import type { Settings, SettingsPatch } from '@/lib/domain/settings';
import type { KeyStatus, ProviderName } from '@/lib/messaging/protocol';
import { useBroadcasts } from '@/lib/ui/broadcasts';
import { contactsCsv, download } from '@/lib/ui/export';
import { OrganisationBanner, SettingSourceNote } from '@/components/organisation';
import { useFeature, usePolicy, useSettingSource } from '@/lib/ui/policy';
import { connectCrm, salesforceCallbackUrl, useCrmStatus } from '@/lib/ui/crm';

function SpendingSettings({ settings, lookupCredits, onChange }: { settings: Settings; lookupCredits?: number; onChange(patch: SettingsPatch): void }) {
  const autoId = useId();
  const price = lookupCredits ?? 1;
  const autoSource = useSettingSource('autoLookup');
  return (
    <section className="card" aria-label="Spending">
      <h2>Spending</h2>
      <div className="check-setting">
        <input id={autoId} type="checkbox" checked={settings.autoLookup} disabled={autoSource === 'locked'} onChange={(event) => onChange({ autoLookup: event.target.checked })} />
        <label htmlFor={autoId}>Look people up automatically when I open their page</label>
        <SettingSourceNote source={autoSource} />
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
      <SettingInput name="retentionDays" label="Delete looked-up data after (days)" value={settings.retentionDays} onChange={onChange} />
      <p className="muted small">
        Previews, revealed emails and phones, companies, signals, history and Saber answers older than this are deleted once a day. 0 keeps them until you
        erase them. The credit ledger is always kept.
      </p>
    </section>
  );
}

function YourData() {
  const exportOn = useFeature('export');
  // Under a policy, erasing everything keeps the credit ledger (the organisation's cap and accounting rely on it).
  const managed = usePolicy().managed;
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState(false);
  const stamp = () => new Date().toISOString().slice(0, 10);
  return (
    <section className="card" aria-label="Your data">
      <h2>Your data</h2>
      <p className="muted small">
        Everything Sidecar keeps stays in this browser: revealed emails and phones, company profiles, signals, Saber answers and research briefs, the watchlist and what it found, free previews and the ledger of every credit spent. The CSV holds your contacts; the JSON export holds all of it but the keys; the ledger export is the credits alone.
      </p>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        {exportOn && (
          <>
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
          </>
        )}
        <button
          type="button"
          className="btn"
          onClick={() =>
            void sendMessage('exportLedger', {}).then((data) =>
              download(`sidecar-ledger-${data.machineLabel ? `${data.machineLabel.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '')}-` : ''}${stamp()}.json`, JSON.stringify(data, null, 2), 'application/json'),
            )
          }
        >
          Export the credit ledger (JSON)
        </button>
      </div>
      {!exportOn && <p className="muted small">Your organisation turned off exporting contacts. The credit ledger (no names, emails or phones) can still be exported.</p>}
      {confirming ? (
        <div className="notice bad" role="alertdialog" aria-label="Erase everything?">
          <h2>Erase everything Sidecar keeps?</h2>
          <p>
            {managed
              ? 'Revealed emails and phones, previews, signals, the watchlist and its events and research briefs are deleted from this browser; the credit ledger stays, for your organisation.'
              : 'Revealed emails and phones, previews, signals, the watchlist and its events, research briefs and the credit ledger are deleted from this browser.'}{' '}
            Revealing them again may cost credits. Your keys and settings stay, and so do writes still waiting for your CRM (send or drop them in its outbox).
          </p>
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
  const managedKeys = usePolicy().keys.lusha;
  const [keys, setKeys] = useState<{ lusha: KeyStatus; saber: KeyStatus; lookupCredits?: number }>();
  const [settings, setSettings] = useState<Settings>();
  const crm = useCrmStatus();
  /** Only the setting changed is sent: every other keeps the value the background holds. */
  const changeSettings = (patch: SettingsPatch) => {
    setSettings((current) => (current ? { ...current, ...patch } : current));
    void sendMessage('saveSettings', patch).then(setSettings);
  };

  const load = useCallback(async () => {
    const [nextKeys, nextSettings] = await Promise.all([sendMessage('getKeyStatus', {}), sendMessage('getSettings', {})]);
    setKeys(nextKeys);
    setSettings(nextSettings);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  // The organisation's policy changes what is in force (and which key): read both again.
  useBroadcasts(useCallback((message) => (message.event === 'keysChanged' || message.event === 'policyChanged') && void load(), [load]));

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
      <OrganisationBanner />
      <p className="muted">
        {managedKeys ? 'Sidecar uses the provider accounts your organisation set up.' : 'Sidecar uses your own provider accounts.'} Keys stay inside the extension’s background: no web page, LinkedIn included, can read them,
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
          onChange={changeSettings}
        />
      )}
      {settings && (
        <WatchSettings
          settings={settings}
          onChange={changeSettings}
        />
      )}
      <YourData />
    </main>
  );
}

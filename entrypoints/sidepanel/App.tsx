import { useCallback, useEffect, useState } from 'react';
import { browser } from '#imports';
import { Brand } from '@/components/brand';
import { AskSaber } from '@/components/ask-saber';
import { BulkList } from '@/components/bulk-list';
import { CompanyList } from '@/components/company-list';
import { CompanyView } from '@/components/company-view';
import { SignalsSection } from '@/components/signals-section';
import { CrmRecord } from '@/components/crm-record';
import { CrmBulkSave } from '@/components/crm-bulk-save';
import { CrmCompanyBlock, CrmPersonBlock, CrmRowChip } from '@/components/crm-match';
import { CrmOutboxNotice } from '@/components/crm-outbox';
import { ContactCard, ContactHeader } from '@/components/contact-card';
import { HistoryList, lookupTextOf } from '@/components/history-list';
import { ManualLookup } from '@/components/manual-lookup';
import { sendMessage } from '@/lib/messaging/client';
import { ErrorNotice } from '@/components/error-notice';
import { RevealConfirm } from '@/components/reveal-confirm';
import { Skeleton } from '@/components/ui/skeleton';
import type { ContactPreview, RevealField } from '@/lib/domain/contact';
import { creditWord } from '@/lib/domain/credits';
import type { Broadcast, Settings } from '@/lib/messaging/protocol';
import { openOptions, useBroadcasts } from '@/lib/ui/broadcasts';
import { usePaidAction } from '@/lib/ui/paid-action';
import { usePanelStore } from '@/lib/ui/panel-store';
import { SpendConfirm } from '@/components/reveal-confirm';
import { describeLookup, isListPage, listedCompanies, listedPeople, pageCompany } from '@/lib/ui/subject';
import { CRM_LABEL, useCrmCompany, useCrmList, useCrmPerson, useCrmStatus } from '@/lib/ui/crm';

/** What to type to open a person found at a company: the profile link, else "First Last at Company". */
function lookupTextOfPreview(preview: ContactPreview): string {
  if (preview.linkedinUrl) return preview.linkedinUrl;
  const name = [preview.firstName, preview.lastName].filter(Boolean).join(' ') || preview.fullName || '';
  return preview.companyName ? `${name} at ${preview.companyName}` : name;
}

/** `sidepanel.html?tabId=N` pins the panel to tab N; otherwise it follows the active tab of its window. */
function usePanelTab(setTab: (tabId: number) => Promise<void>) {
  useEffect(() => {
    const pinned = Number(new URLSearchParams(location.search).get('tabId'));
    if (Number.isInteger(pinned) && pinned > 0) {
      void setTab(pinned);
      return;
    }
    let windowId: number | undefined;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      windowId = tab?.windowId;
      if (tab?.id !== undefined) void setTab(tab.id);
    });
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (windowId === undefined || info.windowId === windowId) void setTab(info.tabId);
    };
    browser.tabs.onActivated.addListener(onActivated);
    return () => browser.tabs.onActivated.removeListener(onActivated);
  }, [setTab]);
}

/** What the preview on screen cost: it was kept, or what Lusha charged for the search behind it. */
function PreviewCost({ fromCache, charged }: { fromCache: boolean; charged?: number }) {
  return (
    <p className="muted small" data-testid="preview-cost">
      {fromCache
        ? 'This preview came from Sidecar’s store: no request, no credit.'
        : charged
          ? `This preview’s search cost ${creditWord(charged)} (Lusha charges about 1 credit per 25 results).`
          : 'This preview’s search cost nothing this time (Lusha charges about 1 credit per 25 results).'}
    </p>
  );
}

const SOURCE_LABEL = { selection: 'From your selection: ', link: 'From the link you chose: ', typed: 'You looked up: ', list: 'From the list on this page: ' } as const;

function Idle({ unrecognized }: { unrecognized?: string }) {
  return (
    <section className="card">
      {unrecognized ? (
        <>
          <h2>Sidecar could not tell who that is</h2>
          <p className="muted">
            “{unrecognized}” is not an email address, a LinkedIn link or a “First Last at Company” name. Select one of those and choose
            “Enrich with Sidecar” again.
          </p>
        </>
      ) : (
        <>
          <h2>Nobody to look up on this page</h2>
          <p className="muted">
            Open a LinkedIn profile and Sidecar shows who it is, for free. On any other page, select an email address or a name, right-click
            and choose “Enrich with Sidecar”.
          </p>
        </>
      )}
    </section>
  );
}

export function App() {
  const state = usePanelStore();
  const [showHistory, setShowHistory] = useState(false);
  const loadHistory = useCallback((query: string) => sendMessage('getHistory', { query }), []);
  const { setTab, refreshTab, reload } = state;
  usePanelTab(setTab);
  // Settings (signals look-back) and whether a Saber key is there, for the views that need them.
  const [settings, setSettings] = useState<Settings>();
  const [saberConfigured, setSaberConfigured] = useState(false);
  const loadPreferences = useCallback(() => {
    void sendMessage('getSettings', {}).then(setSettings, () => undefined);
    void sendMessage('getKeyStatus', {}).then((keys) => setSaberConfigured(keys.saber.configured), () => undefined);
  }, []);
  useEffect(loadPreferences, [loadPreferences]);

  const onBroadcast = useCallback(
    (message: Broadcast) => {
      const { tabId } = usePanelStore.getState();
      if (message.event === 'tabStateChanged' && message.tabId === tabId) void refreshTab();
      if (message.event === 'dataChanged' || message.event === 'keysChanged') void reload();
      // Settings may have changed in options meanwhile: read them again with the page.
      if (message.event === 'keysChanged' || message.event === 'tabStateChanged') loadPreferences();
    },
    [refreshTab, reload, loadPreferences],
  );
  useBroadcasts(onBroadcast);

  const { subject, view, loading, error } = state;
  const reveal = usePaidAction(
    (field: RevealField, confirmedCredits, intentId) =>
      sendMessage('revealContact', { contactId: view?.result.status === 'found' ? view.result.preview.id : '', field, confirmedCredits, intentId }),
    (data) => state.revealed(data),
  );
  const lookUp = usePaidAction((_: void, confirmedCredits, intentId) => state.lookUp(confirmedCredits, intentId));
  const result = view?.result;
  const listPage = isListPage(state.tab?.page?.kind);
  const people = listedPeople(state.tab);
  const companies = listedCompanies(state.tab);
  const company = pageCompany(state.tab);
  const crmPage = /^(hubspot|salesforce|pipedrive)-/.test(state.tab?.page?.kind ?? '');
  const lookbackMonths = settings?.signalsLookbackMonths ?? 6;
  const requestedCompany = Boolean(state.tab?.requested && company);
  // The connected CRM: who is already in it (free), before anything is paid for.
  const crm = useCrmStatus().status;
  const crmPerson = useCrmPerson(crm, { entity: subject?.entity, lookup: subject?.lookup, preview: result?.status === 'found' ? result.preview : undefined, revealed: view?.revealed, page: state.tab?.page });
  const crmList = useCrmList(crm, listPage ? people : []);
  const crmCompany = useCrmCompany(crm, !subject ? company : undefined);
  const openPerson = (preview: ContactPreview) => {
    if (state.tabId !== undefined) void sendMessage('requestLookup', { tabId: state.tabId, text: lookupTextOfPreview(preview) });
  };

  return (
    <main className="app" aria-busy={loading}>
      <div className="topbar">
        <Brand />
        <div className="row" style={{ gap: 4 }}>
          <button type="button" className="btn ghost small" aria-pressed={showHistory} onClick={() => setShowHistory((open) => !open)}>
            History
          </button>
          <button type="button" className="btn ghost small" onClick={openOptions}>
            Options
          </button>
        </div>
      </div>
      <CrmOutboxNotice status={crm} onOpenOptions={openOptions} />

      {state.tabId !== undefined && (
        <ManualLookup onLookup={async (text) => (await sendMessage('requestLookup', { tabId: state.tabId!, text })).recognised} />
      )}

      {showHistory ? (
        <HistoryList
          load={loadHistory}
          onOpen={(entry) => {
            setShowHistory(false);
            if (state.tabId !== undefined) void sendMessage('requestLookup', { tabId: state.tabId, text: lookupTextOf(entry) });
          }}
          onErase={async (entry) => {
            await sendMessage('eraseData', { contactId: entry.contactId });
          }}
        />
      ) : (
        <>
          {/* What the user asked about (a selection, a link, a typed lookup), with the way back to the page. */}
          {state.tab?.requested && (subject ? subject.source !== 'page' : requestedCompany) && (
            <p className="muted small" data-testid="subject-source">
              {SOURCE_LABEL[state.tab.requested.source]}
              <span className="mono">{state.tab.requested.company?.name ?? describeLookup(state.tab.requested.lookup)}</span>
              {state.tab.page && state.tab.page.kind !== 'unknown' && (
                <>
                  {' · '}
                  <button type="button" className="btn ghost small" onClick={() => void sendMessage('clearRequest', { tabId: state.tabId! })}>
                    Back to this page
                  </button>
                </>
              )}
            </p>
          )}
          {!subject && !requestedCompany && listPage && (
            companies.length > 0 && people.length === 0 ? (
              <CompanyList
                companies={companies}
                onOpen={(entity) => state.tabId !== undefined && void sendMessage('requestCompany', { tabId: state.tabId, company: entity })}
              />
            ) : (
              <BulkList
                people={people}
                onSelect={(row) => void state.selectRow(row)}
                onOpenOptions={openOptions}
                rowExtra={crm?.crm ? (row) => <CrmRowChip crm={CRM_LABEL[crm.crm!]} matches={crmList.matchesOf(row)} /> : undefined}
                extra={<CrmBulkSave status={crm} people={people} matchesOf={crmList.matchesOf} checked={crmList.find.result !== undefined} onOpenOptions={openOptions} onDone={crmList.reload} />}
              />
            )
          )}
          {!subject && (requestedCompany || !listPage) && company && (
            <CompanyView company={company} lookbackMonths={lookbackMonths} saberConfigured={saberConfigured} onOpenPerson={openPerson} onOpenOptions={openOptions} />
          )}
          {!subject && (requestedCompany || !listPage) && company && <CrmCompanyBlock status={crm} find={crmCompany} queryRef="company" />}
          {!subject && !listPage && !company && <Idle unrecognized={state.tab?.unrecognizedSelection} />}

          {subject && listPage && state.selectedRow !== undefined && (
            <div>
              <button type="button" className="btn small" onClick={() => void state.selectRow(undefined)}>
                ← All {people.length} people on this page
              </button>
            </div>
          )}

          {subject && !result && (
            <section className="card" aria-label="Looking up">
              {subject.entity ? (
                <ContactHeader name={subject.entity.fullName} title={subject.entity.title} company={subject.entity.companyName} photoUrl={subject.entity.photoUrl} />
              ) : (
                <p className="muted">Looking up {describeLookup(subject.lookup)}…</p>
              )}
              {loading && <Skeleton lines={3} label="Looking up in Lusha" />}
              {error && <ErrorNotice error={error} retryCredits={error.mayHaveCharged} onRetry={() => void reload()} onOpenOptions={openOptions} />}
              {state.lookupOffer && (
                <div className="stack" style={{ gap: 6 }} data-testid="lookup-offer">
                  <p className="muted small">Automatic lookups are off (options). What the page shows is above; Lusha’s preview costs a search.</p>
                  <div>
                    <button type="button" className="btn primary small" disabled={lookUp.busy} onClick={() => lookUp.start()}>
                      {lookUp.busy ? 'Looking up…' : `Look up · ${creditWord(state.lookupOffer.credits)}`}
                    </button>
                  </div>
                </div>
              )}
              {lookUp.error && <ErrorNotice error={lookUp.error} retryCredits={state.lookupOffer?.credits} onRetry={lookUp.retry} onOpenOptions={openOptions} />}
            </section>
          )}

          {result?.status === 'found' && (
            <ContactCard
              preview={result.preview}
              entity={subject?.entity}
              revealed={view?.revealed}
              revealing={reveal.busy ? reveal.arg : undefined}
              revealError={reveal.error}
              onReveal={(field) => reveal.start(field)}
              onRetryReveal={reveal.retry}
              retryRevealCredits={result.preview.canReveal.find((offer) => offer.field === reveal.arg)?.credits}
              onOpenOptions={openOptions}
              crmHas={crmPerson.has}
              crmName={crmPerson.label}
              beforeDetails={
                crmPerson.page && subject?.entity ? (
                  <CrmRecord
                    record={subject.entity}
                    preview={result.preview}
                    revealed={view?.revealed}
                    crm={crmPerson}
                    onRevealed={(data) => state.revealed(data)}
                    onOpenOptions={openOptions}
                  />
                ) : (
                  <CrmPersonBlock status={crm} find={crmPerson.find} queryRef="subject" person={crmPerson.person} company={crmPerson.company} onOpenOptions={openOptions} />
                )
              }
            />
          )}
          {subject && !crmPerson.page && result?.status !== 'found' && (result || subject.entity) && (
            <CrmPersonBlock status={crm} find={crmPerson.find} queryRef="subject" person={crmPerson.person} company={crmPerson.company} onOpenOptions={openOptions} />
          )}
          {result && view && <PreviewCost fromCache={view.fromCache} charged={view.charged} />}
          {result?.status === 'found' && <SignalsSection entity={{ type: 'contact', id: result.preview.id }} lookbackMonths={lookbackMonths} />}
          {result?.status === 'found' && (result.preview.linkedinUrl ?? subject?.entity?.linkedinUrl) && (
            <AskSaber
              subject={{ kind: 'contact', profileUrl: (result.preview.linkedinUrl ?? subject?.entity?.linkedinUrl)! }}
              saberConfigured={saberConfigured}
              onOpenOptions={openOptions}
            />
          )}

          {crmPage && subject?.source === 'page' && subject.entity && !(crmPerson.page && result?.status === 'found') && (
            <CrmRecord
              record={subject.entity}
              preview={result?.status === 'found' ? result.preview : undefined}
              revealed={view?.revealed}
              crm={crmPerson}
              onRevealed={(data) => state.revealed(data)}
              onOpenOptions={openOptions}
            />
          )}

          {result && result.status !== 'found' && (
            <section className="card">
              {subject?.entity && <ContactHeader name={subject.entity.fullName} title={subject.entity.title} company={subject.entity.companyName} />}
              <div className={`notice ${result.status === 'restricted' ? 'warn' : ''}`} role="status" data-result-status={result.status}>
                <h2>
                  {result.status === 'not-found' && 'Lusha does not know this person'}
                  {result.status === 'restricted' && 'Not available for compliance reasons'}
                  {result.status === 'failed' && 'Lusha could not look this person up'}
                </h2>
                <p className="muted">
                  {result.status === 'not-found' && `No match for ${subject ? describeLookup(subject.lookup) : 'this lookup'}. Nothing was charged.`}
                  {result.status === 'restricted' && 'Lusha restricts this person’s data (for example under GDPR). Nothing was charged.'}
                  {result.status === 'failed' && 'Try again in a moment.'}
                </p>
              </div>
            </section>
          )}

          {view?.fromCache && view.revealed && !state.revealedHere && (
            <p className="muted small" data-testid="served-from-store">
              Revealed earlier: shown from Sidecar’s store, with no request and no credit.
            </p>
          )}

          {reveal.confirm && reveal.arg && (
            <RevealConfirm field={reveal.arg} cost={reveal.confirm.credits} onCancel={reveal.cancel} onConfirm={reveal.confirmed} />
          )}
          {lookUp.confirm && (
            <SpendConfirm
              title={`Look this person up for up to ${creditWord(lookUp.confirm.credits)}?`}
              body="Lusha charges its searches about 1 credit per 25 results, from your Lusha account. Sidecar keeps the preview, so opening this person again costs nothing."
              confirmLabel={`Look up · ${creditWord(lookUp.confirm.credits)}`}
              cost={lookUp.confirm.credits}
              onConfirm={lookUp.confirmed}
              onCancel={lookUp.cancel}
            />
          )}
        </>
      )}
    </main>
  );
}

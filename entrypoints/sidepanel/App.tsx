import { useCallback, useEffect, useState } from 'react';
import { browser } from '#imports';
import { Brand } from '@/components/brand';
import { AskCompany } from '@/components/ask-company';
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
import type { PageContext } from '@/lib/domain/page-context';
import { creditWord } from '@/lib/domain/credits';
import type { Broadcast, Settings } from '@/lib/messaging/protocol';
import { openOptions, useBroadcasts } from '@/lib/ui/broadcasts';
import { usePageReports } from '@/lib/ui/page-reports';
import { mismatchNote } from '@/lib/ui/subject-match';
import { usePaidAction } from '@/lib/ui/paid-action';
import { usePanelStore } from '@/lib/ui/panel-store';
import { SpendConfirm } from '@/components/reveal-confirm';
import { dealOrganization, describeLookup, isListPage, listedCompanies, listedPeople, pageCompany, readingPage } from '@/lib/ui/subject';
import { PersonTools } from '@/components/person-tools';
import { ResearchHistory } from '@/components/research-history';
import { useUnreadCount, WhatsNew } from '@/components/whats-new';
import type { WatchItem } from '@/lib/domain/watch';

/** What to type to open a watched person or company from What's new. */
function openWatched(tabId: number, item: WatchItem): void {
  if (item.kind === 'company') {
    void sendMessage('requestCompany', { tabId, company: { type: 'company', name: item.name, ...(item.domain ? { domain: item.domain } : {}), ...(item.linkedinUrl ? { linkedinUrl: item.linkedinUrl } : {}), confidence: 1 } });
    return;
  }
  const text = item.linkedinUrl ?? (item.companyName ? `${item.name} at ${item.companyName}` : item.name);
  void sendMessage('requestLookup', { tabId, text });
}
import { CRM_LABEL, useCrmCompany, useCrmList, useCrmPerson, useCrmStatus } from '@/lib/ui/crm';
import { FeatureGate } from '@/lib/ui/policy';

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

/** A record page still loading: what it is about is known the moment it renders. */
function ReadingPage() {
  return (
    <section className="card" aria-label="Reading the page">
      <p className="muted">Reading the page…</p>
      <Skeleton lines={2} label="Reading the page" />
    </section>
  );
}

export function App() {
  const state = usePanelStore();
  const [showHistory, setShowHistory] = useState(false);
  const [showWhatsNew, setShowWhatsNew] = useState(() => new URLSearchParams(location.search).get('view') === 'whats-new');
  const unread = useUnreadCount();
  const loadHistory = useCallback((query: string) => sendMessage('getHistory', { query }), []);
  const { setTab, refreshTab, applyTab, pageReported, reload } = state;
  usePanelTab(setTab);
  usePageReports(state.tabId, useCallback((context: PageContext) => void pageReported(context), [pageReported]));
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
      if (message.event === 'tabStateChanged' && message.tabId === tabId) void (message.state ? applyTab(message.state) : refreshTab());
      // Stored data changed (an erase, a reveal elsewhere): show it again. A lookup on its way is that change's own
      // answer: asking again would overtake it and show a search just paid for as "from Sidecar's store".
      if (message.event === 'keysChanged' || (message.event === 'dataChanged' && !usePanelStore.getState().loading)) void reload();
      // Settings may have changed in options meanwhile: read them again with the page, once the page's person is
      // on its way (they only shape the views below it).
      if (message.event === 'keysChanged') loadPreferences();
      if (message.event === 'tabStateChanged') requestIdleCallback(loadPreferences, { timeout: 1000 });
    },
    [refreshTab, applyTab, reload, loadPreferences],
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
  // A name without its company: the panel asks for the company rather than failing.
  const needsCompany = error?.reason === 'needs-company' && subject?.lookup.kind === 'name';
  // Lusha's match disagreeing with the page (or the typed lookup) is said before any reveal, and every paid reveal asks.
  const mismatch = result?.status === 'found' ? mismatchNote(subject, result.preview) : undefined;
  const startReveal = (field: RevealField) => {
    const credits = result?.status === 'found' ? (result.preview.canReveal.find((offer) => offer.field === field)?.credits ?? 0) : 0;
    if (mismatch && credits > 0) reveal.ask(field, credits);
    else reveal.start(field);
  };
  const listPage = isListPage(state.tab?.page?.kind);
  const people = listedPeople(state.tab);
  const companies = listedCompanies(state.tab);
  const company = pageCompany(state.tab);
  const dealOrg = dealOrganization(state.tab);
  const crmPage = /^(hubspot|salesforce|pipedrive)-/.test(state.tab?.page?.kind ?? '');
  const lookbackMonths = settings?.signalsLookbackMonths ?? 6;
  const requestedCompany = Boolean(state.tab?.requested && company);
  /** Looks up what the user typed ("First Last at Company", an email…) in this tab; false when it is not a lookup. */
  const lookUpText = async (text: string) => state.tabId !== undefined && (await sendMessage('requestLookup', { tabId: state.tabId, text })).recognised;
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
          <button
            type="button"
            className="btn ghost small"
            aria-pressed={showWhatsNew}
            data-testid="whats-new-button"
            onClick={() => {
              setShowHistory(false);
              setShowWhatsNew((open) => !open);
            }}
          >
            What’s new{unread > 0 && <span className="badge-count" data-testid="unread-count" aria-label={`${unread} unread`}>{unread}</span>}
          </button>
          <button
            type="button"
            className="btn ghost small"
            aria-pressed={showHistory}
            onClick={() => {
              setShowWhatsNew(false);
              setShowHistory((open) => !open);
            }}
          >
            History
          </button>
          <button type="button" className="btn ghost small" onClick={openOptions}>
            Options
          </button>
        </div>
      </div>
      <CrmOutboxNotice status={crm} onOpenOptions={openOptions} />

      {state.tabId !== undefined && (
        <ManualLookup onLookup={lookUpText} />
      )}

      {showWhatsNew ? (
        <WhatsNew
          onOpenOptions={openOptions}
          onOpenSubject={(item) => {
            setShowWhatsNew(false);
            if (item && state.tabId !== undefined) openWatched(state.tabId, item);
          }}
        />
      ) : showHistory ? (
        <>
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
        <ResearchHistory />
        </>
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
                extra={
                  <FeatureGate feature="crm-write">
                    <CrmBulkSave status={crm} people={people} matchesOf={crmList.matchesOf} checked={crmList.find.result !== undefined} onOpenOptions={openOptions} onDone={crmList.reload} />
                  </FeatureGate>
                }
              />
            )
          )}
          {!subject && (requestedCompany || !listPage) && company && (
            <CompanyView company={company} lookbackMonths={lookbackMonths} saberConfigured={saberConfigured} onOpenPerson={openPerson} onOpenOptions={openOptions} />
          )}
          {!subject && (requestedCompany || !listPage) && company && <CrmCompanyBlock status={crm} find={crmCompany} queryRef="company" />}
          {!subject && !listPage && !company && (readingPage(state.tab) ? <ReadingPage /> : <Idle unrecognized={state.tab?.unrecognizedSelection} />)}

          {subject && listPage && state.selectedRow !== undefined && (
            <div>
              <button type="button" className="btn small" onClick={() => void state.selectRow(undefined)}>
                ← All {people.length} people on this page
              </button>
            </div>
          )}

          {subject && !result && (
            <section className="card" aria-label="Looking up">
              {subject.entity?.fullName ? (
                <ContactHeader name={subject.entity.fullName} title={subject.entity.title} company={subject.entity.companyName} photoUrl={subject.entity.photoUrl} />
              ) : (
                !needsCompany && <p className="muted">Looking up {describeLookup(subject.lookup)}…</p>
              )}
              {loading && <Skeleton lines={3} label="Looking up in Lusha" />}
              {needsCompany && subject.lookup.kind === 'name' ? (
                <AskCompany name={describeLookup(subject.lookup)} onLookup={(company) => lookUpText(`${describeLookup(subject.lookup)} at ${company}`)} />
              ) : (
                error && <ErrorNotice error={error} retryCredits={error.mayHaveCharged} onRetry={() => void reload()} onOpenOptions={openOptions} />
              )}
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
              onReveal={startReveal}
              mismatch={mismatch}
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
          {result?.status === 'found' && (
            <PersonTools
              preview={result.preview}
              profileUrl={result.preview.linkedinUrl ?? subject?.entity?.linkedinUrl}
              saberConfigured={saberConfigured}
              onRevealed={() => void reload()}
              onOpenOptions={openOptions}
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

          {/* A deal: its person first, then its organization. */}
          {dealOrg && subject && (
            <>
              <h3 data-testid="deal-organization">The deal’s organization</h3>
              <CompanyView company={dealOrg} lookbackMonths={lookbackMonths} saberConfigured={saberConfigured} onOpenPerson={openPerson} onOpenOptions={openOptions} />
            </>
          )}

          {view?.fromCache && view.revealed && !state.revealedHere && (
            <p className="muted small" data-testid="served-from-store">
              Revealed earlier: shown from Sidecar’s store, with no request and no credit.
            </p>
          )}

          {reveal.confirm && reveal.arg && (
            <RevealConfirm field={reveal.arg} cost={reveal.confirm.credits} warning={mismatch && `${mismatch} Reveal only if it is the person you mean.`} onCancel={reveal.cancel} onConfirm={reveal.confirmed} />
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

import { useCallback, useEffect, useState } from 'react';
import { browser } from '#imports';
import { Brand } from '@/components/brand';
import { BulkList } from '@/components/bulk-list';
import { CompanyList } from '@/components/company-list';
import { CompanyView } from '@/components/company-view';
import { CrmBulkSave } from '@/components/crm-bulk-save';
import { CrmCompanyBlock, CrmRowChip } from '@/components/crm-match';
import { CrmOutboxNotice } from '@/components/crm-outbox';
import { HistoryList, lookupTextOf } from '@/components/history-list';
import { ManualLookup } from '@/components/manual-lookup';
import { PersonPanel } from '@/components/person-panel';
import { ResearchHistory } from '@/components/research-history';
import { Skeleton } from '@/components/ui/skeleton';
import { useUnreadCount, WhatsNew } from '@/components/whats-new';
import type { ContactPreview } from '@/lib/domain/contact';
import type { CompanyEntity, ContactEntity, PageContext } from '@/lib/domain/page-context';
import type { WatchItem } from '@/lib/domain/watch';
import { sendMessage } from '@/lib/messaging/client';
import type { CrmStatus } from '@/lib/messaging/crm';
import type { Broadcast, Settings } from '@/lib/messaging/protocol';
import { openOptions, useBroadcasts } from '@/lib/ui/broadcasts';
import { CRM_LABEL, useCrmCompany, useCrmList, useCrmStatus } from '@/lib/ui/crm';
import { usePageReports } from '@/lib/ui/page-reports';
import { usePanelStore } from '@/lib/ui/panel-store';
import { panelView, requestNote, type Overlay } from '@/lib/ui/panel-view';
import { FeatureGate } from '@/lib/ui/policy';
import { describeLookup } from '@/lib/ui/subject';

/** What to type to open a watched person or company from What's new. */
function openWatched(tabId: number, item: WatchItem): void {
  if (item.kind === 'company') {
    void sendMessage('requestCompany', { tabId, company: { type: 'company', name: item.name, ...(item.domain ? { domain: item.domain } : {}), ...(item.linkedinUrl ? { linkedinUrl: item.linkedinUrl } : {}), confidence: 1 } });
    return;
  }
  const text = item.linkedinUrl ?? (item.companyName ? `${item.name} at ${item.companyName}` : item.name);
  void sendMessage('requestLookup', { tabId, text });
}

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

/** A people search: every row with its status and CRM chip, bulk reveal and save. */
function PeopleListView({ people, crm }: { people: ContactEntity[]; crm?: CrmStatus }) {
  const crmList = useCrmList(crm, people);
  return (
    <BulkList
      people={people}
      onSelect={(row) => void usePanelStore.getState().selectRow(row)}
      onOpenOptions={openOptions}
      rowExtra={crm?.crm ? (row) => <CrmRowChip crm={CRM_LABEL[crm.crm!]} matches={crmList.matchesOf(row)} /> : undefined}
      extra={
        <FeatureGate feature="crm-write">
          <CrmBulkSave status={crm} people={people} matchesOf={crmList.matchesOf} checked={crmList.find.result !== undefined} onOpenOptions={openOptions} onDone={crmList.reload} />
        </FeatureGate>
      }
    />
  );
}

/** A company with whether the connected CRM holds it. */
function CompanyPageView({ company, crm, ...props }: { company: CompanyEntity; crm?: CrmStatus; lookbackMonths: number; saberConfigured: boolean; onOpenPerson(preview: ContactPreview): void }) {
  const crmCompany = useCrmCompany(crm, company);
  return (
    <>
      <CompanyView company={company} {...props} onOpenOptions={openOptions} />
      <CrmCompanyBlock status={crm} find={crmCompany} queryRef="company" />
    </>
  );
}

export function App() {
  const state = usePanelStore();
  const [overlay, setOverlay] = useState<Overlay>(() => (new URLSearchParams(location.search).get('view') === 'whats-new' ? 'whats-new' : undefined));
  const toggle = (next: NonNullable<Overlay>) => setOverlay((open) => (open === next ? undefined : next));
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

  // What the panel shows, and why: one value (lib/ui/panel-view.ts), drawn by the switch below.
  const view = panelView({ overlay, tab: state.tab, subject: state.subject, result: state.view?.result, selectedRow: state.selectedRow });
  const note = requestNote(state.tab, view);
  const lookbackMonths = settings?.signalsLookbackMonths ?? 6;
  const crm = useCrmStatus().status;
  const { tabId } = state;
  /** Looks up what the user typed ("First Last at Company", an email…) in this tab; false when it is not a lookup. */
  const lookUpText = async (text: string) => tabId !== undefined && (await sendMessage('requestLookup', { tabId, text })).recognised;
  const openPerson = (preview: ContactPreview) => void lookUpText(lookupTextOfPreview(preview));
  const companyView = (company: CompanyEntity) => (
    <CompanyView company={company} lookbackMonths={lookbackMonths} saberConfigured={saberConfigured} onOpenPerson={openPerson} onOpenOptions={openOptions} />
  );

  function body() {
    switch (view.kind) {
      case 'whats-new':
        return (
          <WhatsNew
            onOpenOptions={openOptions}
            onOpenSubject={(item) => {
              setOverlay(undefined);
              if (item && tabId !== undefined) openWatched(tabId, item);
            }}
          />
        );
      case 'history':
        return (
          <>
            <HistoryList
              load={loadHistory}
              onOpen={(entry) => {
                setOverlay(undefined);
                void lookUpText(lookupTextOf(entry));
              }}
              onErase={async (entry) => {
                await sendMessage('eraseData', { contactId: entry.contactId });
              }}
            />
            <ResearchHistory />
          </>
        );
      case 'company-list':
        return <CompanyList companies={view.companies} onOpen={(entity) => tabId !== undefined && void sendMessage('requestCompany', { tabId, company: entity })} />;
      case 'people-list':
        return <PeopleListView people={view.people} crm={crm} />;
      case 'company':
        return <CompanyPageView company={view.company} crm={crm} lookbackMonths={lookbackMonths} saberConfigured={saberConfigured} onOpenPerson={openPerson} />;
      case 'reading-page':
        return <ReadingPage />;
      case 'idle':
        return <Idle unrecognized={view.unrecognized} />;
      case 'person':
        return (
          <PersonPanel view={view} crm={crm} lookbackMonths={lookbackMonths} saberConfigured={saberConfigured} onOpenOptions={openOptions} onLookUpText={lookUpText} renderCompany={companyView} />
        );
    }
  }

  return (
    <main className="app" aria-busy={state.loading}>
      <div className="topbar">
        <Brand />
        <div className="row" style={{ gap: 4 }}>
          <button type="button" className="btn ghost small" aria-pressed={overlay === 'whats-new'} data-testid="whats-new-button" onClick={() => toggle('whats-new')}>
            What’s new
            {unread > 0 && (
              <span className="badge-count" data-testid="unread-count" aria-label={`${unread} unread`}>
                {unread}
              </span>
            )}
          </button>
          <button type="button" className="btn ghost small" aria-pressed={overlay === 'history'} onClick={() => toggle('history')}>
            History
          </button>
          <button type="button" className="btn ghost small" onClick={openOptions}>
            Options
          </button>
        </div>
      </div>
      <CrmOutboxNotice status={crm} onOpenOptions={openOptions} />

      {tabId !== undefined && <ManualLookup onLookup={lookUpText} />}

      {/* What the user asked about (a selection, a link, a typed lookup), with the way back to the page. */}
      {note && state.tab?.requested && (
        <p className="muted small" data-testid="subject-source">
          {SOURCE_LABEL[note.source]}
          <span className="mono">{state.tab.requested.company?.name ?? describeLookup(state.tab.requested.lookup)}</span>
          {note.canGoBack && (
            <>
              {' · '}
              <button type="button" className="btn ghost small" onClick={() => tabId !== undefined && void sendMessage('clearRequest', { tabId })}>
                Back to this page
              </button>
            </>
          )}
        </p>
      )}
      {body()}
    </main>
  );
}

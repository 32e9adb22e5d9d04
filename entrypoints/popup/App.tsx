import { useCallback, useEffect, useState } from 'react';
import { browser } from '#imports';
import { Brand } from '@/components/brand';
import { OrganisationNote } from '@/components/organisation';
import { CreditMeter } from '@/components/credit-meter';
import { ErrorNotice } from '@/components/error-notice';
import { Skeleton } from '@/components/ui/skeleton';
import { hasSidebar, openSidePanel } from '@/lib/compat';
import { errorDataOf, type SidecarErrorData } from '@/lib/domain/errors';
import { sendMessage } from '@/lib/messaging/client';
import type { CreditsView } from '@/lib/messaging/protocol';
import { openOptions, useBroadcasts } from '@/lib/ui/broadcasts';

async function openPanel() {
  if (hasSidebar()) {
    // Firefox's sidebar opens in this window, before anything is awaited (the click must still count as a gesture).
    await openSidePanel();
  } else {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.windowId !== undefined) await openSidePanel({ windowId: tab.windowId });
  }
  window.close();
}

export function App() {
  const [credits, setCredits] = useState<CreditsView>();
  const [error, setError] = useState<SidecarErrorData>();

  const load = useCallback(async (refresh: boolean) => {
    try {
      setCredits(await sendMessage('getCredits', { refresh }));
      setError(undefined);
    } catch (caught) {
      setError(errorDataOf(caught, 'Could not read your credits.'));
    }
  }, []);

  useEffect(() => {
    void load(true);
  }, [load]);
  useBroadcasts(useCallback((message) => message.event !== 'tabStateChanged' && void load(false), [load]));

  return (
    <main className="app" style={{ width: 340 }}>
      <div className="topbar">
        <Brand />
        <button type="button" className="btn ghost small" onClick={openOptions}>
          Options
        </button>
      </div>
      <OrganisationNote />
      {error && <ErrorNotice error={error} onRetry={() => void load(true)} />}
      {!credits && !error && (
        <section className="card">
          <Skeleton lines={3} label="Loading credits" />
        </section>
      )}
      {credits && <CreditMeter credits={credits} onOpenOptions={openOptions} />}
      <button type="button" className="btn primary wide" onClick={() => void openPanel()}>
        Open side panel
      </button>
    </main>
  );
}

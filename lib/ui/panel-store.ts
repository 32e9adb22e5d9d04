/**
 * The side panel's state: a projection of what the background knows about one tab. It holds no only copy of
 * anything; every change comes from the background and can be fetched again. Paid clicks (a reveal, a lookup with
 * automatic lookups off) go through `usePaidAction`; this store only takes their results in.
 */
import { create } from 'zustand';
import type { RevealedData } from '../domain/contact';
import type { SidecarErrorData } from '../domain/errors';
import type { PageContext } from '../domain/page-context';
import { withPage } from '../domain/tab-state';
import { sendMessage } from '../messaging/client';
import type { ContactView, TabState } from '../messaging/protocol';
import { errorData, newIntentId } from './paid-action';
import { subjectOf, type Subject } from './subject';

interface PanelState {
  tabId?: number;
  tab?: TabState;
  subject: Subject | null;
  view?: ContactView;
  loading: boolean;
  error?: SidecarErrorData;
  /** Automatic lookups are off: what looking this subject up costs (the panel offers the button). */
  lookupOffer?: { credits: number };
  /** Something was revealed in this panel for the current subject (so "served from the store" no longer applies). */
  revealedHere: boolean;
  /** On a list page, the row the user chose to look at. */
  selectedRow?: number;
  selectRow(row: number | undefined): Promise<void>;
  setTab(tabId: number): Promise<void>;
  /** Asks the background for the tab's state and shows it. */
  refreshTab(): Promise<void>;
  /** Shows the background's state of the tab (a broadcast or an answer), unless a newer one was shown. */
  applyTab(tab: TabState): Promise<void>;
  /** The tab's content script reported a page (heard directly): shown at once, until the background's state follows. */
  pageReported(context: PageContext): Promise<void>;
  /** `updatedAt` of the newest state the background gave (what the panel shows of a page's own report is not one). */
  keptAt: number;
  /** The automatic lookup of the subject (served from the store when it can be). */
  reload(): Promise<void>;
  /** The user's "Look up" click (automatic lookups off): its result, or its error for the click to show. */
  lookUp(confirmedCredits: number | undefined, intentId: string): Promise<ContactView>;
  /** A reveal finished: the panel shows what was revealed. */
  revealed(data: RevealedData): void;
}

let loadSeq = 0;

export const usePanelStore = create<PanelState>((set, get) => {
  /** Shows a state of the tab: a new subject replaces the previous one's view and is looked up. */
  async function show(tab: TabState): Promise<void> {
    const current = get().tab;
    // A new page forgets the row chosen on the previous one.
    if (tab.page?.url !== current?.page?.url && current !== undefined) set({ selectedRow: undefined });
    const subject = subjectOf(tab, get().selectedRow);
    const previous = get().subject;
    set({ tab });
    if (JSON.stringify(subject?.lookup) !== JSON.stringify(previous?.lookup)) {
      // The previous person is never shown as if current: their view goes with them.
      set({ subject, view: undefined, error: undefined, lookupOffer: undefined, revealedHere: false });
      await get().reload();
    } else if (subject) {
      set({ subject });
    }
  }

  return {
    subject: null,
    loading: false,
    revealedHere: false,
    keptAt: 0,

    async setTab(tabId) {
      set({ tabId, tab: undefined, keptAt: 0, subject: null, view: undefined, error: undefined, lookupOffer: undefined, revealedHere: false, selectedRow: undefined });
      await get().refreshTab();
    },

    async selectRow(row) {
      set({ selectedRow: row });
      await get().refreshTab();
    },

    async refreshTab() {
      const { tabId } = get();
      if (tabId === undefined) return;
      await get().applyTab(await sendMessage('getTabState', { tabId }));
    },

    async applyTab(tab) {
      // A state for another tab, or older than one already shown (a broadcast overtook this answer), changes nothing.
      if (tab.tabId !== get().tabId || tab.updatedAt < get().keptAt) return;
      set({ keptAt: tab.updatedAt });
      await show(tab);
    },

    async pageReported(context) {
      const current = get().tab;
      // Before the panel has the tab's state, the background's answer (which has this page) is on its way.
      if (current) await show({ ...current, ...withPage(current, context) });
    },

    async reload() {
      const { subject } = get();
      if (!subject) return;
      const seq = (loadSeq += 1);
      const previous = get().error;
      set({ loading: true, error: undefined, lookupOffer: undefined });
      try {
        // Trying again after a pause (out of credits, plan) is the user acting on it: let the background check and resume.
        if (previous?.kind === 'out-of-credits' || previous?.kind === 'forbidden') await sendMessage('resumeProvider', { provider: 'lusha' });
        const view = await sendMessage('lookupContact', { lookup: subject.lookup, entity: subject.entity, origin: 'auto', intentId: newIntentId() });
        // Read again after a change (a reveal, say), the preview this panel just paid for still says what it cost.
        const shown = get().view;
        const kept = view.fromCache && shown && !shown.fromCache && shown.key === view.key ? { ...view, fromCache: false, charged: shown.charged } : view;
        if (seq === loadSeq) set({ view: kept, loading: false });
      } catch (error) {
        if (seq !== loadSeq) return;
        const data = errorData(error);
        if (data.kind === 'needs-confirmation' && data.reason === 'auto-lookup-off') {
          // Already looked up by the user's click: nothing to offer.
          set(get().view ? { loading: false } : { lookupOffer: { credits: data.credits ?? 0 }, loading: false });
        } else {
          set({ error: data, loading: false });
        }
      }
    },

    async lookUp(confirmedCredits, intentId) {
      const { subject } = get();
      if (!subject) throw new Error('nobody to look up');
      const view = await sendMessage('lookupContact', { lookup: subject.lookup, entity: subject.entity, origin: 'click', intentId, confirmedCredits });
      // The user's click wins over automatic reads still on their way, as long as the panel still shows that person.
      if (JSON.stringify(get().subject?.lookup) === JSON.stringify(subject.lookup)) {
        loadSeq += 1;
        set({ view, lookupOffer: undefined, error: undefined, loading: false });
      }
      return view;
    },

    revealed(data) {
      set((state) => ({ revealedHere: true, view: state.view ? { ...state.view, revealed: data } : state.view }));
    },
  };
});

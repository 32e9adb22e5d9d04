/**
 * The side panel's state: a projection of what the background knows about one tab. It holds no only copy of
 * anything; every change comes from the background and can be fetched again.
 */
import { create } from 'zustand';
import type { RevealField } from '../domain/contact';
import type { SidecarErrorData } from '../domain/errors';
import { sendMessage } from '../messaging/client';
import type { ContactView, TabState } from '../messaging/protocol';
import { errorData } from './paid-action';
import { subjectOf, type Subject } from './subject';

export interface PendingConfirmation {
  field: RevealField;
  credits: number;
}

interface PanelState {
  tabId?: number;
  tab?: TabState;
  subject: Subject | null;
  view?: ContactView;
  loading: boolean;
  error?: SidecarErrorData;
  revealing?: RevealField;
  revealError?: SidecarErrorData;
  confirm?: PendingConfirmation;
  /** Something was revealed in this panel for the current subject (so "served from the store" no longer applies). */
  revealedHere: boolean;
  /** On a list page, the row the user chose to look at. */
  selectedRow?: number;
  selectRow(row: number | undefined): Promise<void>;
  setTab(tabId: number): Promise<void>;
  refreshTab(): Promise<void>;
  reload(): Promise<void>;
  reveal(field: RevealField, confirmedCredits?: number): Promise<void>;
  cancelConfirm(): void;
  confirmReveal(options: { autoConfirmUnder?: number }): Promise<void>;
}

let loadSeq = 0;

export const usePanelStore = create<PanelState>((set, get) => ({
  subject: null,
  loading: false,
  revealedHere: false,

  async setTab(tabId) {
    set({ tabId, tab: undefined, subject: null, view: undefined, error: undefined, confirm: undefined, revealError: undefined, revealedHere: false, selectedRow: undefined });
    await get().refreshTab();
  },

  async selectRow(row) {
    set({ selectedRow: row });
    await get().refreshTab();
  },

  async refreshTab() {
    const { tabId } = get();
    if (tabId === undefined) return;
    const tab = await sendMessage('getTabState', { tabId });
    // A new page forgets the row chosen on the previous one.
    if (tab.page?.url !== get().tab?.page?.url && get().tab !== undefined) set({ selectedRow: undefined });
    const subject = subjectOf(tab, get().selectedRow);
    const previous = get().subject;
    set({ tab });
    if (JSON.stringify(subject?.lookup) !== JSON.stringify(previous?.lookup)) {
      set({ subject, view: undefined, error: undefined, confirm: undefined, revealError: undefined, revealedHere: false });
      await get().reload();
    } else if (subject) {
      set({ subject });
    }
  },

  async reload() {
    const { subject } = get();
    if (!subject) return;
    const seq = (loadSeq += 1);
    const previous = get().error;
    set({ loading: true, error: undefined });
    try {
      // Trying again after a pause (out of credits, plan) is the user acting on it: let the background check and resume.
      if (previous?.kind === 'out-of-credits' || previous?.kind === 'forbidden') await sendMessage('resumeProvider', { provider: 'lusha' });
      const view = await sendMessage('lookupContact', { lookup: subject.lookup, entity: subject.entity });
      if (seq === loadSeq) set({ view, loading: false });
    } catch (error) {
      if (seq === loadSeq) set({ error: errorData(error), loading: false });
    }
  },

  async reveal(field, confirmedCredits) {
    const { view } = get();
    if (view?.result.status !== 'found') return;
    set({ revealing: field, revealError: undefined, confirm: undefined });
    try {
      const revealed = await sendMessage('revealContact', { contactId: view.result.preview.id, field, confirmedCredits });
      await get().reload();
      set((state) => ({ revealing: undefined, revealedHere: true, view: state.view ? { ...state.view, revealed } : state.view }));
    } catch (error) {
      const data = errorData(error);
      if (data.kind === 'needs-confirmation' && data.credits !== undefined) {
        set({ revealing: undefined, confirm: { field, credits: data.credits } });
      } else {
        set({ revealing: undefined, revealError: data });
      }
    }
  },

  cancelConfirm() {
    set({ confirm: undefined });
  },

  async confirmReveal({ autoConfirmUnder }) {
    const { confirm } = get();
    if (!confirm) return;
    if (autoConfirmUnder !== undefined) {
      await sendMessage('saveSettings', { autoConfirmUnder });
    }
    await get().reveal(confirm.field, confirm.credits);
  },
}));

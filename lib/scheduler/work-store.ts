/** Queued provider work, persisted so a stopped service worker or a restarted browser loses none of it. */
import type { RevealField } from '../domain/contact';
import type { Lookup } from '../domain/page-context';

export type Priority = 0 | 1; // 0: the page in front of the user; 1: bulk work

export interface PendingSearch {
  kind: 'search';
  key: string;
  lookup: Lookup;
  priority: Priority;
  queuedAt: number;
}

export interface PendingReveal {
  kind: 'reveal';
  contactId: string;
  field: RevealField;
  priority: Priority;
  /** What the reveal was priced at when the user asked (canReveal); used to reconcile an interrupted call. */
  expectedCredits: number;
  queuedAt: number;
  /** Set once the request has left: after a restart, a reveal answered at 0 credits was paid by the lost call. */
  sentAt?: number;
}

export type PendingWork = PendingSearch | PendingReveal;

export interface WorkStore {
  load(): Promise<PendingWork[]>;
  save(work: PendingWork[]): Promise<void>;
  /** When the last requests left, so a restarted worker keeps to the rate limit instead of bursting. */
  loadSendTimes?(): Promise<number[]>;
  saveSendTimes?(times: number[]): Promise<void>;
}

/** A store that keeps nothing (tests, or when persistence is not wanted). */
export function createMemoryWorkStore(initial: PendingWork[] = []): WorkStore & { saved: PendingWork[]; sendTimes: number[] } {
  const store = {
    saved: initial,
    sendTimes: [] as number[],
    async load() {
      return store.saved.map((work) => ({ ...work }));
    },
    async save(work: PendingWork[]) {
      store.saved = work.map((item) => ({ ...item }));
    },
    async loadSendTimes() {
      return [...store.sendTimes];
    },
    async saveSendTimes(times: number[]) {
      store.sendTimes = [...times];
    },
  };
  return store;
}

/** The engine's queued work, in storage.local: it survives the worker being stopped and the browser restarting. */
import { storage } from '#imports';
import { z } from 'zod';
import { lookupSchema } from '../domain/page-context';
import { revealFieldSchema } from '../domain/contact';
import type { PendingWork, WorkStore } from '../scheduler/work-store';

const pendingWorkSchema = z.array(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('search'), key: z.string(), lookup: lookupSchema, priority: z.union([z.literal(0), z.literal(1)]), queuedAt: z.number() }),
    z.object({
      kind: z.literal('reveal'),
      contactId: z.string(),
      field: revealFieldSchema,
      priority: z.union([z.literal(0), z.literal(1)]),
      expectedCredits: z.number(),
      queuedAt: z.number(),
      sentAt: z.number().optional(),
    }),
  ]),
);

const pendingItem = storage.defineItem<PendingWork[]>('local:pendingWork', { fallback: [] });
const sendTimesItem = storage.defineItem<number[]>('session:lushaSendTimes', { fallback: [] });

export const storageWorkStore: WorkStore = {
  async load() {
    const parsed = pendingWorkSchema.safeParse(await pendingItem.getValue());
    return parsed.success ? parsed.data : [];
  },
  async save(work) {
    await pendingItem.setValue(work);
  },
  async loadSendTimes() {
    const parsed = z.array(z.number()).safeParse(await sendTimesItem.getValue());
    return parsed.success ? parsed.data : [];
  },
  async saveSendTimes(times) {
    await sendTimesItem.setValue(times);
  },
};

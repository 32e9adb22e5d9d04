/**
 * Bulk reveal jobs: who was asked for and what each item started as. Where each item stands afterwards is its paid
 * intent's (lib/store/intents.ts), so a job read back after a worker restart tells the truth without a runner.
 */
import { z } from 'zod';
import { revealFieldSchema } from '../domain/contact';
import { getDb } from './db';

export const bulkJobRecordSchema = z.object({
  jobId: z.string().min(1),
  field: revealFieldSchema,
  startedAt: z.number(),
  items: z.array(
    z.object({
      contactId: z.string(),
      /** The item's paid intent, when one was made. */
      intentId: z.string().optional(),
      /** How an item that needed no call ended at once (already revealed, restricted, nothing to reveal). */
      settled: z.enum(['revealed', 'not-found', 'restricted']).optional(),
      message: z.string().optional(),
    }),
  ),
  cancelRequested: z.boolean().default(false),
});
export type BulkJobRecord = z.infer<typeof bulkJobRecordSchema>;

/** How long a finished job can still be read back. */
export const BULK_JOB_KEEP_MS = 24 * 60 * 60_000;

export async function putBulkJob(job: BulkJobRecord): Promise<void> {
  await (await getDb()).put('bulkJobs', bulkJobRecordSchema.parse(job));
}

export async function getBulkJobRecord(jobId: string): Promise<BulkJobRecord | undefined> {
  const parsed = bulkJobRecordSchema.safeParse(await (await getDb()).get('bulkJobs', jobId));
  return parsed.success ? parsed.data : undefined;
}

export async function deleteBulkJob(jobId: string): Promise<void> {
  await (await getDb()).delete('bulkJobs', jobId);
}

/** Drops jobs started before `before`. */
export async function pruneBulkJobs(before: number): Promise<void> {
  const tx = (await getDb()).transaction('bulkJobs', 'readwrite');
  for (let cursor = await tx.store.index('byStartedAt').openCursor(IDBKeyRange.upperBound(before, true)); cursor; cursor = await cursor.continue()) {
    await cursor.delete();
  }
  await tx.done;
}

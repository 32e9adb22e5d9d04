/**
 * Saber contact research: a brief on a person before a call. Asking is a paid intent (priced at the most a research
 * job can cost, in Saber credits) that creates the job; the job runs for a while on Saber's side and is then read for
 * free, by the panel while it is open and by an alarm while it is not (a worker may be stopped at 30 s idle, so the
 * job is never awaited). Requests and briefs are kept and listed in history.
 */
import { SidecarError } from '../../domain/errors';
import type { ContactResearch } from '../../domain/saber-prospect';
import type { ResearchRecord } from '../../domain/watch';
import type { Engine } from '../../engine/engine';
import { getResearch, listResearch, putResearch } from '../../store/research';
import { getApiKey } from '../../store/secrets';
import { SABER_CREDITS_PER_RESEARCH_MAX, SABER_RESEARCH, type ResearchArgs } from './contact-operations';
import { SABER_READ_LANE } from './operations';
import type { SaberService } from './saber';

/** A job still processing after this many reads (about an hour of alarms) is given up. */
export const MAX_RESEARCH_POLLS = 120;

export interface ResearchInput {
  profileUrl?: string;
  firstName: string;
  lastName: string;
  companyName: string;
  companyDomain: string;
  jobTitle?: string;
  confirmedCredits?: number;
  intentId?: string;
}

export interface ResearchDeps {
  engine: Engine;
  saber: SaberService;
  now(): number;
}

/** Who a research is about, as the store keys it: the profile when known, else name at domain. */
export function researchSubject(input: Pick<ResearchInput, 'profileUrl' | 'firstName' | 'lastName' | 'companyDomain'>): string {
  if (input.profileUrl) return `contact:${input.profileUrl.trim().toLowerCase()}`;
  return `contact:${input.firstName.trim()} ${input.lastName.trim()}@${input.companyDomain.trim()}`.toLowerCase();
}

export function createResearchService(deps: ResearchDeps) {
  const { engine, now } = deps;
  const polling = new Map<string, Promise<ResearchRecord>>();

  async function start(input: ResearchInput): Promise<ResearchRecord> {
    if (!(await getApiKey('saber'))) throw new SidecarError({ kind: 'missing-key', message: 'Add your Saber API key in Sidecar’s options to research people.' });
    const name = `${input.firstName.trim()} ${input.lastName.trim()}`;
    const args: ResearchArgs = {
      subject: researchSubject(input),
      name,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      companyName: input.companyName.trim(),
      companyDomain: input.companyDomain.trim(),
      ...(input.profileUrl ? { contactProfileUrl: input.profileUrl } : {}),
      ...(input.jobTitle ? { jobTitle: input.jobTitle } : {}),
    };
    const settled = await engine.submitOne<ResearchArgs, ContactResearch>(
      SABER_RESEARCH,
      { args, price: SABER_CREDITS_PER_RESEARCH_MAX, id: input.intentId },
      { origin: 'click', confirmedCredits: input.confirmedCredits, what: 'Researching this person' },
    );
    const requestedAt = settled.intent.sentAt ?? settled.intent.createdAt;
    const kept = await listResearch(args.subject);
    const stored = settled.value ? kept.find((record) => record.id === settled.value!.id) : kept.find((record) => record.requestedAt === requestedAt);
    if (!stored) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep this research request. Try again.' });
    return stored;
  }

  /** Reads one processing job (free); a failed read leaves it as it was. Simultaneous callers share the read. */
  function refresh(record: ResearchRecord): Promise<ResearchRecord> {
    const running = polling.get(record.id);
    if (running) return running;
    const poll = pollOnce(record).finally(() => polling.delete(record.id));
    polling.set(record.id, poll);
    return poll;
  }

  async function pollOnce(record: ResearchRecord): Promise<ResearchRecord> {
    const client = await deps.saber.client();
    const polls = record.polls + 1;
    let research: ContactResearch = record.research;
    try {
      research = (await engine.freeCall(SABER_READ_LANE, () => client.getContactResearch(record.id))).data;
    } catch (error) {
      // Saber no longer knows it: say so rather than asking forever.
      if (SidecarError.is(error) && error.data.kind === 'not-found') research = { ...record.research, status: 'failed', error: 'Saber no longer has this research.' };
    }
    if (research.status === 'processing' && polls >= MAX_RESEARCH_POLLS) research = { ...research, status: 'failed', error: 'Saber did not finish this research in time.' };
    const updated: ResearchRecord = { ...record, research, polls, checkedAt: now() };
    await putResearch(updated);
    return updated;
  }

  /** Every processing job is read once (the alarm); returns how many still run. */
  async function pollAll(): Promise<number> {
    const processing = (await listResearch()).filter((record) => record.research.status === 'processing');
    if (processing.length === 0 || !(await getApiKey('saber'))) return 0;
    const fresh = await Promise.all(processing.map((record) => refresh(record).catch(() => record)));
    return fresh.filter((record) => record.research.status === 'processing').length;
  }

  /** Research about one subject (or all), newest first; processing ones are read again (free). */
  async function list(subject?: string): Promise<ResearchRecord[]> {
    const records = await listResearch(subject);
    if (!records.some((record) => record.research.status === 'processing') || !(await getApiKey('saber'))) return records;
    return Promise.all(records.map((record) => (record.research.status === 'processing' ? refresh(record).catch(() => record) : record)));
  }

  async function get(id: string): Promise<ResearchRecord | undefined> {
    const record = await getResearch(id);
    return record?.research.status === 'processing' ? refresh(record).catch(() => record) : record;
  }

  async function pending(): Promise<number> {
    return (await listResearch()).filter((record) => record.research.status === 'processing').length;
  }

  return { start, list, get, pollAll, pending };
}

export type ResearchService = ReturnType<typeof createResearchService>;

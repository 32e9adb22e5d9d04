/**
 * The outbox: every CRM write is stored first (lib/store/crm-outbox.ts), then sent step by step (company, person,
 * association, note), each step's result stored as soon as the CRM confirmed it. A write is never lost (it stays
 * until the CRM confirmed every step or the user drops it, across restarts) and never applied twice:
 * - a step is marked in flight before its request leaves; a step found marked after a restart (or a timeout, a
 *   dropped connection, a 5xx) may have been applied, so before sending it again Sidecar looks for what it would have
 *   made: the person by email, LinkedIn URL or name and company, the company by domain, the note by a marker only
 *   this write's note carries; where the CRM's search lags its writes (HubSpot), it waits the lag out first;
 * - a create the CRM calls a duplicate (HubSpot 409 with the existing id, Salesforce's duplicate rules) becomes an
 *   update of that record that fills its empty fields; Pipedrive refuses no duplicate, so Sidecar searches before
 *   creating there, and a namesake it finds waits for the user ("review") rather than being guessed at;
 * - an update reads, diffs and writes only empty fields, plus the fields the user chose to overwrite, and only if
 *   the CRM still holds the value the user saw: a value someone changed since is a conflict again;
 * - failures are told apart: a rate limit or an outage waits (until the CRM's own reset, or a backoff) and is sent
 *   again by itself; a refusal (a field, a permission, a revoked token) is kept with its reason until the user sends
 *   it again or drops it.
 * One write is sent at a time, oldest first; the drain runs at worker start, after each new write, on a timer and on
 * an alarm (the entrypoint's), so a stopped worker picks up where it was.
 */
import type { CrmMatch, CrmName, CrmPersonInput } from '../../domain/crm';
import { sourceLine } from '../../domain/crm-match';
import type { CrmSaveRequest, CrmWriteProgress, CrmWriteStep } from '../../domain/crm-save';
import { SidecarError, type SidecarErrorData } from '../../domain/errors';
import type { Timers } from '../../engine/engine';
import { getCrmAuth, type CrmAuthRecord } from '../../store/crm-auth';
import { addWrites, getWrite, listWrites, updateWrite, type CrmWriteRecord } from '../../store/crm-outbox';
import { CRM_LABEL, type AnyCrmClient, type CrmClients } from './clients';
import { personQuery, type CrmFinder } from './find';
import { featureEnabled } from '../policy/features';

/** How long each CRM's search may lag a write (HubSpot: "up to 30 s" by reports; the others: not documented). */
export const DEFAULT_SEARCH_LAG_MS: Record<CrmName, number> = { hubspot: 30_000, salesforce: 0, pipedrive: 5_000 };
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_CAP_MS = 5 * 60_000;

/** A step whose answer was lost is checked only once the CRM's search can see what it may have made. */
class WaitUntil {
  constructor(
    readonly until: number,
    readonly why: string,
  ) {}
}

const TRANSIENT = new Set<SidecarErrorData['kind']>(['rate-limited', 'server', 'timeout', 'network', 'unexpected-response']);
/** Refusals that only reconnecting the CRM cures: such writes go again by themselves once the user has. */
const AUTH = new Set<SidecarErrorData['kind']>(['bad-key', 'missing-key']);

/** The token a write's note carries so it can be found again (letters and digits only). */
export const noteMarker = (writeId: string): string => `sc${writeId.replace(/[^A-Za-z0-9]/g, '')}`;

export interface OutboxDeps {
  clients: CrmClients;
  finder: CrmFinder;
  now(): number;
  searchLagMs?: Partial<Record<CrmName, number>>;
  timers?: Timers;
  random?(): number;
  /** A write changed (the panel and options follow the outbox). */
  onChange?(): void;
  /** When the next waiting write is due (the entrypoint keeps an alarm for it), or undefined when none waits. */
  onWakeAt?(at: number | undefined): void;
}

export interface NewWrite {
  id: string;
  request: CrmSaveRequest;
  label: string;
  jobId?: string;
}

export interface RetryChoice {
  /** Review: create a new record although the CRM may hold this person. */
  createAnyway?: boolean;
  /** Review: update this record instead. */
  updateRecordId?: string;
  /** Salesforce: save past an Alert duplicate rule. */
  allowDuplicate?: boolean;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function createOutbox(deps: OutboxDeps) {
  const { clients, finder, now } = deps;
  const timers: Timers = deps.timers ?? { setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms), clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>) };
  const random = deps.random ?? Math.random;
  const lagOf = (crm: CrmName) => deps.searchLagMs?.[crm] ?? DEFAULT_SEARCH_LAG_MS[crm];
  let draining: Promise<void> | undefined;
  let again = false;
  let active: string | undefined;
  let wakeTimer: unknown;
  let stopped = false;
  const waiters = new Map<string, (() => void)[]>();

  function settledOnce(id: string) {
    for (const resolve of waiters.get(id) ?? []) resolve();
    waiters.delete(id);
  }

  // ---- One write ------------------------------------------------------------------------------------------------

  /** Sends what is left of one write. Resolves when this attempt ended (applied, waiting, for review, or failed). */
  async function applyOne(start: CrmWriteRecord): Promise<void> {
    let record = start;
    const save = async (change: (r: CrmWriteRecord) => CrmWriteRecord) => {
      record = (await updateWrite(record.id, (r) => ({ ...change(r), updatedAt: now() }))) ?? record;
    };
    const setProgress = (progress: Partial<CrmWriteProgress>) => save((r) => ({ ...r, progress: { ...r.progress, ...progress } }));
    /** The step whose request is out right now (marked in flight), if any. */
    let out: CrmWriteStep | undefined;
    const mark = async (step: CrmWriteStep) => {
      await setProgress({ inFlight: { step, at: now() } });
      out = step;
    };
    const confirmed = async (progress: Partial<CrmWriteProgress>) => {
      out = undefined;
      await save((r) => {
        const { inFlight: _done, ...rest } = r.progress;
        return { ...r, progress: { ...rest, ...progress } };
      });
    };

    const auth = await getCrmAuth();
    if (!auth || auth.crm !== record.crm || auth.connection.accountId !== record.accountId) {
      await save((r) => ({
        ...r,
        state: 'failed',
        error: { kind: 'missing-key', reason: 'crm-not-connected', message: `This write is for the ${CRM_LABEL[r.crm]} account it was made for, which is not connected now. Connect it again, or drop the write.` },
      }));
      return;
    }
    if (auth.authError) {
      await save((r) => ({ ...r, state: 'failed', error: auth.authError }));
      return;
    }
    await save((r) => ({ ...r, attempts: r.attempts + 1 }));

    /** Waits out the CRM's search lag after a step whose answer was lost, then lets the caller look. */
    const lagPassed = (lagMs: number) => {
      const lost = record.progress.inFlight;
      if (lost && now() < lost.at + lagMs) throw new WaitUntil(lost.at + lagMs, `checking whether ${CRM_LABEL[record.crm]} applied the last request`);
    };

    async function reconcile(client: AnyCrmClient, id: string, why: 'duplicate' | 'lost-answer', person: CrmPersonInput) {
      const { data } = await client.updatePerson(id, person);
      await confirmed({
        personId: data.record.id,
        personKind: data.record.kind,
        reconciled: why,
        diffs: data.diffs,
        written: data.written,
        conflicts: data.conflicts,
        // A person already filed under a company is not moved to another.
        associated: data.record.companyId !== undefined || record.progress.associated === true,
        ...(data.record.url ? { url: data.record.url } : {}),
      });
    }

    /** The definite matches (email, LinkedIn, name with company) and the namesakes of a person. */
    async function matchesOf(client: AnyCrmClient, person: CrmPersonInput): Promise<CrmMatch[]> {
      const query = personQuery('write', { email: person.emails?.[0], linkedinUrl: person.linkedinUrl, firstName: person.firstName, lastName: person.lastName, companyName: person.companyName, companyDomain: person.companyDomain });
      return query ? (await client.findPeople([query])).data : [];
    }

    async function companyStep(client: AnyCrmClient, request: CrmSaveRequest) {
      if (!request.company || record.progress.companyId) return;
      if (record.progress.inFlight?.step === 'company') lagPassed(lagOf(record.crm));
      // Find-or-create looks first, so a company created by a lost request is found, not made twice.
      await mark('company');
      const { data } = await client.findOrCreateCompany({ name: request.company.name, ...(request.company.domain ? { domain: request.company.domain } : {}) });
      await confirmed({ companyId: data.record.id, companyCreated: data.created });
    }

    async function createPerson(client: AnyCrmClient, request: Extract<CrmSaveRequest, { action: 'create' }>): Promise<'review' | undefined> {
      if (record.progress.personId) return undefined;
      const person = request.person;
      if (record.progress.inFlight?.step === 'person') {
        // HubSpot's lookup by email reads the record itself, not the lagging search index.
        lagPassed(client.crm === 'hubspot' && person.emails?.length ? 0 : lagOf(record.crm));
        const sentAt = record.progress.inFlight.at;
        const ours = (await matchesOf(client, person)).find((m) => !m.possible);
        if (ours) {
          // Found: the lost create was applied (or the person was there already); either way, fill what is empty.
          await reconcile(client, ours.record.id, 'lost-answer', person);
          const createdAt = ours.record.createdAt ? Date.parse(ours.record.createdAt) : NaN;
          await setProgress({ personCreated: Number.isNaN(createdAt) || createdAt >= sentAt - 60_000 });
          return undefined;
        }
      }
      if (client.crm === 'pipedrive' && !record.createAnyway) {
        const confirmedNew = request.confirmedNew === true;
        // Pipedrive refuses no duplicate: search first, and let the user confirm a namesake.
        const matches = await matchesOf(client, person);
        const definite = matches.find((m) => !m.possible);
        if (definite) {
          await reconcile(client, definite.record.id, 'duplicate', person);
          return undefined;
        }
        if (matches.length > 0 && !confirmedNew) {
          await save((r) => ({
            ...r,
            state: 'review',
            candidates: matches.map((m) => ({ id: m.record.id, kind: m.record.kind, emails: m.record.emails, ...(m.record.name ? { name: m.record.name } : {}), ...(m.record.company ? { company: m.record.company } : {}), ...(m.record.url ? { url: m.record.url } : {}) })),
          }));
          return 'review';
        }
      }
      await mark('person');
      try {
        const companyId = record.progress.companyId;
        const { data } = await client.createPerson(person, { ...(companyId ? { companyId } : {}), ...(request.asLead ? { asLead: true } : {}), ...(request.allowDuplicate ? { allowDuplicate: true } : {}) });
        await confirmed({
          personId: data.id,
          personKind: data.kind,
          personCreated: true,
          associated: companyId !== undefined && data.kind !== 'lead',
          ...(data.url ? { url: data.url } : {}),
        });
      } catch (error) {
        const existing = SidecarError.is(error) && error.kind === 'duplicate' ? error.data.existingIds?.[0] : undefined;
        if (!existing) throw error;
        out = undefined;
        await reconcile(client, existing, 'duplicate', person);
      }
      return undefined;
    }

    async function updatePerson(client: AnyCrmClient, request: Extract<CrmSaveRequest, { action: 'update' }>) {
      if (record.progress.personId) return;
      const id = request.recordId;
      let overwrite = request.overwrite.map((o) => o.field);
      if (overwrite.length > 0) {
        // Overwrite only what still holds the value the user saw: a value changed since is a conflict again.
        const seen = await client.updatePerson(id, request.person, { dryRun: true });
        overwrite = request.overwrite.filter((o) => sameValue(seen.data.diffs.find((d) => d.field === o.field)?.current, o.expected)).map((o) => o.field);
      }
      const { data } = await client.updatePerson(id, request.person, { overwrite });
      await confirmed({
        personId: data.record.id,
        personKind: data.record.kind,
        diffs: data.diffs,
        written: data.written,
        conflicts: data.conflicts,
        associated: data.record.companyId !== undefined,
        ...(data.record.url ? { url: data.record.url } : {}),
      });
    }

    async function associateStep(client: AnyCrmClient) {
      const { personId, companyId, associated, personKind } = record.progress;
      if (!personId || !companyId || associated || personKind === 'lead') return;
      await client.associate(personId, companyId);
      await confirmed({ associated: true });
    }

    function noteText(request: CrmSaveRequest, crm: CrmName): string | undefined {
      const day = new Date(now());
      const lines: string[] = [];
      if (request.action === 'create') {
        lines.push(sourceLine(request.provider, day));
        // Pipedrive's v2 persons have no job title to write: it goes into the note.
        if (crm === 'pipedrive' && request.person.title) lines.push(`Title: ${request.person.title}`);
      } else {
        const written = record.progress.written ?? [];
        if (written.length === 0 && !request.note) return undefined;
        lines.push(written.length > 0 ? `${sourceLine(request.provider, day)}: filled ${written.join(', ')}` : sourceLine(request.provider, day));
      }
      if (request.note?.trim()) lines.push(request.note.trim());
      lines.push(`Sidecar ref ${noteMarker(record.id)}`);
      return lines.join('\n');
    }

    async function noteStep(client: AnyCrmClient, request: CrmSaveRequest) {
      const { personId, companyId, personKind, noteId } = record.progress;
      if (!personId || noteId) return;
      const text = noteText(request, client.crm);
      if (!text) return;
      const target = { personId, ...(companyId && personKind !== 'lead' ? { companyId } : {}) };
      if (record.progress.inFlight?.step === 'note') {
        lagPassed(lagOf(record.crm));
        const found = await client.findNote(target, noteMarker(record.id));
        if (found.data) {
          await confirmed({ noteId: found.data.id });
          return;
        }
      }
      await mark('note');
      const { data } = await client.addNote(target, text);
      await confirmed({ noteId: data.id });
    }

    try {
      const outcome = await clients.run(
        async (client: AnyCrmClient, _auth: CrmAuthRecord) => {
          const request = record.request;
          if (request.action === 'create') {
            await companyStep(client, request);
            if ((await createPerson(client, request)) === 'review') return 'review';
          } else {
            await updatePerson(client, request);
            if (!record.progress.associated) await companyStep(client, request);
          }
          await associateStep(client);
          await noteStep(client, request);
          return 'applied';
        },
        { maxWaitMs: 10_000 },
      );
      if (outcome === 'applied') {
        await save((r) => {
          const { error: _cleared, nextAttemptAt: _none, ...rest } = r;
          return { ...rest, state: 'applied' };
        });
        finder.forget();
      }
    } catch (error) {
      if (error instanceof WaitUntil) {
        await save((r) => ({ ...r, state: 'pending', nextAttemptAt: error.until, error: { kind: 'server', reason: 'checking', message: `Sidecar is ${error.why} before sending it again.` } }));
        return;
      }
      const data: SidecarErrorData = SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Sidecar could not finish this write.', detail: error instanceof Error ? error.message : String(error) };
      // A request of the marked step the CRM refused outright (a 4xx, a rate limit included; not a timeout) was not
      // applied: nothing to look for before sending it again.
      const refused = out !== undefined && data.status !== undefined && data.status >= 400 && data.status < 500 && data.status !== 408;
      await save((r) => {
        const progress = refused ? (({ inFlight: _no, ...rest }) => rest)(r.progress) : r.progress;
        if (TRANSIENT.has(data.kind)) {
          const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, r.attempts - 1)) * (0.5 + random() / 2);
          return { ...r, progress, state: 'pending', error: data, nextAttemptAt: Math.max(data.retryAt ?? 0, now() + backoff) };
        }
        return { ...r, progress, state: 'failed', error: data };
      });
    }
  }

  // ---- The drain ------------------------------------------------------------------------------------------------

  function scheduleWake(at: number | undefined) {
    if (wakeTimer !== undefined) timers.clearTimeout(wakeTimer);
    wakeTimer = undefined;
    deps.onWakeAt?.(at);
    if (at === undefined || stopped) return;
    wakeTimer = timers.setTimeout(() => {
      wakeTimer = undefined;
      void drain();
    }, Math.max(0, at - now()));
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stopped) return;
        // Switched off by the organisation (even mid-list): what is left waits in the outbox, shown there, until it is
        // on again (a policy change drains it).
        if (!(await featureEnabled('crm-write'))) return;
        const due = (await listWrites({ states: ['pending'] })).find((w) => (w.nextAttemptAt ?? 0) <= now());
        if (!due) break;
        active = due.id;
        deps.onChange?.();
        try {
          await applyOne(due);
        } finally {
          active = undefined;
          settledOnce(due.id);
          deps.onChange?.();
        }
      }
    } while (again);
    const waiting = (await listWrites({ states: ['pending'] })).map((w) => w.nextAttemptAt ?? now());
    scheduleWake(waiting.length > 0 ? Math.min(...waiting) : undefined);
  }

  /** Sends every write that is due, one at a time (single-flight: a drain asked for during one joins it). */
  function drain(): Promise<void> {
    again = true;
    draining ??= loop().finally(() => {
      draining = undefined;
    });
    return draining;
  }

  async function enqueue(writes: NewWrite[]): Promise<CrmWriteRecord[]> {
    const auth = await getCrmAuth();
    if (!auth) throw new SidecarError({ kind: 'missing-key', reason: 'crm-not-connected', message: 'Connect your CRM in Sidecar’s options first.' });
    if (auth.authError) throw new SidecarError(auth.authError);
    const t = now();
    const stored = await addWrites(
      writes.map((w) => ({ id: w.id, crm: auth.crm, accountId: auth.connection.accountId, label: w.label, request: w.request, state: 'pending' as const, attempts: 0, createdAt: t, updatedAt: t, progress: {}, ...(w.jobId ? { jobId: w.jobId } : {}) })),
    );
    deps.onChange?.();
    void drain();
    return stored;
  }

  /** The write once its next attempt has ended (or as it stands after `timeoutMs`). */
  async function waitFor(id: string, timeoutMs: number): Promise<CrmWriteRecord | undefined> {
    const current = await getWrite(id);
    if (!current || current.state !== 'pending' || (current.attempts > 0 && active !== id && (current.nextAttemptAt ?? 0) > now())) return current;
    await new Promise<void>((resolve) => {
      const timer = timers.setTimeout(resolve, timeoutMs);
      waiters.set(id, [
        ...(waiters.get(id) ?? []),
        () => {
          timers.clearTimeout(timer);
          resolve();
        },
      ]);
    });
    return getWrite(id);
  }

  /** Sends a write again (after the user fixed what refused it, or chose how to settle a review). */
  async function retry(id: string, choice: RetryChoice = {}): Promise<CrmWriteRecord | undefined> {
    const next = await updateWrite(id, (r) => {
      if (r.state === 'applied' || r.state === 'dropped') return r;
      let request: CrmSaveRequest = r.request;
      if (choice.updateRecordId && request.action === 'create') {
        request = { action: 'update', recordId: choice.updateRecordId, person: request.person, overwrite: [], provider: request.provider, ...(request.company ? { company: request.company } : {}), ...(request.note ? { note: request.note } : {}) };
      }
      if (choice.allowDuplicate && request.action === 'create') request = { ...request, allowDuplicate: true };
      const { error: _e, nextAttemptAt: _n, candidates: _c, ...rest } = r;
      return { ...rest, request, state: 'pending', updatedAt: now(), ...(choice.createAnyway || r.createAnyway ? { createAnyway: true } : {}) };
    });
    deps.onChange?.();
    void drain();
    return next;
  }

  async function drop(id: string): Promise<CrmWriteRecord | undefined> {
    const next = await updateWrite(id, (r) => (r.state === 'applied' ? r : { ...r, state: 'dropped', updatedAt: now() }));
    deps.onChange?.();
    return next;
  }

  /** After the user reconnected: writes held by a refused credential go again. */
  async function resume(): Promise<void> {
    for (const write of await listWrites({ states: ['failed'] })) {
      if (write.error && AUTH.has(write.error.kind)) await retry(write.id);
    }
    void drain();
  }

  return {
    enqueue,
    drain,
    waitFor,
    retry,
    drop,
    resume,
    /** The write being sent right now, if any. */
    active: () => active,
    /** Stops the timers (a stopping worker, a test's end); stored writes stay. */
    stop() {
      stopped = true;
      if (wakeTimer !== undefined) timers.clearTimeout(wakeTimer);
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;


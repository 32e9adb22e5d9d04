/**
 * The CRM feature, assembled: connecting a CRM (connect.ts), "in your CRM" for what the panel shows (find.ts), the
 * diff shown before a save, saves through the outbox (outbox.ts), a bulk save from what Sidecar holds about the
 * people of a list, and "Fill N empty fields from Lusha": the reveals behind it are paid, so they go through the
 * engine as one click of several intents (one confirmation of their total, the cap, the ledger). CRM calls are free
 * and go through each CRM's lanes (limits.ts); nothing here keeps a queue of its own beyond the outbox.
 */
import type { RevealedData, RevealField } from '../../domain/contact';
import type { CrmCompanyQuery, CrmFieldDiff, CrmMatch, CrmPersonInput, CrmPersonQuery, CrmRecord } from '../../domain/crm';
import { companyFrom, personInputFrom, personLabel } from '../../domain/crm-input';
import type { CrmSaveRequest, CrmWriteView } from '../../domain/crm-save';
import { SidecarError } from '../../domain/errors';
import { lookupKey } from '../../domain/lookup-keys';
import type { ContactEntity } from '../../domain/page-context';
import type { Engine } from '../../engine/engine';
import { getPreview, getRevealed } from '../../store/contacts';
import { credentialHint, getCrmAuth } from '../../store/crm-auth';
import { listWrites, pruneWrites, CRM_WRITE_KEEP_MS, type CrmWriteRecord } from '../../store/crm-outbox';
import { getApiKey } from '../../store/secrets';
import { lookupForEntity } from '../../ui/subject';
import { CONTACT_REVEAL, type ContactRevealArgs } from '../contacts/operations';
import type { ContactsService } from '../contacts/contacts';
import { createCrmClients, CRM_LABEL, type CrmDeps } from './clients';
import { createCrmConnections, type CrmConnectRequest } from './connect';
import { createCrmFinder, personQuery } from './find';
import type { CrmLimits } from './limits';
import { createOutbox, type NewWrite, type RetryChoice } from './outbox';

export interface CrmServiceDeps {
  engine: Engine;
  contacts: ContactsService;
  limits: CrmLimits;
  crm: CrmDeps;
  now(): number;
  onChange?(): void;
  onWakeAt?(at: number | undefined): void;
}

/** A HubSpot record page's portal (`/contacts/<portal>/record/0-1/<id>`) or a Pipedrive page's company host. */
function pageAccount(pageUrl: string): { hubspotPortal?: string; host: string } | undefined {
  try {
    const url = new URL(pageUrl);
    return { hubspotPortal: /\/contacts\/(\d+)\//.exec(url.pathname)?.[1], host: url.hostname };
  } catch {
    return undefined;
  }
}

export function createCrmService(deps: CrmServiceDeps) {
  const { engine, now } = deps;
  const clients = createCrmClients({ engine, limits: deps.limits, deps: deps.crm, now });
  const finder = createCrmFinder({ clients, now });
  const outbox = createOutbox({ clients, finder, now, searchLagMs: deps.crm.searchLagMs, onChange: deps.onChange, onWakeAt: deps.onWakeAt });
  const connections = createCrmConnections({
    clients,
    deps: deps.crm,
    now,
    onConnected: () => {
      finder.forget();
      void outbox.resume();
    },
  });

  function view(record: CrmWriteRecord): CrmWriteView {
    return {
      id: record.id,
      crm: record.crm,
      label: record.label,
      action: record.request.action,
      state: record.state,
      sending: outbox.active() === record.id,
      attempts: record.attempts,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      progress: record.progress,
      ...(record.nextAttemptAt !== undefined && record.state === 'pending' ? { nextAttemptAt: record.nextAttemptAt } : {}),
      ...(record.error ? { error: record.error } : {}),
      ...(record.candidates ? { candidates: record.candidates } : {}),
      ...(record.jobId ? { jobId: record.jobId } : {}),
    };
  }

  async function status() {
    const [auth, writes] = await Promise.all([getCrmAuth(), listWrites()]);
    const count = (state: CrmWriteRecord['state']) => writes.filter((w) => w.state === state).length;
    return {
      connected: auth !== undefined,
      ...(auth
        ? {
            crm: auth.crm,
            connection: auth.connection,
            hint: credentialHint(auth.credential),
            savedAt: auth.savedAt,
            ...(auth.authError ? { authError: auth.authError } : {}),
          }
        : {}),
      outbox: { pending: count('pending'), review: count('review'), failed: count('failed'), applied: count('applied') },
    };
  }

  async function record(id: string, pageUrl?: string): Promise<CrmRecord> {
    const auth = await getCrmAuth();
    if (!auth) throw new SidecarError({ kind: 'missing-key', reason: 'crm-not-connected', message: 'Connect your CRM in Sidecar’s options first.' });
    const page = pageUrl ? pageAccount(pageUrl) : undefined;
    const other =
      (auth.crm === 'hubspot' && page?.hubspotPortal && page.hubspotPortal !== auth.connection.accountId) ||
      (auth.crm === 'pipedrive' && page && page.host.endsWith('.pipedrive.com') && page.host !== new URL(auth.connection.appBaseUrl).hostname);
    if (other) {
      throw new SidecarError({ kind: 'forbidden', reason: 'other-account', message: `This record belongs to another ${CRM_LABEL[auth.crm]} account than the one connected to Sidecar.` });
    }
    return finder.record(id);
  }

  /**
   * What a save would do, before anything is written: for a record, the field-by-field diff (read only); for a
   * person, the records the CRM may already hold (a definite one is offered for an update, with its diff).
   */
  async function preview(person: CrmPersonInput, recordId?: string): Promise<{ mode: 'create' | 'update'; record?: CrmRecord; diffs: CrmFieldDiff[]; candidates: CrmMatch[] }> {
    if (recordId) {
      const diff = await clients.run((client) => client.updatePerson(recordId, person, { dryRun: true }), { retryRateLimited: true });
      return { mode: 'update', record: diff.data.record, diffs: diff.data.diffs, candidates: [] };
    }
    const query = personQuery('save', { email: person.emails?.[0], linkedinUrl: person.linkedinUrl, firstName: person.firstName, lastName: person.lastName, companyName: person.companyName, companyDomain: person.companyDomain });
    // The panel has just asked the same (cached briefly): a write still looks again where the CRM needs it.
    const matches = query ? (await finder.find([query], [])).people : [];
    const definite = matches.find((m) => !m.possible);
    if (!definite) return { mode: 'create', diffs: [], candidates: matches };
    const diff = await clients.run((client) => client.updatePerson(definite.record.id, person, { dryRun: true }), { retryRateLimited: true });
    return { mode: 'update', record: diff.data.record, diffs: diff.data.diffs, candidates: matches };
  }

  async function save(writes: NewWrite[], wait: boolean): Promise<CrmWriteView[]> {
    const stored = await outbox.enqueue(writes);
    if (!wait) return stored.map(view);
    // One save from the panel: its answer is the first attempt's outcome (the outbox keeps it either way).
    const settled = await Promise.all(stored.map(async (w) => (await outbox.waitFor(w.id, 25_000)) ?? w));
    return settled.map(view);
  }

  /**
   * The people of a list, saved from what Sidecar holds about each (the page's reading, the provider's preview, and
   * what was revealed, all from the store: no request, no credit), as one job of the outbox.
   */
  async function saveEntities(jobId: string, people: ContactEntity[]): Promise<CrmWriteView[]> {
    const writes: NewWrite[] = [];
    for (const [index, entity] of people.entries()) {
      const lookup = lookupForEntity(entity);
      const found = lookup ? (await getPreview(lookupKey(lookup), now()))?.result : undefined;
      const preview = found?.status === 'found' ? found.preview : undefined;
      const revealed = preview ? await getRevealed(preview.id) : undefined;
      const person = personInputFrom(entity, preview, revealed);
      const company = companyFrom(person);
      const request: CrmSaveRequest = { action: 'create', person, provider: 'Lusha', ...(company ? { company } : {}) };
      writes.push({ id: `${jobId.slice(0, 56)}-${index.toString(36)}`, request, label: personLabel(person), jobId });
    }
    return (await outbox.enqueue(writes)).map(view);
  }

  async function list(jobId?: string): Promise<CrmWriteView[]> {
    await pruneWrites(now() - CRM_WRITE_KEEP_MS);
    return (await listWrites(jobId !== undefined ? { jobId } : {})).filter((w) => jobId !== undefined || w.state !== 'dropped').map(view);
  }

  async function act(id: string, action: 'retry' | 'drop', choice: RetryChoice = {}): Promise<CrmWriteView | undefined> {
    const next = action === 'drop' ? await outbox.drop(id) : await outbox.retry(id, choice);
    return next ? view(next) : undefined;
  }

  /**
   * Reveals what a CRM record lacks, as one paid click: every field's reveal reserved together (one confirmation of
   * the total, the cap), each its own intent (`<click>-e`, `<click>-p`, so asking again joins them).
   */
  async function fillReveal(contactId: string, fields: RevealField[], confirmedCredits: number | undefined, intentId: string | undefined): Promise<RevealedData> {
    const stored = await getRevealed(contactId);
    const needed = [...new Set(fields)].filter((field) => stored?.revealedAt[field] === undefined);
    if (needed.length === 0 && stored) return stored;
    if (!(await getApiKey('lusha'))) throw new SidecarError({ kind: 'missing-key', message: 'Add your Lusha API key in Sidecar’s options to look people up.' });
    const prices = await Promise.all(needed.map((field) => deps.contacts.priceOf(contactId, field)));
    const settlements = await engine.submit<ContactRevealArgs, RevealedData>(
      CONTACT_REVEAL,
      needed.map((field, index) => ({ args: { contactId, field }, price: prices[index] ?? 0, ...(intentId ? { id: `${intentId.slice(0, 56)}-${field[0]}` } : {}) })),
      { origin: 'click', confirmedCredits, what: `Filling ${needed.length} ${needed.length === 1 ? 'field' : 'fields'} of your CRM record` },
    );
    const outcomes = await Promise.allSettled(settlements);
    const revealed = await getRevealed(contactId);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed && !revealed) throw failed.reason;
    if (failed && needed.every((field) => revealed?.revealedAt[field] === undefined)) throw failed.reason;
    if (!revealed) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep what was revealed. Try again.' });
    return revealed;
  }

  return {
    status,
    async connect(request: CrmConnectRequest) {
      await connections.connect(request);
      return status();
    },
    async disconnect(dropWaiting: boolean) {
      await connections.disconnect(dropWaiting);
      finder.forget();
      return status();
    },
    find: (people: CrmPersonQuery[], companies: CrmCompanyQuery[], fresh?: boolean) => finder.find(people, companies, { fresh }),
    record,
    preview,
    save,
    saveEntities,
    list,
    act,
    fillReveal,
    /** At worker start and on the alarm: send what is due. */
    drain: () => outbox.drain(),
    stop: () => outbox.stop(),
  };
}

export type CrmService = ReturnType<typeof createCrmService>;

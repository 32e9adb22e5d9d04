/**
 * "In your CRM": which records of the connected CRM are the people and companies the panel shows. Free (no
 * credits), batched by the client (HubSpot filter groups, Salesforce SOQL `IN`, Pipedrive one search per term),
 * paced by each CRM's lanes, and cached briefly. By email when known, by LinkedIn URL where the CRM holds one, else
 * by name and company; a record whose name alone agrees is a "possible match". Records Sidecar wrote a moment ago are
 * found through the outbox's journal, since HubSpot's search does not see them yet. Owners are named.
 */
import type { CrmCompanyQuery, CrmMatch, CrmPersonQuery, CrmRecord } from '../../domain/crm';
export { personQuery } from '../../domain/crm-input';
import { classifyPersonMatch, linkedinSlug, normalizeEmail } from '../../domain/crm-match';
import { updateCrmAuth, type CrmAuthRecord } from '../../store/crm-auth';
import { listWrites } from '../../store/crm-outbox';
import type { AnyCrmClient, CrmClients } from './clients';

/** How long an answer is served again without asking the CRM. */
export const CRM_FIND_TTL_MS = 2 * 60_000;
/** How long after Sidecar wrote a person its journal stands in for the CRM's search. */
export const CRM_JOURNAL_MS = 10 * 60_000;

export interface CrmFindResult {
  people: CrmMatch[];
  companies: CrmMatch[];
}

/** A query without its ref: what the cache is keyed by. */
function queryKey(prefix: string, query: CrmPersonQuery | CrmCompanyQuery): string {
  const { ref: _ref, ...rest } = query;
  return `${prefix}:${JSON.stringify(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)))}`;
}

export function createCrmFinder({ clients, now }: { clients: CrmClients; now: () => number }) {
  let cache = new Map<string, { at: number; matches: CrmMatch[] }>();

  function cached(key: string): CrmMatch[] | undefined {
    const hit = cache.get(key);
    if (!hit) return undefined;
    if (now() - hit.at > CRM_FIND_TTL_MS) {
      cache.delete(key);
      return undefined;
    }
    return hit.matches;
  }

  /** People Sidecar itself created lately that a query names: read by id, which does not lag like search. */
  async function fromJournal(client: AnyCrmClient, auth: CrmAuthRecord, queries: CrmPersonQuery[], found: CrmMatch[]): Promise<CrmMatch[]> {
    const unanswered = queries.filter((q) => !found.some((m) => m.ref === q.ref && !m.possible));
    if (unanswered.length === 0) return [];
    const recent = (await listWrites({ states: ['applied', 'pending'] })).filter(
      (w) => w.crm === auth.crm && w.accountId === auth.connection.accountId && w.progress.personId && w.progress.personCreated && now() - w.updatedAt < CRM_JOURNAL_MS,
    );
    const out: CrmMatch[] = [];
    for (const write of recent) {
      const emails = new Set((write.request.person.emails ?? []).map((e) => normalizeEmail(e)).filter(Boolean));
      const slug = linkedinSlug(write.request.person.linkedinUrl);
      const asks = unanswered.filter((q) => (q.email && emails.has(normalizeEmail(q.email))) || (slug && linkedinSlug(q.linkedinUrl) === slug));
      if (asks.length === 0) continue;
      const record = (await client.getPerson(write.progress.personId!).catch(() => undefined))?.data;
      if (!record) continue;
      for (const query of asks) {
        const by = classifyPersonMatch(query, record);
        if (by) out.push({ ref: query.ref, by, possible: by === 'name-only', record });
      }
    }
    return out;
  }

  /** Owner names for records that give only the owner's id (HubSpot, Pipedrive), learnt once and kept. */
  async function nameOwners(client: AnyCrmClient, auth: CrmAuthRecord, records: CrmRecord[]): Promise<Record<string, string>> {
    const owners = { ...auth.owners };
    const unknown = [...new Set(records.map((r) => r.owner).filter((o) => o && !o.name && !owners[o.id]).map((o) => o!.id))];
    if (unknown.length === 0) return owners;
    if (client.crm === 'hubspot') {
      for (const id of unknown.slice(0, 10)) {
        const owner = await client.getOwner(id).catch(() => undefined);
        if (owner?.data.name) owners[id] = owner.data.name;
      }
    } else if (client.crm === 'pipedrive') {
      const users = await client.listUsers().catch(() => undefined);
      for (const user of users?.data ?? []) if (user.name) owners[user.id] = user.name;
    }
    if (Object.keys(owners).length > Object.keys(auth.owners).length) await updateCrmAuth(auth.crm, (record) => ({ ...record, owners: { ...record.owners, ...owners } })).catch(() => undefined);
    return owners;
  }

  const named = (match: CrmMatch, owners: Record<string, string>): CrmMatch => {
    const owner = match.record.owner;
    return owner && !owner.name && owners[owner.id] ? { ...match, record: { ...match.record, owner: { ...owner, name: owners[owner.id] } } } : match;
  };

  async function find(people: CrmPersonQuery[], companies: CrmCompanyQuery[], options: { fresh?: boolean } = {}): Promise<CrmFindResult> {
    return clients.run(async (client, auth) => {
      const prefix = `${auth.crm}:${auth.connection.accountId}`;
      const result: CrmFindResult = { people: [], companies: [] };
      const askPeople = people.filter((q) => {
        const hit = options.fresh ? undefined : cached(queryKey(`${prefix}:p`, q));
        if (hit) result.people.push(...hit.map((m) => ({ ...m, ref: q.ref })));
        return !hit;
      });
      const askCompanies = companies.filter((q) => {
        const hit = options.fresh ? undefined : cached(queryKey(`${prefix}:c`, q));
        if (hit) result.companies.push(...hit.map((m) => ({ ...m, ref: q.ref })));
        return !hit;
      });
      const foundPeople = askPeople.length > 0 ? (await client.findPeople(askPeople)).data : [];
      foundPeople.push(...(await fromJournal(client, auth, askPeople, foundPeople)));
      const foundCompanies = askCompanies.length > 0 ? (await client.findCompanies(askCompanies)).data : [];
      const owners = await nameOwners(client, auth, [...foundPeople, ...foundCompanies].map((m) => m.record));
      for (const q of askPeople) {
        const matches = foundPeople.filter((m) => m.ref === q.ref).map((m) => named(m, owners));
        cache.set(queryKey(`${prefix}:p`, q), { at: now(), matches });
        result.people.push(...matches);
      }
      for (const q of askCompanies) {
        const matches = foundCompanies.filter((m) => m.ref === q.ref).map((m) => named(m, owners));
        cache.set(queryKey(`${prefix}:c`, q), { at: now(), matches });
        result.companies.push(...matches);
      }
      return result;
    }, { retryRateLimited: true });
  }

  /** One person by their CRM id (a CRM record page), with the owner named. */
  async function record(id: string): Promise<CrmRecord> {
    return clients.run(async (client, auth) => {
      const { data } = await client.getPerson(id);
      const owners = await nameOwners(client, auth, [data]);
      return named({ ref: 'record', by: 'email', possible: false, record: data }, owners).record;
    }, { retryRateLimited: true });
  }

  return {
    find,
    record,
    /** After a write: what was cached may no longer be true. */
    forget() {
      cache = new Map();
    },
  };
}

export type CrmFinder = ReturnType<typeof createCrmFinder>;

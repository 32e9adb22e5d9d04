/** How the fake Lusha finds a person from a search item: by id, LinkedIn URL, email, or name + company. */
import { normalizeSlug, toAscii } from './dataset';
import type { SandboxCompany, SandboxDataset, SandboxPerson } from './dataset-types';
import type { ContactSearchItem, IdentifierForm } from './lusha-schemas';

/** Lookup tables over a dataset. */
export interface DatasetIndex {
  dataset: SandboxDataset;
  byId: Map<string, SandboxPerson>;
  bySlug: Map<string, SandboxPerson>;
  byEmail: Map<string, SandboxPerson>;
  companies: Map<string, SandboxCompany>;
  /**
   * Signals published while the sandbox runs (`POST /__sandbox/signals`), by `contact:<id>` or `company:<id>`, each
   * dated the day it was published: a watchlist check finds them as new. Cleared by reset.
   */
  published: Map<string, { type: string; at: number; fields: Record<string, unknown> }[]>;
}

/** Builds the lookup tables once per dataset. */
export function indexDataset(dataset: SandboxDataset): DatasetIndex {
  const byEmail = new Map<string, SandboxPerson>();
  for (const person of dataset.people) {
    for (const { email } of person.emails) byEmail.set(email.toLowerCase(), person);
  }
  return {
    dataset,
    byId: new Map(dataset.people.map((p) => [p.id, p])),
    bySlug: new Map(dataset.people.map((p) => [normalizeSlug(p.linkedinSlug), p])),
    byEmail,
    companies: new Map(dataset.companies.map((c) => [c.id, c])),
    published: new Map(),
  };
}

/**
 * The profile slug in a LinkedIn URL, normalized; leniently like Lusha: any linkedin.com host or subdomain,
 * with or without scheme, trailing slash, query, fragment, extra path segments, any case, percent-encoded or not.
 */
export function slugFromLinkedinUrl(raw: string): string | undefined {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return undefined;
  const [section, slug] = url.pathname.split('/').filter(Boolean);
  if (section?.toLowerCase() !== 'in' || !slug) return undefined;
  return normalizeSlug(slug);
}

/** Folds a name for comparison: no accents, no punctuation or spaces, lowercase. */
export function foldName(text: string): string {
  return toAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Bare lowercase host of a domain or URL: "https://WWW.Acme.example/about" → "acme.example". */
export function foldDomain(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '');
}

function matchesCompany(company: SandboxCompany | undefined, item: ContactSearchItem): boolean {
  if (!company) return false;
  const byDomain = item.companyDomain !== undefined && foldDomain(item.companyDomain) === company.domain;
  const byName = item.companyName !== undefined && foldName(item.companyName) === foldName(company.name);
  return byDomain || byName;
}

/** The person a validated search item points to, if any. */
export function findContact(index: DatasetIndex, item: ContactSearchItem, form: IdentifierForm): SandboxPerson | undefined {
  switch (form) {
    case 'id':
      return index.byId.get((item.id ?? '').trim());
    case 'email':
      return index.byEmail.get((item.email ?? '').trim().toLowerCase());
    case 'linkedinUrl': {
      const slug = slugFromLinkedinUrl(item.linkedinUrl ?? '');
      return slug === undefined ? undefined : index.bySlug.get(slug);
    }
    case 'name': {
      const first = foldName(item.firstName ?? '');
      const last = foldName(item.lastName ?? '');
      return index.dataset.people.find(
        (p) => foldName(p.firstName) === first && foldName(p.lastName) === last && matchesCompany(index.companies.get(p.companyId), item),
      );
    }
  }
}

/** What a company lookup may carry (search item, buying-group item). */
export interface CompanyIdentifiers {
  id?: string;
  domain?: string;
  name?: string;
}

/**
 * The company a lookup points to: by id, else by domain (any form: URL, `www.`, case), else by name (accents,
 * punctuation and case ignored). When several identifiers are given they must agree.
 */
export function findCompany(index: DatasetIndex, item: CompanyIdentifiers): SandboxCompany | undefined {
  const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
  const candidates: (SandboxCompany | undefined)[] = [];
  if (present(item.id)) candidates.push(index.companies.get(item.id.trim()));
  if (present(item.domain)) {
    const domain = foldDomain(item.domain);
    candidates.push(index.dataset.companies.find((c) => c.domain === domain));
  }
  if (present(item.name)) {
    const name = foldName(item.name);
    candidates.push(index.dataset.companies.find((c) => foldName(c.name) === name));
  }
  const [first] = candidates;
  return first !== undefined && candidates.every((c) => c === first) ? first : undefined;
}

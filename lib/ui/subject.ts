/** What the side panel should look up for a tab: the user's explicit request first, then the page's subject. */
import type { CompanyEntity, ContactEntity, Lookup, PageKind } from '../domain/page-context';
import { readFromPage } from '../domain/page-fields';
import type { TabState } from '../messaging/protocol';

export interface Subject {
  lookup: Lookup;
  /** What the page itself shows about the person, displayed before the provider answers. */
  entity?: ContactEntity;
  source: 'page' | 'selection' | 'link' | 'typed' | 'list';
}

export function lookupForEntity(entity: ContactEntity): Lookup | null {
  if (entity.linkedinUrl) return { kind: 'linkedin-profile', linkedinUrl: entity.linkedinUrl };
  if (entity.email) return { kind: 'email', email: entity.email };
  if (entity.firstName && entity.lastName && entity.companyName) {
    return { kind: 'name', firstName: entity.firstName, lastName: entity.lastName, companyName: entity.companyName };
  }
  return null;
}

const LIST_KINDS: ReadonlySet<PageKind> = new Set(['linkedin-search', 'salesnav-search']);

/** Pages that list many people rather than one subject. */
export function isListPage(kind: PageKind | undefined): boolean {
  return kind !== undefined && LIST_KINDS.has(kind);
}

/** The companies a list page shows (Sales Navigator account searches), in page order. */
export function listedCompanies(state: TabState | undefined): CompanyEntity[] {
  if (!isListPage(state?.page?.kind)) return [];
  return (state?.page?.entities ?? []).filter((entity): entity is CompanyEntity => entity.type === 'company');
}

/** The people recognised on a list page, in page order. */
export function listedPeople(state: TabState | undefined): ContactEntity[] {
  if (!isListPage(state?.page?.kind)) return [];
  return (state?.page?.entities ?? []).filter((entity): entity is ContactEntity => entity.type === 'contact');
}

/** A typed or selected company (a domain or a LinkedIn company link) as an entity the company view can show. */
export function companyForLookup(lookup: Lookup): CompanyEntity | undefined {
  if (lookup.kind === 'domain') return { type: 'company', domain: lookup.domain, confidence: 1 };
  if (lookup.kind === 'linkedin-company') {
    const slug = /\/company\/([^/?#]+)/.exec(lookup.linkedinUrl)?.[1];
    let name: string | undefined;
    try {
      name = slug ? decodeURIComponent(slug).replace(/-/g, ' ') : undefined;
    } catch {
      name = slug; // a malformed escape: keep the slug as written
    }
    return { type: 'company', linkedinUrl: lookup.linkedinUrl, name, confidence: 1 };
  }
  return undefined;
}

/** The company to show: one the user asked about, else the company a company page or record is about. */
export function pageCompany(state: TabState | undefined): CompanyEntity | undefined {
  if (state?.requested) return state.requested.company ?? companyForLookup(state.requested.lookup);
  const entity = state?.page?.entities[0];
  return entity?.type === 'company' ? entity : undefined;
}

/** On a Pipedrive deal about a person, the deal's organization: shown after the person. */
export function dealOrganization(state: TabState | undefined): CompanyEntity | undefined {
  if (state?.requested || state?.page?.kind !== 'pipedrive-deal' || state.page.entities[0]?.type !== 'contact') return undefined;
  return state.page.entities.find((entity): entity is CompanyEntity => entity.type === 'company');
}

/** What to look up: the user's request, else the row they chose on a list page, else the page's own subject. */
export function subjectOf(state: TabState | undefined, selectedRow?: number): Subject | null {
  if (!state) return null;
  if (state.requested) {
    // Companies have their own view (pageCompany), not a person's lookup.
    return companyForLookup(state.requested.lookup) ? null : { lookup: state.requested.lookup, source: state.requested.source };
  }
  const entity = isListPage(state.page?.kind) ? (selectedRow === undefined ? undefined : listedPeople(state)[selectedRow]) : state.page?.entities[0];
  if (entity?.type !== 'contact') return null;
  const lookup = lookupForEntity(entity);
  return lookup ? { lookup, entity, source: 'page' } : null;
}

/**
 * A record page (a profile, a CRM record…) that has shown only its URL so far: the content script reads it again the
 * moment it renders, so the panel says it is reading rather than that nobody is there.
 */
export function readingPage(state: TabState | undefined): boolean {
  const page = state?.page;
  return page !== undefined && !state?.requested && page.kind !== 'unknown' && !isListPage(page.kind) && !readFromPage(page);
}

/** A short label for a lookup, for headings while it loads. */
export function describeLookup(lookup: Lookup): string {
  switch (lookup.kind) {
    case 'email':
      return lookup.email;
    case 'linkedin-profile':
    case 'linkedin-company':
      return lookup.linkedinUrl.replace(/^https:\/\/www\./, '');
    case 'domain':
      return lookup.domain;
    case 'name':
      return [lookup.firstName, lookup.lastName].join(' ') + (lookup.companyName ? ` at ${lookup.companyName}` : '');
  }
}

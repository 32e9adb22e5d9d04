/** What the side panel should look up for a tab: the user's explicit request first, then the page's subject. */
import type { ContactEntity, Lookup } from '../domain/page-context';
import type { TabState } from '../messaging/protocol';

export interface Subject {
  lookup: Lookup;
  /** What the page itself shows about the person, displayed before the provider answers. */
  entity?: ContactEntity;
  source: 'page' | 'selection' | 'link';
}

export function lookupForEntity(entity: ContactEntity): Lookup | null {
  if (entity.linkedinUrl) return { kind: 'linkedin-profile', linkedinUrl: entity.linkedinUrl };
  if (entity.email) return { kind: 'email', email: entity.email };
  if (entity.firstName && entity.lastName && entity.companyName) {
    return { kind: 'name', firstName: entity.firstName, lastName: entity.lastName, companyName: entity.companyName };
  }
  return null;
}

export function subjectOf(state: TabState | undefined): Subject | null {
  if (!state) return null;
  if (state.requested) return { lookup: state.requested.lookup, source: state.requested.source };
  const entity = state.page?.entities[0];
  if (entity?.type !== 'contact') return null;
  const lookup = lookupForEntity(entity);
  return lookup ? { lookup, entity, source: 'page' } : null;
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

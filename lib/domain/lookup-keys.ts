/** Stable keys for lookups: one key per distinct person or company asked about, whichever tab or page asks. */
import type { Lookup } from './page-context';

export function lookupKey(lookup: Lookup): string {
  switch (lookup.kind) {
    case 'linkedin-profile':
      return `linkedin:${lookup.linkedinUrl}`;
    case 'email':
      return `email:${lookup.email.toLowerCase()}`;
    case 'name':
      return `name:${[lookup.firstName, lookup.lastName, lookup.companyName ?? ''].join('|').toLowerCase()}`;
    case 'domain':
      return `domain:${lookup.domain}`;
    case 'linkedin-company':
      return `linkedin-company:${lookup.linkedinUrl}`;
  }
}

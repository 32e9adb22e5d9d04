/** Stable keys for lookups, and their translation into Lusha search items. */
import type { Lookup } from '../domain/page-context';
import { SidecarError } from '../domain/errors';
import type { LushaSearchItem } from '../providers/lusha';

/** One key per distinct person asked about, whichever tab or page asks. */
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

/** The Lusha contact search item for a person lookup. Company lookups are not contact searches. */
export function toContactSearchItem(lookup: Lookup, clientReferenceId: string): LushaSearchItem {
  switch (lookup.kind) {
    case 'linkedin-profile':
      return { clientReferenceId, linkedinUrl: lookup.linkedinUrl };
    case 'email':
      return { clientReferenceId, email: lookup.email };
    case 'name':
      if (!lookup.companyName) {
        throw new SidecarError({
          kind: 'validation',
          message: 'To look up a person by name, Sidecar also needs their company (try “First Last at Company”).',
        });
      }
      return { clientReferenceId, firstName: lookup.firstName, lastName: lookup.lastName, companyName: lookup.companyName };
    case 'domain':
    case 'linkedin-company':
      throw new SidecarError({
        kind: 'validation',
        message: 'Company lookups are not available in this version of Sidecar yet; select a person’s email, name or LinkedIn link.',
      });
  }
}

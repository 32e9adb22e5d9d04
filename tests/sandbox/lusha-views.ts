/** Response shapes of the fake Lusha (V3ContactPreview, V3EnrichedContact), built from dataset records. */
import { linkedinUrlOf } from './dataset';
import { continentOf } from './dataset-data';
import type { SandboxCompany, SandboxEmail, SandboxPerson, SandboxPhone } from './dataset-types';
import type { RevealField } from './lusha-schemas';

/** Per-item error codes the V3 API puts inside a 200. */
export type ItemErrorCode = 'NOT_FOUND' | 'COMPLIANCE_RESTRICTED';

/** `{ code, message }` of a per-item error. */
export interface ItemError {
  code: ItemErrorCode;
  message: string;
}

/** Per-item errors, with Lusha's messages. */
export const ITEM_ERRORS = {
  notFound: { code: 'NOT_FOUND', message: 'Contact not found' },
  restricted: { code: 'COMPLIANCE_RESTRICTED', message: 'Contact data is restricted due to compliance regulations' },
} as const satisfies Record<string, ItemError>;

/** The `jobTitle` block. */
function jobTitle(person: SandboxPerson): { title: string; departments: string[]; seniority: string } {
  return { title: person.title, departments: [...person.departments], seniority: person.seniority };
}

/** The `company` block: the API's domain keeps "www." when Lusha stores it that way. */
function companyRef(company: SandboxCompany): { id: string; name: string; domain: string; industry: string } {
  return { id: company.id, name: company.name, domain: company.apiDomain, industry: company.industry };
}

/** Whether a person holds data for a reveal field. */
export function hasField(person: SandboxPerson, field: RevealField): boolean {
  return field === 'emails' ? person.emails.length > 0 : person.phones.length > 0;
}

/** A V3ContactPreview (search result). */
export interface ContactPreview {
  clientReferenceId?: string;
  id: string;
  firstName: string;
  lastName: string;
  jobTitle: { title: string; departments: string[]; seniority: string };
  company: { id: string; name: string; domain: string; industry: string };
  location: { country: string; state?: string; city: string };
  socialLinks: { linkedin: string };
  has: string[];
  canReveal: { field: RevealField; credits: number }[];
  signalTypes?: string[];
}

/** Builds a search result. `priceOf` says what revealing a field costs this account now (0 = already revealed). */
export function toPreview(
  person: SandboxPerson,
  company: SandboxCompany,
  options: { clientReferenceId?: string; priceOf: (field: RevealField) => number; signalTypes?: string[] },
): ContactPreview {
  const fields: RevealField[] = (['emails', 'phones'] as const).filter((field) => hasField(person, field));
  const { state } = person.location;
  return {
    ...(options.clientReferenceId === undefined ? {} : { clientReferenceId: options.clientReferenceId }),
    id: person.id,
    firstName: person.firstName,
    lastName: person.lastName,
    jobTitle: jobTitle(person),
    company: companyRef(company),
    location: { country: person.location.country, ...(state === undefined ? {} : { state }), city: person.location.city },
    socialLinks: { linkedin: linkedinUrlOf(person) },
    has: ['firstName', 'lastName', 'jobTitle', 'location', 'socialLinks', ...fields],
    canReveal: fields.map((field) => ({ field, credits: options.priceOf(field) })),
    ...(options.signalTypes === undefined ? {} : { signalTypes: options.signalTypes }),
  };
}

/** A V3EnrichedContact (enrich result). */
export interface EnrichedContact {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  jobTitle: { title: string; departments: string[]; seniority: string };
  location: { country: string; countryIso2: string; state?: string; city: string; continent: string; isEuContact: boolean };
  tags: never[];
  emails?: SandboxEmail[];
  phones?: SandboxPhone[];
  company: { id: string; name: string; domain: string; industry: string };
  socialLinks: { linkedin: string };
  previousEmployment: never[];
  updateDate: string;
}

/** Builds an enrich result holding only the requested reveal fields (an empty list when the person has none). */
export function toEnriched(person: SandboxPerson, company: SandboxCompany, reveal: readonly RevealField[]): EnrichedContact {
  const { country, countryIso2, state, city, isEuContact } = person.location;
  const dates = [...person.emails, ...person.phones].map((d) => d.updateDate).sort();
  return {
    id: person.id,
    firstName: person.firstName,
    lastName: person.lastName,
    fullName: `${person.firstName} ${person.lastName}`,
    jobTitle: jobTitle(person),
    location: { country, countryIso2, ...(state === undefined ? {} : { state }), city, continent: continentOf(countryIso2), isEuContact },
    tags: [],
    ...(reveal.includes('emails') ? { emails: person.emails.map((e) => ({ ...e })) } : {}),
    ...(reveal.includes('phones') ? { phones: person.phones.map((p) => ({ ...p })) } : {}),
    company: companyRef(company),
    socialLinks: { linkedin: linkedinUrlOf(person) },
    previousEmployment: [],
    updateDate: dates[dates.length - 1] ?? '2026-01-15',
  };
}

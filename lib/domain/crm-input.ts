/**
 * What Sidecar would write to a CRM about one person, from what it holds: the page's own reading (name, title,
 * company, LinkedIn URL), the provider's preview (title, company, domain, profile) and what was revealed (emails,
 * phones). Pure; shared by the panel (one person) and the background (a bulk save). Leaf module: domain types only.
 */
import type { ContactPreview, RevealedData } from './contact';
import type { CrmPersonInput, CrmPersonQuery, CrmPhone } from './crm';
import type { CrmSaveCompany } from './crm-save';
import type { ContactEntity } from './page-context';

const text = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** A revealed phone's label in CRM terms: mobile numbers go to the mobile field, the rest to the main phone. */
function phoneLabel(type: string | undefined): CrmPhone['label'] {
  return /mobile|cell/i.test(type ?? '') ? 'mobile' : 'work';
}

/** The person as Sidecar would save them; fields nobody knows are left out. */
export function personInputFrom(entity: ContactEntity | undefined, preview: ContactPreview | undefined, revealed: RevealedData | undefined): CrmPersonInput {
  const [first, ...rest] = (text(preview?.fullName) ?? text(entity?.fullName) ?? '').split(/\s+/);
  const input: CrmPersonInput = {
    firstName: text(preview?.firstName) ?? text(entity?.firstName) ?? text(first),
    lastName: text(preview?.lastName) ?? text(entity?.lastName) ?? text(rest.join(' ')),
    title: text(preview?.title) ?? text(entity?.title),
    companyName: text(preview?.companyName) ?? text(entity?.companyName),
    companyDomain: text(preview?.companyDomain) ?? text(entity?.companyDomain),
    linkedinUrl: text(preview?.linkedinUrl) ?? text(entity?.linkedinUrl),
    // Do-not-call numbers are not written: the CRM would invite a call the law forbids.
    emails: [...new Set([...(revealed?.emails ?? []).map((e) => e.email), ...(entity?.email ? [entity.email] : [])].map((e) => e.trim()).filter(Boolean))],
    phones: (revealed?.phones ?? []).filter((p) => !p.doNotCall).map((p) => ({ value: p.number, label: phoneLabel(p.type) })),
  };
  if (input.emails?.length === 0) delete input.emails;
  if (input.phones?.length === 0) delete input.phones;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as CrmPersonInput;
}

/** The company to file the person under, when its name is known. */
export function companyFrom(input: CrmPersonInput): CrmSaveCompany | undefined {
  const name = text(input.companyName);
  if (!name) return undefined;
  const domain = text(input.companyDomain);
  return domain ? { name, domain } : { name };
}

/** "Vera Lind" for lists, or what is known. */
export function personLabel(input: CrmPersonInput): string {
  return [input.firstName, input.lastName].filter(Boolean).join(' ') || input.emails?.[0] || input.linkedinUrl || 'Unnamed person';
}

/** A person query from what is known; undefined when there is nothing to search by (an email, a profile, a full name). */
export function personQuery(
  ref: string,
  input: { email?: string; linkedinUrl?: string; firstName?: string; lastName?: string; companyName?: string; companyDomain?: string },
): CrmPersonQuery | undefined {
  const query: CrmPersonQuery = { ref };
  for (const key of ['email', 'linkedinUrl', 'firstName', 'lastName', 'companyName', 'companyDomain'] as const) {
    const value = input[key]?.trim();
    if (value) query[key] = value;
  }
  if (!query.email && !query.linkedinUrl && !(query.firstName && query.lastName)) return undefined;
  return query;
}

/** The query for a person from their input (the first email is theirs). */
export const queryOfInput = (ref: string, input: CrmPersonInput): CrmPersonQuery | undefined =>
  personQuery(ref, { email: input.emails?.[0], linkedinUrl: input.linkedinUrl, firstName: input.firstName, lastName: input.lastName, companyName: input.companyName, companyDomain: input.companyDomain });

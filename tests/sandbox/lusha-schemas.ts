/**
 * Request schemas for the fake Lusha, written from the V3 OpenAPI (V3ContactsSearchRequest, V3ContactsEnrichRequest).
 * Objects are strict: Lusha (NestJS, whitelist + forbidNonWhitelisted) rejects unknown properties with
 * "property X should not exist". Issues are rendered in class-validator's wording.
 */
import { z } from 'zod';

const REVEAL_FIELDS = ['emails', 'phones'] as const;
const CONTACT_SIGNAL_TYPES = ['allSignals', 'promotion', 'companyChange'] as const;

/** One lookup in `POST /v3/contacts/search` (V3ContactSearchItem). */
export const contactSearchItemSchema = z.strictObject({
  clientReferenceId: z.string().optional(),
  id: z.string().optional(),
  linkedinUrl: z.string().optional(),
  email: z.email().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  companyDomain: z.string().optional(),
});
export type ContactSearchItem = z.infer<typeof contactSearchItemSchema>;

/** V3ContactSignalsDto. */
export const contactSignalsSchema = z.strictObject({
  types: z.array(z.enum(CONTACT_SIGNAL_TYPES)),
  startDate: z.iso.date().optional(),
  maxResultsPerSignal: z.number().int().min(1).max(100).optional(),
});
export type ContactSignals = z.infer<typeof contactSignalsSchema>;

/** V3ContactsSearchRequest. */
export const contactsSearchRequestSchema = z.strictObject({
  contacts: z.array(contactSearchItemSchema).min(1).max(100),
  options: z.strictObject({ includePartialProfiles: z.boolean().optional() }).optional(),
  signals: contactSignalsSchema.optional(),
});
export type ContactsSearchRequest = z.infer<typeof contactsSearchRequestSchema>;

/** V3ContactsEnrichRequest. */
export const contactsEnrichRequestSchema = z.strictObject({
  ids: z.array(z.string()).min(1).max(100),
  reveal: z.array(z.enum(REVEAL_FIELDS)).optional(),
  waterfallEnabled: z.boolean().optional(),
  tableId: z.string().optional(),
});
export type ContactsEnrichRequest = z.infer<typeof contactsEnrichRequestSchema>;

/** The reveal fields. */
export type RevealField = (typeof REVEAL_FIELDS)[number];
export { REVEAL_FIELDS };

const TYPE_PHRASES: Record<string, string> = {
  string: 'must be a string',
  boolean: 'must be a boolean value',
  number: 'must be a number conforming to the specified constraints',
  int: 'must be an integer number',
  array: 'must be an array',
  object: 'must be an object',
};

/** Renders one zod issue the way class-validator + NestJS ValidationPipe would. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const segments = issue.path.map(String);
  const path = segments.join('.');
  const parent = segments.slice(0, -1).join('.');
  const last = segments[segments.length - 1];
  const inArray = last !== undefined && /^\d+$/.test(last);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${path ? `${path}.` : ''}property ${key} should not exist`);
    case 'invalid_type':
      if (inArray) return [`each value in ${parent} ${TYPE_PHRASES[issue.expected] ?? `must be ${issue.expected}`}`];
      return [`${path} ${TYPE_PHRASES[issue.expected] ?? `must be ${issue.expected}`}`];
    case 'invalid_value':
      return [`${inArray ? `each value in ${parent}` : path} must be one of the following values: ${issue.values.map(String).join(', ')}`];
    case 'invalid_format':
      if (issue.format === 'email') return [`${path} must be an email`];
      if (issue.format === 'date') return [`${path} must be a valid ISO 8601 date string`];
      return [`${path} must match format ${issue.format}`];
    case 'too_small':
      return issue.origin === 'array'
        ? [`${path} must contain at least ${String(issue.minimum)} elements`]
        : [`${path} must not be less than ${String(issue.minimum)}`];
    case 'too_big':
      return issue.origin === 'array'
        ? [`${path} must contain no more than ${String(issue.maximum)} elements`]
        : [`${path} must not be greater than ${String(issue.maximum)}`];
    default:
      return [`${path} ${issue.message}`.trim()];
  }
}

/** Validation outcome: the parsed value, or Lusha-style error strings. */
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Parses `body` with `schema`, returning class-validator-style messages on failure. */
export function validate<T>(schema: z.ZodType<T>, body: unknown): Validation<T> {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.flatMap(describeIssue) };
}

const present = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/** The identifier form a search item uses. */
export type IdentifierForm = 'id' | 'linkedinUrl' | 'email' | 'name';

/** Checks the "exactly one identifier per item" rule; returns the form used or an error message. */
export function identifierForm(item: ContactSearchItem, index: number): { form: IdentifierForm } | { error: string } {
  const nameParts = [item.firstName, item.lastName, item.companyName, item.companyDomain].some(present);
  const fullName = present(item.firstName) && present(item.lastName) && (present(item.companyName) || present(item.companyDomain));
  const forms: IdentifierForm[] = [];
  if (present(item.id)) forms.push('id');
  if (present(item.linkedinUrl)) forms.push('linkedinUrl');
  if (present(item.email)) forms.push('email');
  if (nameParts) forms.push('name');
  const [form] = forms;
  if (forms.length === 1 && form !== undefined && (form !== 'name' || fullName)) return { form };
  if (forms.length === 1 && form === 'name') {
    return { error: `contacts.${index} firstName, lastName and companyName or companyDomain are required together` };
  }
  return {
    error: `contacts.${index} must have exactly one identifier: id, linkedinUrl, email, or firstName + lastName + companyName/companyDomain`,
  };
}

/**
 * SOQL Sidecar sends (docs/crm.md §2.3): string literals escaped, fields per object, and one WHERE clause that finds
 * every person query at once (emails IN, LinkedIn URL forms IN, first+last name pairs), with Leads limited to
 * unconverted ones. Pure functions.
 */
import type { CrmCompanyQuery, CrmPersonQuery } from '../../../domain/crm';
import { linkedinUrlVariants, normalizeDomain, normalizeEmail } from '../../../domain/crm-match';
import { clean, distinct } from '../shared';

/** A SOQL string literal: `\` and `'` escaped with `\`, control characters spelled out. */
export function soqlString(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

/** A LIKE pattern literal: also escapes the wildcards `%` and `_` of the value. */
export function soqlLike(prefix: string, value: string, suffix: string): string {
  return soqlString(`${prefix}${value.replace(/[%_]/g, (c) => `\\${c}`)}${suffix}`).replace(/\\\\([%_])/g, '\\$1');
}

const list = (values: readonly string[]) => `(${values.map(soqlString).join(', ')})`;

export function contactFields(linkedinField: string | null): string[] {
  return [
    'Id',
    'FirstName',
    'LastName',
    'Name',
    'Email',
    'Phone',
    'MobilePhone',
    'Title',
    'AccountId',
    'Account.Name',
    'Account.Website',
    'OwnerId',
    'Owner.Name',
    'LastActivityDate',
    'CreatedDate',
    'LastModifiedDate',
    ...(linkedinField ? [linkedinField] : []),
  ];
}

export function leadFields(linkedinField: string | null): string[] {
  return ['Id', 'FirstName', 'LastName', 'Name', 'Email', 'Phone', 'MobilePhone', 'Title', 'Company', 'Website', 'OwnerId', 'Owner.Name', 'LastActivityDate', 'CreatedDate', 'LastModifiedDate', ...(linkedinField ? [linkedinField] : [])];
}

export const ACCOUNT_FIELDS = ['Id', 'Name', 'Website', 'Phone', 'OwnerId', 'Owner.Name', 'LastActivityDate', 'CreatedDate', 'LastModifiedDate'];

/** The WHERE conditions that find these people (ORed), or undefined when the queries hold nothing searchable. */
export function peopleCondition(queries: readonly CrmPersonQuery[], linkedinField: string | null): string | undefined {
  const parts: string[] = [];
  const emails = distinct(queries.map((q) => normalizeEmail(q.email)));
  if (emails.length > 0) parts.push(`Email IN ${list(emails)}`);
  if (linkedinField) {
    const urls = distinct(queries.flatMap((q) => linkedinUrlVariants(q.linkedinUrl)));
    if (urls.length > 0) parts.push(`${linkedinField} IN ${list(urls)}`);
  }
  const names = new Set<string>();
  for (const query of queries) {
    const first = clean(query.firstName);
    const last = clean(query.lastName);
    if (!first || !last) continue;
    const clause = `(FirstName = ${soqlString(first)} AND LastName = ${soqlString(last)})`;
    names.add(clause);
  }
  parts.push(...names);
  return parts.length > 0 ? `(${parts.join(' OR ')})` : undefined;
}

export function select(fields: readonly string[], object: string, where: string, limit: number): string {
  return `SELECT ${fields.join(', ')} FROM ${object} WHERE ${where} LIMIT ${limit}`;
}

/** Accounts by name, or whose Website contains the domain (Accounts have no domain field). */
export function companyCondition(queries: readonly CrmCompanyQuery[]): string | undefined {
  const parts: string[] = [];
  const names = distinct(queries.map((q) => clean(q.name)));
  if (names.length > 0) parts.push(`Name IN ${list(names)}`);
  for (const domain of distinct(queries.map((q) => normalizeDomain(q.domain)))) parts.push(`Website LIKE ${soqlLike('%', domain, '%')}`);
  return parts.length > 0 ? `(${parts.join(' OR ')})` : undefined;
}

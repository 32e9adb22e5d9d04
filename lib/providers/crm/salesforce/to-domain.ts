/** Salesforce records → Sidecar's CRM records. */
import type { CrmPhone, CrmRecord, CrmRecordKind } from '../../../domain/crm';
import { normalizeDomain } from '../../../domain/crm-match';
import { clean, defined } from '../shared';
import type { SalesforceRecord } from './schemas';

const str = (record: Record<string, unknown>, field: string): string | undefined => {
  const value = record[field];
  return typeof value === 'string' ? clean(value) : undefined;
};

const related = (record: Record<string, unknown>, relationship: string, field: string): string | undefined => {
  const nested = record[relationship];
  return nested && typeof nested === 'object' ? str(nested as Record<string, unknown>, field) : undefined;
};

/** Where records open: `appBaseUrl`, else the Lightning host of a My Domain instance, else the instance itself. */
export function salesforceAppBaseUrl(instanceUrl: string, appBaseUrl?: string): string {
  if (appBaseUrl) return appBaseUrl.replace(/\/+$/, '');
  const base = instanceUrl.replace(/\/+$/, '');
  const myDomain = /^https:\/\/([^/]+)\.my\.salesforce\.com$/.exec(base);
  return myDomain ? `https://${myDomain[1]}.lightning.force.com` : base;
}

/**
 * A record's link: the Lightning record page (`https://acme.lightning.force.com/lightning/r/Contact/<id>/view`) on a
 * Lightning host, else `{instance}/<id>`, which redirects to the record.
 */
export function salesforceRecordUrl(instanceUrl: string, appBaseUrl: string | undefined, object: string, id: string): string {
  const base = salesforceAppBaseUrl(instanceUrl, appBaseUrl);
  return base === instanceUrl.replace(/\/+$/, '') ? `${base}/${encodeURIComponent(id)}` : `${base}/lightning/r/${object}/${encodeURIComponent(id)}/view`;
}

export const objectOfKind = (kind: CrmRecordKind): 'Contact' | 'Lead' | 'Account' => (kind === 'lead' ? 'Lead' : kind === 'company' || kind === 'account' ? 'Account' : 'Contact');

export function toPersonRecord(record: SalesforceRecord, linkedinField: string | null, links: { instanceUrl: string; appBaseUrl?: string }): CrmRecord {
  const lead = record.attributes.type === 'Lead';
  const phones: CrmPhone[] = [];
  const phone = str(record, 'Phone');
  const mobile = str(record, 'MobilePhone');
  if (phone) phones.push({ value: phone, label: 'work' });
  if (mobile) phones.push({ value: mobile, label: 'mobile' });
  const email = str(record, 'Email');
  const owner = str(record, 'OwnerId');
  const firstName = str(record, 'FirstName');
  const lastName = str(record, 'LastName');
  return {
    crm: 'salesforce',
    kind: lead ? 'lead' : 'contact',
    id: record.Id,
    emails: email ? [email] : [],
    phones,
    ...defined({
      name: str(record, 'Name') ?? ([firstName, lastName].filter(Boolean).join(' ') || undefined),
      firstName,
      lastName,
      title: str(record, 'Title'),
      company: lead ? str(record, 'Company') : related(record, 'Account', 'Name'),
      companyId: lead ? undefined : str(record, 'AccountId'),
      domain: normalizeDomain(lead ? str(record, 'Website') : related(record, 'Account', 'Website')),
      linkedinUrl: linkedinField ? str(record, linkedinField) : undefined,
      owner: owner ? defined({ id: owner, name: related(record, 'Owner', 'Name') }) : undefined,
      lastActivityAt: str(record, 'LastActivityDate'),
      createdAt: str(record, 'CreatedDate'),
      updatedAt: str(record, 'LastModifiedDate'),
      url: salesforceRecordUrl(links.instanceUrl, links.appBaseUrl, lead ? 'Lead' : 'Contact', record.Id),
    }),
  };
}

export function toAccountRecord(record: SalesforceRecord, links: { instanceUrl: string; appBaseUrl?: string }): CrmRecord {
  const phone = str(record, 'Phone');
  const owner = str(record, 'OwnerId');
  return {
    crm: 'salesforce',
    kind: 'account',
    id: record.Id,
    emails: [],
    phones: phone ? [{ value: phone, label: 'work' }] : [],
    ...defined({
      name: str(record, 'Name'),
      domain: normalizeDomain(str(record, 'Website')),
      owner: owner ? defined({ id: owner, name: related(record, 'Owner', 'Name') }) : undefined,
      lastActivityAt: str(record, 'LastActivityDate'),
      createdAt: str(record, 'CreatedDate'),
      updatedAt: str(record, 'LastModifiedDate'),
      url: salesforceRecordUrl(links.instanceUrl, links.appBaseUrl, 'Account', record.Id),
    }),
  };
}

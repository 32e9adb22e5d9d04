/** HubSpot objects → Sidecar's CRM records. */
import type { CrmPhone, CrmRecord } from '../../../domain/crm';
import { normalizeDomain } from '../../../domain/crm-match';
import { clean, defined } from '../shared';
import type { HubSpotObject } from './schemas';

export interface RecordLinks {
  uiDomain?: string;
  portalId?: string;
}

/** `https://{uiDomain}/contacts/{portalId}/record/{0-1|0-2}/{id}` (docs/crm.md §1.8); undefined without a portal. */
export function hubspotRecordUrl(links: RecordLinks, objectTypeId: '0-1' | '0-2', id: string): string | undefined {
  if (!links.uiDomain || !links.portalId) return undefined;
  const host = links.uiDomain.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  return `https://${host}/contacts/${encodeURIComponent(links.portalId)}/record/${objectTypeId}/${encodeURIComponent(id)}`;
}

/** HubSpot dates are ISO strings or epoch-ms strings; both become ISO. */
export function isoDate(value: string | null | undefined): string | undefined {
  const raw = clean(value);
  if (!raw) return undefined;
  if (/^\d{10,}$/.test(raw)) return new Date(Number(raw)).toISOString();
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function toContactRecord(object: HubSpotObject, linkedinProperty: string | null, links: RecordLinks): CrmRecord {
  const p = object.properties;
  const emails = [clean(p.email), ...(clean(p.hs_additional_emails)?.split(';') ?? []).map((e) => clean(e))].filter((e): e is string => !!e);
  const phones: CrmPhone[] = [];
  const phone = clean(p.phone);
  const mobile = clean(p.mobilephone);
  if (phone) phones.push({ value: phone, label: 'work' });
  if (mobile) phones.push({ value: mobile, label: 'mobile' });
  const firstName = clean(p.firstname);
  const lastName = clean(p.lastname);
  const name = [firstName, lastName].filter(Boolean).join(' ') || emails[0];
  const companyId = clean(p.associatedcompanyid) ?? object.associations?.companies?.results[0]?.id;
  const owner = clean(p.hubspot_owner_id);
  return {
    crm: 'hubspot',
    kind: 'contact',
    id: object.id,
    emails: [...new Set(emails)],
    phones,
    ...defined({
      name,
      firstName,
      lastName,
      title: clean(p.jobtitle),
      company: clean(p.company),
      companyId,
      linkedinUrl: linkedinProperty ? clean(p[linkedinProperty]) : undefined,
      owner: owner ? { id: owner } : undefined,
      lastActivityAt: isoDate(p.notes_last_updated),
      createdAt: isoDate(object.createdAt ?? p.createdate),
      updatedAt: isoDate(object.updatedAt ?? p.lastmodifieddate),
      url: hubspotRecordUrl(links, '0-1', object.id),
    }),
  };
}

export function toCompanyRecord(object: HubSpotObject, links: RecordLinks): CrmRecord {
  const p = object.properties;
  const phone = clean(p.phone);
  const owner = clean(p.hubspot_owner_id);
  return {
    crm: 'hubspot',
    kind: 'company',
    id: object.id,
    emails: [],
    phones: phone ? [{ value: phone, label: 'work' }] : [],
    ...defined({
      name: clean(p.name),
      domain: normalizeDomain(p.domain) ?? clean(p.domain),
      linkedinUrl: clean(p.linkedin_company_page),
      owner: owner ? { id: owner } : undefined,
      lastActivityAt: isoDate(p.notes_last_updated),
      createdAt: isoDate(object.createdAt ?? p.createdate),
      updatedAt: isoDate(object.updatedAt ?? p.hs_lastmodifieddate),
      url: hubspotRecordUrl(links, '0-2', object.id),
    }),
  };
}

/**
 * The HubSpot stand-in's data: contacts, companies and notes as versioned property maps, associations, owners,
 * and the search index that only sees a write `indexDelayMs` after it happened (HubSpot search is eventually
 * consistent: docs/crm.md §1.3). Seeded from `crmSeed(dataset, 'hubspot')`.
 */
import type { SandboxDataset } from '../dataset-types';
import { fold } from './common';
import { CRM_OWNERS, crmSeed } from './crm-dataset';

export type HsType = 'contacts' | 'companies' | 'notes';
export const HS_TYPE_IDS: Record<HsType, string> = { contacts: '0-1', companies: '0-2', notes: '0-46' };

/** `contact`, `contacts`, `0-1` … → the type; undefined for types the stand-in does not hold. */
export function hsType(name: string): HsType | undefined {
  const n = name.toLowerCase();
  if (n === 'contact' || n === 'contacts' || n === '0-1') return 'contacts';
  if (n === 'company' || n === 'companies' || n === '0-2') return 'companies';
  if (n === 'note' || n === 'notes' || n === '0-46') return 'notes';
  return undefined;
}

interface PropertyDef {
  label: string;
  readOnly?: boolean;
  group: string;
}

/** The properties each type has; writes to others answer PROPERTY_DOESNT_EXIST, to read-only ones READ_ONLY_VALUE. */
export const PROPERTY_DEFS: Record<HsType, Record<string, PropertyDef>> = {
  contacts: {
    email: { label: 'Email', group: 'contactinformation' },
    firstname: { label: 'First Name', group: 'contactinformation' },
    lastname: { label: 'Last Name', group: 'contactinformation' },
    jobtitle: { label: 'Job Title', group: 'contactinformation' },
    company: { label: 'Company Name', group: 'contactinformation' },
    phone: { label: 'Phone Number', group: 'contactinformation' },
    mobilephone: { label: 'Mobile Phone Number', group: 'contactinformation' },
    website: { label: 'Website URL', group: 'contactinformation' },
    city: { label: 'City', group: 'contactinformation' },
    country: { label: 'Country/Region', group: 'contactinformation' },
    lifecyclestage: { label: 'Lifecycle Stage', group: 'contactinformation' },
    hs_linkedin_url: { label: 'LinkedIn URL', group: 'social_media_information' },
    hs_additional_emails: { label: 'Additional email addresses', group: 'contactinformation', readOnly: true },
    hubspot_owner_id: { label: 'Contact owner', group: 'sales_properties' },
    associatedcompanyid: { label: 'Primary Associated Company ID', group: 'contactinformation' },
    notes_last_updated: { label: 'Last Activity Date', group: 'sales_properties', readOnly: true },
    createdate: { label: 'Create Date', group: 'contactinformation', readOnly: true },
    lastmodifieddate: { label: 'Last Modified Date', group: 'contactinformation', readOnly: true },
    hs_object_id: { label: 'Record ID', group: 'contactinformation', readOnly: true },
  },
  companies: {
    name: { label: 'Company name', group: 'companyinformation' },
    domain: { label: 'Company Domain Name', group: 'companyinformation' },
    website: { label: 'Website URL', group: 'companyinformation' },
    phone: { label: 'Phone Number', group: 'companyinformation' },
    industry: { label: 'Industry', group: 'companyinformation' },
    city: { label: 'City', group: 'companyinformation' },
    country: { label: 'Country/Region', group: 'companyinformation' },
    linkedin_company_page: { label: 'LinkedIn Company Page', group: 'social_media_information' },
    hubspot_owner_id: { label: 'Company owner', group: 'companyinformation' },
    notes_last_updated: { label: 'Last Activity Date', group: 'companyinformation', readOnly: true },
    createdate: { label: 'Create Date', group: 'companyinformation', readOnly: true },
    hs_lastmodifieddate: { label: 'Last Modified Date', group: 'companyinformation', readOnly: true },
    hs_object_id: { label: 'Record ID', group: 'companyinformation', readOnly: true },
  },
  notes: {
    hs_timestamp: { label: 'Activity date', group: 'engagement' },
    hs_note_body: { label: 'Note body', group: 'engagement' },
    hubspot_owner_id: { label: 'Activity assigned to', group: 'engagement' },
    hs_attachment_ids: { label: 'Attached file IDs', group: 'engagement' },
    hs_createdate: { label: 'Create date', group: 'engagement', readOnly: true },
    hs_lastmodifieddate: { label: 'Last modified date', group: 'engagement', readOnly: true },
    hs_object_id: { label: 'Record ID', group: 'engagement', readOnly: true },
  },
};

/** What a GET or search returns without `properties`. */
export const DEFAULT_PROPERTIES: Record<HsType, string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'createdate', 'lastmodifieddate', 'hs_object_id'],
  companies: ['name', 'domain', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_timestamp', 'hs_note_body', 'hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

const MODIFIED: Record<HsType, string> = { contacts: 'lastmodifieddate', companies: 'hs_lastmodifieddate', notes: 'hs_lastmodifieddate' };
const CREATED: Record<HsType, string> = { contacts: 'createdate', companies: 'createdate', notes: 'hs_createdate' };

/** HubSpot-defined association types between the stand-in's objects, and their inverses (docs/crm.md §1.6). */
export const ASSOCIATION_TYPES: { from: HsType; to: HsType; typeId: number; inverse: number; label: string | null }[] = [
  { from: 'contacts', to: 'companies', typeId: 279, inverse: 280, label: null },
  { from: 'contacts', to: 'companies', typeId: 1, inverse: 2, label: 'Primary' },
  { from: 'notes', to: 'contacts', typeId: 202, inverse: 201, label: null },
  { from: 'notes', to: 'companies', typeId: 190, inverse: 189, label: null },
];

/** The association type `typeId` from `from` to `to`, in either stored direction. */
export function associationType(from: HsType, to: HsType, typeId: number): { typeId: number; inverse: number; label: string | null } | undefined {
  const direct = ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.typeId === typeId);
  if (direct) return direct;
  const inverse = ASSOCIATION_TYPES.find((t) => t.from === to && t.to === from && t.inverse === typeId);
  return inverse ? { typeId: inverse.inverse, inverse: inverse.typeId, label: inverse.label } : undefined;
}

/** The default (unlabelled) association type id from one type to another. */
export function defaultAssociation(from: HsType, to: HsType): number | undefined {
  const direct = ASSOCIATION_TYPES.find((t) => t.from === from && t.to === to && t.label === null);
  if (direct) return direct.typeId;
  return ASSOCIATION_TYPES.find((t) => t.from === to && t.to === from && t.label === null)?.inverse;
}

export interface HsVersion {
  at: number;
  properties: Record<string, string>;
}

export interface HsObject {
  id: string;
  type: HsType;
  createdAt: number;
  updatedAt: number;
  /** Oldest first; the last is current. Search sees the newest one older than the index delay. */
  versions: HsVersion[];
  /** Created through the API since the last reset. */
  created: boolean;
}

export interface HsAssociation {
  fromType: HsType;
  fromId: string;
  toType: HsType;
  toId: string;
  typeId: number;
}

export interface HsOwner {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  userId: number;
}

export const current = (object: HsObject): Record<string, string> => object.versions[object.versions.length - 1]?.properties ?? {};

/** The stand-in's objects, associations and owners. */
export class HubSpotStore {
  readonly objects: Record<HsType, Map<string, HsObject>> = { contacts: new Map(), companies: new Map(), notes: new Map() };
  associations: HsAssociation[] = [];
  readonly owners: HsOwner[] = CRM_OWNERS.map((o, i) => ({ id: String(7100001 + i), firstName: o.first, lastName: o.last, email: o.email, userId: 3300001 + i }));
  private nextId: Record<HsType, number> = { contacts: 0, companies: 0, notes: 0 };

  constructor(private readonly dataset: SandboxDataset) {
    this.seed();
  }

  private seed(): void {
    const { people, companies } = crmSeed(this.dataset, 'hubspot');
    const seededAt = Date.UTC(2025, 0, 15);
    const companyIds = new Map<string, string>();
    companies.forEach((company, i) => {
      const id = String(9100001 + i);
      companyIds.set(company.id, id);
      this.put('companies', id, seededAt + i * 3_600_000, {
        name: company.name,
        domain: i % 2 === 0 ? company.domain : `www.${company.domain}`,
        industry: company.industry,
        city: company.location.city,
        country: company.location.country,
        linkedin_company_page: `https://www.linkedin.com/company/${company.linkedinSlug}`,
        hubspot_owner_id: this.owners[i % this.owners.length]?.id ?? '',
      });
    });
    people.forEach((seed, i) => {
      const id = String(51000001 + i);
      const companyId = companyIds.get(seed.company.id) ?? '';
      const properties: Record<string, string> = {
        firstname: seed.person.firstName,
        lastname: seed.person.lastName,
        company: seed.company.name,
        associatedcompanyid: companyId,
        hubspot_owner_id: this.owners[seed.owner]?.id ?? '',
      };
      if (seed.title) properties.jobtitle = seed.title;
      if (seed.email) properties.email = seed.email;
      if (seed.phone) properties[seed.phone.mobile ? 'mobilephone' : 'phone'] = seed.phone.number;
      if (seed.linkedinUrl) properties.hs_linkedin_url = seed.linkedinUrl;
      if (seed.lastActivity) properties.notes_last_updated = `${seed.lastActivity}T15:00:00.000Z`;
      this.put('contacts', id, seededAt + i * 60_000, properties);
      if (companyId) {
        this.associations.push({ fromType: 'contacts', fromId: id, toType: 'companies', toId: companyId, typeId: 279 });
        this.associations.push({ fromType: 'contacts', fromId: id, toType: 'companies', toId: companyId, typeId: 1 });
      }
    });
    this.nextId = { contacts: 51000001 + people.length + 100, companies: 9100001 + companies.length + 100, notes: 88000001 };
  }

  /** Stores a seeded object, visible to search from the start. */
  private put(type: HsType, id: string, at: number, properties: Record<string, string>): void {
    const iso = new Date(at).toISOString();
    const full = { ...properties, [CREATED[type]]: iso, [MODIFIED[type]]: iso, hs_object_id: id };
    this.objects[type].set(id, { id, type, createdAt: at, updatedAt: at, versions: [{ at: Number.NEGATIVE_INFINITY, properties: full }], created: false });
  }

  /** Creates an object at `now`; returns it. */
  create(type: HsType, properties: Record<string, string>, now: number): HsObject {
    const id = String(this.nextId[type]++);
    const iso = new Date(now).toISOString();
    const full = { ...stripEmpty(properties), [CREATED[type]]: iso, [MODIFIED[type]]: iso, hs_object_id: id };
    const object: HsObject = { id, type, createdAt: now, updatedAt: now, versions: [{ at: now, properties: full }], created: true };
    this.objects[type].set(id, object);
    return object;
  }

  /** Applies a PATCH at `now`: given values overwrite, "" clears. */
  update(object: HsObject, properties: Record<string, string>, now: number): void {
    const next = stripEmpty({ ...current(object), ...properties, [MODIFIED[object.type]]: new Date(now).toISOString() });
    object.versions.push({ at: now, properties: next });
    object.updatedAt = now;
  }

  /** The contact whose email is `email` (case-insensitive), if any. */
  contactByEmail(email: string): HsObject | undefined {
    const wanted = fold(email);
    for (const contact of this.objects.contacts.values()) if (fold(current(contact).email ?? '') === wanted) return contact;
    return undefined;
  }

  /** Associates both ways (idempotent); a first company association also becomes the contact's primary. */
  associate(fromType: HsType, fromId: string, toType: HsType, toId: string, typeId: number, now: number): void {
    const type = associationType(fromType, toType, typeId);
    if (!type) return;
    const exists = this.associations.some((a) => a.fromType === fromType && a.fromId === fromId && a.toType === toType && a.toId === toId && a.typeId === typeId);
    if (!exists) this.associations.push({ fromType, fromId, toType, toId, typeId });
    const contactSide = fromType === 'contacts' && toType === 'companies' ? { contact: fromId, company: toId } : undefined;
    if (contactSide) {
      const contact = this.objects.contacts.get(contactSide.contact);
      if (contact && !current(contact).associatedcompanyid) {
        this.associations.push({ fromType: 'contacts', fromId: contactSide.contact, toType: 'companies', toId: contactSide.company, typeId: 1 });
        this.update(contact, { associatedcompanyid: contactSide.company }, now);
      }
    }
  }

  /** Associations of one object to a type, with their type ids seen from that object. */
  associationsOf(type: HsType, id: string, toType: HsType): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const a of this.associations) {
      if (a.fromType === type && a.fromId === id && a.toType === toType) out.set(a.toId, [...(out.get(a.toId) ?? []), a.typeId]);
      if (a.toType === type && a.toId === id && a.fromType === toType) {
        const inverse = associationType(a.fromType, a.toType, a.typeId)?.inverse;
        if (inverse !== undefined) out.set(a.fromId, [...(out.get(a.fromId) ?? []), inverse]);
      }
    }
    return out;
  }

  /** What search sees of `object` at `now`: the newest version at least `delayMs` old, or nothing yet. */
  indexed(object: HsObject, now: number, delayMs: number): Record<string, string> | undefined {
    for (let i = object.versions.length - 1; i >= 0; i--) {
      const version = object.versions[i];
      if (version && version.at <= now - delayMs) return version.properties;
    }
    return undefined;
  }

  counts(): Record<HsType, number> {
    return { contacts: this.objects.contacts.size, companies: this.objects.companies.size, notes: this.objects.notes.size };
  }

  /** Objects created through the API since the last reset, oldest first. */
  created(): { type: HsType; id: string; properties: Record<string, string> }[] {
    return (['contacts', 'companies', 'notes'] as const).flatMap((type) =>
      [...this.objects[type].values()].filter((o) => o.created).map((o) => ({ type, id: o.id, properties: current(o) })),
    );
  }
}

function stripEmpty(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== ''));
}

// ---------------------------------------------------------------------------------------------------------------
// Search

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
  highValue?: string;
}

const lower = (value: string): string => value.trim().toLowerCase();
const tokens = (value: string): string[] => value.split(/[\s;,]+/).map(lower).filter(Boolean);

function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  const dx = Date.parse(a);
  const dy = Date.parse(b);
  if (!Number.isNaN(dx) && !Number.isNaN(dy)) return dx - dy;
  return lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0;
}

function tokenMatches(token: string, pattern: string): boolean {
  const p = lower(pattern);
  if (!p.includes('*')) return token === p;
  const regex = new RegExp(`^${p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(token);
}

/** Whether one filter holds for a property map. String comparisons ignore case, as HubSpot's do. */
export function filterHolds(filter: SearchFilter, properties: Record<string, string>): boolean {
  const value = properties[filter.propertyName] ?? '';
  const wanted = filter.value ?? '';
  switch (filter.operator) {
    case 'EQ':
      return value !== '' && lower(value) === lower(wanted);
    case 'NEQ':
      return lower(value) !== lower(wanted);
    case 'IN':
      return value !== '' && (filter.values ?? []).some((v) => lower(v) === lower(value));
    case 'NOT_IN':
      return !(filter.values ?? []).some((v) => lower(v) === lower(value));
    case 'HAS_PROPERTY':
      return value !== '';
    case 'NOT_HAS_PROPERTY':
      return value === '';
    case 'CONTAINS_TOKEN':
      return tokens(value).some((t) => tokenMatches(t, wanted)) || (value !== '' && lower(value) === lower(wanted));
    case 'NOT_CONTAINS_TOKEN':
      return !tokens(value).some((t) => tokenMatches(t, wanted));
    case 'GT':
      return value !== '' && compare(value, wanted) > 0;
    case 'GTE':
      return value !== '' && compare(value, wanted) >= 0;
    case 'LT':
      return value !== '' && compare(value, wanted) < 0;
    case 'LTE':
      return value !== '' && compare(value, wanted) <= 0;
    case 'BETWEEN':
      return value !== '' && compare(value, wanted) >= 0 && compare(value, filter.highValue ?? wanted) <= 0;
    default:
      return false;
  }
}

/**
 * The Salesforce stand-in's org: sObject metadata (what describe answers and what writes are checked against),
 * records of Contact, Lead, Account, Task and User, and their seed from `crmSeed(dataset, 'salesforce')`.
 */
import type { SandboxDataset } from '../dataset-types';
import { CRM_OWNERS, crmSeed } from './crm-dataset';

export type SfType = 'Contact' | 'Lead' | 'Account' | 'Task' | 'User';
export const SF_TYPES: readonly SfType[] = ['Contact', 'Lead', 'Account', 'Task', 'User'];
export const SF_PREFIX: Record<SfType, string> = { Contact: '003', Lead: '00Q', Account: '001', Task: '00T', User: '005' };

export interface FieldDef {
  name: string;
  label: string;
  type: 'id' | 'string' | 'email' | 'phone' | 'url' | 'textarea' | 'reference' | 'date' | 'datetime' | 'boolean' | 'picklist';
  length: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  custom: boolean;
  /** reference fields: the relationship name (`Account`) and the object it points to. */
  relationshipName?: string;
  referenceTo?: SfType[];
  picklistValues?: { value: string; label: string; active: boolean; defaultValue: boolean }[];
}

const f = (name: string, type: FieldDef['type'], length: number, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label: name.replace(/__c$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2'),
  type,
  length,
  nillable: true,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
  custom: name.endsWith('__c'),
  ...extra,
});
const readOnly = { createable: false, updateable: false } as const;
const system = (): FieldDef[] => [
  f('Id', 'id', 18, { ...readOnly, nillable: false, defaultedOnCreate: true }),
  f('OwnerId', 'reference', 18, { relationshipName: 'Owner', referenceTo: ['User'], defaultedOnCreate: true, nillable: false }),
  f('CreatedDate', 'datetime', 0, { ...readOnly, nillable: false, defaultedOnCreate: true }),
  f('LastModifiedDate', 'datetime', 0, { ...readOnly, nillable: false, defaultedOnCreate: true }),
];
const picklist = (values: string[], defaultValue: string) => values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));

/** Field metadata per object (lengths as in docs/crm.md §2.12). */
export const SF_FIELDS: Record<SfType, FieldDef[]> = {
  Contact: [
    ...system(),
    f('FirstName', 'string', 40),
    f('LastName', 'string', 80, { nillable: false }),
    f('Name', 'string', 121, { ...readOnly, nillable: false }),
    f('Email', 'email', 80),
    f('Phone', 'phone', 40),
    f('MobilePhone', 'phone', 40),
    f('Title', 'string', 128),
    f('Department', 'string', 80),
    f('Description', 'textarea', 32_000),
    f('AccountId', 'reference', 18, { relationshipName: 'Account', referenceTo: ['Account'] }),
    f('LastActivityDate', 'date', 0, readOnly),
    f('LinkedIn_URL__c', 'url', 255, { label: 'LinkedIn URL' }),
  ],
  Lead: [
    ...system(),
    f('FirstName', 'string', 40),
    f('LastName', 'string', 80, { nillable: false }),
    f('Name', 'string', 121, { ...readOnly, nillable: false }),
    f('Company', 'string', 255, { nillable: false }),
    f('Email', 'email', 80),
    f('Phone', 'phone', 40),
    f('MobilePhone', 'phone', 40),
    f('Title', 'string', 128),
    f('Website', 'url', 255),
    f('Status', 'picklist', 255, { nillable: false, defaultedOnCreate: true, picklistValues: picklist(['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'], 'Open - Not Contacted') }),
    f('IsConverted', 'boolean', 0, { ...readOnly, nillable: false, defaultedOnCreate: true }),
    f('LastActivityDate', 'date', 0, readOnly),
    f('LinkedIn_URL__c', 'url', 255, { label: 'LinkedIn URL' }),
  ],
  Account: [
    ...system(),
    f('Name', 'string', 255, { nillable: false }),
    f('Website', 'url', 255),
    f('Phone', 'phone', 40),
    f('Industry', 'picklist', 255),
    f('LastActivityDate', 'date', 0, readOnly),
  ],
  Task: [
    ...system(),
    f('Subject', 'string', 255),
    f('Description', 'textarea', 32_000),
    f('WhoId', 'reference', 18, { relationshipName: 'Who', referenceTo: ['Contact', 'Lead'] }),
    f('WhatId', 'reference', 18, { relationshipName: 'What', referenceTo: ['Account'] }),
    f('Status', 'picklist', 255, { nillable: false, defaultedOnCreate: true, picklistValues: picklist(['Not Started', 'In Progress', 'Completed'], 'Not Started') }),
    f('Priority', 'picklist', 255, { nillable: false, defaultedOnCreate: true, picklistValues: picklist(['High', 'Normal', 'Low'], 'Normal') }),
    f('ActivityDate', 'date', 0),
  ],
  User: [
    f('Id', 'id', 18, { ...readOnly, nillable: false, defaultedOnCreate: true }),
    f('Name', 'string', 121, readOnly),
    f('FirstName', 'string', 40, readOnly),
    f('LastName', 'string', 80, readOnly),
    f('Email', 'email', 128, readOnly),
    f('Username', 'string', 80, readOnly),
  ],
};

export const fieldDef = (type: SfType, name: string): FieldDef | undefined => SF_FIELDS[type].find((d) => d.name.toLowerCase() === name.toLowerCase());

export type SfRecord = Record<string, unknown> & { Id: string };

/** `003SB0000000001AAA`: prefix, "SB", a 10-digit counter, "AAA" (18 characters; no checksum). */
export const sfId = (type: SfType, n: number): string => `${SF_PREFIX[type]}SB${String(n).padStart(10, '0')}AAA`;

export function typeOfId(id: string): SfType | undefined {
  return SF_TYPES.find((t) => id.startsWith(SF_PREFIX[t]));
}

export class SalesforceStore {
  records: Record<SfType, Map<string, SfRecord>> = { Contact: new Map(), Lead: new Map(), Account: new Map(), Task: new Map(), User: new Map() };
  private counters: Record<SfType, number> = { Contact: 1, Lead: 1, Account: 1, Task: 1, User: 1 };
  /** Ids created through the API since the last reset. */
  created: { type: SfType; id: string }[] = [];

  constructor(dataset: SandboxDataset) {
    this.seed(dataset);
  }

  private seed(dataset: SandboxDataset): void {
    const at = new Date(Date.UTC(2025, 0, 15)).toISOString();
    CRM_OWNERS.forEach((o, i) => {
      const id = sfId('User', i + 1);
      this.records.User.set(id, { Id: id, Name: `${o.first} ${o.last}`, FirstName: o.first, LastName: o.last, Email: o.email, Username: o.email.replace('sidecar-sandbox.example', 'sidecar-sandbox.example.sf') });
    });
    this.counters.User = CRM_OWNERS.length + 1;
    const { people, companies } = crmSeed(dataset, 'salesforce');
    const accountIds = new Map<string, string>();
    for (const company of companies) {
      const id = this.nextId('Account');
      accountIds.set(company.id, id);
      this.records.Account.set(id, { Id: id, Name: company.name, Website: `https://www.${company.domain}`, Industry: company.industry, OwnerId: sfId('User', 1), CreatedDate: at, LastModifiedDate: at, LastActivityDate: null, Phone: null });
    }
    for (const seed of people) {
      const type: SfType = seed.lead ? 'Lead' : 'Contact';
      const id = this.nextId(type);
      const record: SfRecord = {
        Id: id,
        FirstName: seed.person.firstName,
        LastName: seed.person.lastName,
        Email: seed.email ?? null,
        Phone: seed.phone && !seed.phone.mobile ? seed.phone.number : null,
        MobilePhone: seed.phone?.mobile ? seed.phone.number : null,
        Title: seed.title ?? null,
        LinkedIn_URL__c: seed.linkedinUrl ?? null,
        OwnerId: sfId('User', seed.owner + 1),
        LastActivityDate: seed.lastActivity ?? null,
        CreatedDate: at,
        LastModifiedDate: at,
      };
      if (type === 'Lead') Object.assign(record, { Company: seed.company.name, Status: 'Working - Contacted', IsConverted: false, Website: null });
      else Object.assign(record, { AccountId: accountIds.get(seed.company.id) ?? null, Department: null, Description: null });
      this.records[type].set(id, withName(type, record));
    }
  }

  nextId(type: SfType): string {
    return sfId(type, this.counters[type]++);
  }

  /** A record by id (18 characters, or the case-sensitive 15-character form). */
  get(id: string): { type: SfType; record: SfRecord } | undefined {
    const type = typeOfId(id);
    if (!type) return undefined;
    const map = this.records[type];
    const direct = map.get(id);
    if (direct) return { type, record: direct };
    if (id.length === 15) for (const [key, record] of map) if (key.slice(0, 15) === id) return { type, record };
    return undefined;
  }

  /** A deep copy, for rolling back an all-or-none composite. */
  snapshot(): { records: Record<SfType, Map<string, SfRecord>>; counters: Record<SfType, number>; created: { type: SfType; id: string }[] } {
    return structuredClone({ records: this.records, counters: this.counters, created: this.created });
  }

  restore(saved: ReturnType<SalesforceStore['snapshot']>): void {
    this.records = saved.records;
    this.counters = saved.counters;
    this.created = saved.created;
  }

  counts(): Record<SfType, number> {
    return { Contact: this.records.Contact.size, Lead: this.records.Lead.size, Account: this.records.Account.size, Task: this.records.Task.size, User: this.records.User.size };
  }
}

/** Recomputes the read-only `Name` of people and users. */
export function withName(type: SfType, record: SfRecord): SfRecord {
  if (type === 'Contact' || type === 'Lead') record.Name = [record.FirstName, record.LastName].filter((v) => typeof v === 'string' && v !== '').join(' ');
  return record;
}

import { describe, expect, it } from 'vitest';
import { crmRecordSchema, type CrmRecord } from './crm';
import {
  classifyCompanyMatch,
  classifyPersonMatch,
  diffPerson,
  linkedinUrlVariants,
  matchCompanies,
  matchPeople,
  normalizeCompanyName,
  normalizeDomain,
  normalizeEmail,
  normalizeLinkedinUrl,
  personValuesFromInput,
  sourceLine,
  writtenFields,
} from './crm-match';

const person = (extra: Partial<CrmRecord>): CrmRecord =>
  crmRecordSchema.parse({ crm: 'hubspot', kind: 'contact', id: '1', emails: [], phones: [], ...extra });

describe('CRM value normalising', () => {
  it('emails, LinkedIn URLs, domains and company names compare the way CRMs store them', () => {
    expect(normalizeEmail(' mailto:Jane.Doe@ACME.com?subject=hi')).toBe('jane.doe@acme.com');
    expect(normalizeEmail('not an email')).toBeUndefined();
    expect(normalizeLinkedinUrl('linkedin.com/in/Jane-Doe/?trk=x')).toBe('https://www.linkedin.com/in/jane-doe');
    expect(normalizeLinkedinUrl('https://de.linkedin.com/in/zo%C3%AB-m%C3%BCller-1a/')).toBe('https://www.linkedin.com/in/zoë-müller-1a');
    expect(normalizeLinkedinUrl('https://www.linkedin.com/company/acme')).toBeUndefined();
    expect(normalizeDomain('HTTPS://www.Acme.com:443/about')).toBe('acme.com');
    expect(normalizeCompanyName('Acme, Inc.')).toBe(normalizeCompanyName('ACME'));
  });

  it('lists the stored forms of a LinkedIn URL, encoded slugs included', () => {
    const variants = linkedinUrlVariants('https://www.linkedin.com/in/zoë-1/');
    expect(variants).toContain('https://www.linkedin.com/in/zoë-1');
    expect(variants).toContain('https://www.linkedin.com/in/zo%C3%AB-1/');
    expect(variants).toContain('http://www.linkedin.com/in/zoë-1');
  });
});

describe('matching', () => {
  const jane = person({ id: 'j', firstName: 'Jane', lastName: 'Doe', emails: ['jane@acme.com'], company: 'Acme Inc', linkedinUrl: 'linkedin.com/in/janedoe/' });

  it('classifies by email, LinkedIn, name with company, and name only', () => {
    expect(classifyPersonMatch({ ref: 'a', email: 'JANE@acme.com' }, jane)).toBe('email');
    expect(classifyPersonMatch({ ref: 'a', linkedinUrl: 'https://www.linkedin.com/in/JaneDoe' }, jane)).toBe('linkedin');
    expect(classifyPersonMatch({ ref: 'a', firstName: 'jane', lastName: 'DOE', companyName: 'ACME' }, jane)).toBe('name-company');
    expect(classifyPersonMatch({ ref: 'a', firstName: 'Jane', lastName: 'Doe', companyDomain: 'acme.com' }, jane)).toBe('name-company');
    expect(classifyPersonMatch({ ref: 'a', firstName: 'Jane', lastName: 'Doe', companyName: 'Globex' }, jane)).toBe('name-only');
    expect(classifyPersonMatch({ ref: 'a', firstName: 'John', lastName: 'Doe' }, jane)).toBeUndefined();
  });

  it('keeps namesakes only when nothing definite matched, and marks them possible', () => {
    const namesake = person({ id: 'n', firstName: 'Jane', lastName: 'Doe', company: 'Globex' });
    const both = matchPeople([{ ref: 'q', email: 'jane@acme.com', firstName: 'Jane', lastName: 'Doe' }], [namesake, jane]);
    expect(both.map((m) => [m.record.id, m.by, m.possible])).toEqual([['j', 'email', false]]);
    const onlyName = matchPeople([{ ref: 'q', firstName: 'Jane', lastName: 'Doe', companyName: 'Initech' }], [namesake, jane]);
    expect(onlyName.every((m) => m.possible && m.by === 'name-only')).toBe(true);
    expect(onlyName).toHaveLength(2);
  });

  it('matches companies by domain, else by name (possible when a domain was asked)', () => {
    const acme = person({ kind: 'company', id: 'c', name: 'Acme Inc', domain: 'www.acme.com' });
    expect(classifyCompanyMatch({ ref: 'x', domain: 'https://acme.com' }, acme)).toBe('domain');
    expect(matchCompanies([{ ref: 'x', domain: 'acme.io', name: 'ACME' }], [acme])).toMatchObject([{ by: 'name', possible: true }]);
    expect(matchCompanies([{ ref: 'x', name: 'ACME' }], [acme])).toMatchObject([{ by: 'name', possible: false }]);
  });
});

describe('diffing an update', () => {
  const fields = ['firstName', 'lastName', 'title', 'email', 'phone', 'mobilePhone', 'linkedinUrl'] as const;

  it('fills empty fields, keeps equal ones, reports conflicts, and overwrites only what it is told', () => {
    const current = { firstName: 'Jane', lastName: 'Doe', title: 'VP Sales', email: 'JANE@acme.com' };
    const proposed = personValuesFromInput({
      firstName: 'Jane',
      lastName: 'Doe',
      title: 'Chief Revenue Officer',
      emails: ['jane@acme.com'],
      phones: [{ value: '+1 415 555 0100', label: 'work' }, { value: '+1 415 555 0199', label: 'mobile' }],
      linkedinUrl: 'linkedin.com/in/janedoe/',
    });
    const diffs = diffPerson(current, proposed, fields);
    expect(Object.fromEntries(diffs.map((d) => [d.field, d.action]))).toEqual({
      firstName: 'same',
      lastName: 'same',
      title: 'conflict',
      email: 'same',
      phone: 'fill',
      mobilePhone: 'fill',
      linkedinUrl: 'fill',
    });
    expect(writtenFields(diffPerson(current, proposed, fields, ['title']))).toEqual(['title', 'phone', 'mobilePhone', 'linkedinUrl']);
  });

  it('merges list fields whole, keeping what the CRM had first', () => {
    const diffs = diffPerson({ emails: ['a@x.com'], phones: ['+1 (415) 555-0100'] }, { emails: ['A@x.com', 'b@x.com'], phones: ['+14155550100'] }, ['emails', 'phones']);
    expect(diffs).toEqual([
      { field: 'emails', current: ['a@x.com'], proposed: ['a@x.com', 'b@x.com'], action: 'merge' },
      { field: 'phones', current: ['+1 (415) 555-0100'], proposed: ['+1 (415) 555-0100'], action: 'same' },
    ]);
  });

  it('names the source with the day', () => {
    expect(sourceLine('Lusha', new Date('2026-11-20T10:00:00Z'))).toBe('from Sidecar, Lusha, 2026-11-20');
  });
});

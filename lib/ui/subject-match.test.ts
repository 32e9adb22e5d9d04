import { describe, expect, it } from 'vitest';
import type { ContactPreview } from '../domain/contact';
import { matchPreview, mismatchNote, personLine, sameCompany, sameName } from './subject-match';

const preview = (fields: Partial<ContactPreview>): ContactPreview => ({ provider: 'lusha', id: '1', departments: [], canReveal: [], has: {}, ...fields }) as ContactPreview;

describe('sameName', () => {
  it.each([
    ['accents and case', { fullName: 'José Álvarez' }, { firstName: 'jose', lastName: 'ALVAREZ' }],
    ['honorifics and credentials', { fullName: 'Dr. Henrike Albers-Voss, PhD' }, { fullName: 'Henrike Albers-Voss' }],
    ['a middle name', { fullName: 'Ana María Ruiz' }, { fullName: 'Ana Ruiz' }],
    ['a second surname', { firstName: 'Ana', lastName: 'Ruiz García' }, { fullName: 'Ana Ruiz' }],
    ['an initial', { fullName: 'J. Smith' }, { fullName: 'John Smith' }],
    ['a hyphen or an apostrophe', { fullName: 'Liam O’Brien' }, { fullName: "Liam O'Brien" }],
    ['nothing known on one side', {}, { fullName: 'Ana Ruiz' }],
  ])('agrees across %s', (_case, a, b) => {
    expect(sameName(a, b)).toBe(true);
  });

  it.each([
    ['another person', { fullName: 'Ana Ruiz' }, { fullName: 'Bo Lee' }],
    ['another first name', { fullName: 'Ana Ruiz' }, { fullName: 'Eva Ruiz' }],
    ['another last name', { fullName: 'Ana Ruiz' }, { fullName: 'Ana Romero' }],
  ])('disagrees with %s', (_case, a, b) => {
    expect(sameName(a, b)).toBe(false);
  });
});

describe('sameCompany', () => {
  it.each([
    ['legal forms and case', { companyName: 'Northwind Analytics Ltd.' }, { companyName: 'northwind analytics' }],
    ['a shorter name', { companyName: 'Northwind' }, { companyName: 'Northwind Analytics GmbH' }],
    ['accents', { companyName: 'Solsticio Energía' }, { companyName: 'Solsticio Energia S.L.' }],
    ['domains with www. and a subdomain', { companyDomain: 'https://www.northwind.example/' }, { companyDomain: 'eu.northwind.example' }],
    ['a domain beating a name', { companyName: 'NW', companyDomain: 'northwind.example' }, { companyName: 'Northwind Analytics', companyDomain: 'northwind.example' }],
    ['nothing known on one side', { companyName: 'Northwind' }, {}],
  ])('agrees across %s', (_case, a, b) => {
    expect(sameCompany(a, b)).toBe(true);
  });

  it.each([
    ['another name', { companyName: 'Northwind Analytics' }, { companyName: 'Contoso' }],
    ['another domain', { companyName: 'Northwind', companyDomain: 'northwind.example' }, { companyName: 'Northwind', companyDomain: 'contoso.example' }],
    ['a name sharing a word', { companyName: 'Northwind Analytics' }, { companyName: 'Southwind Analytics' }],
  ])('disagrees with %s', (_case, a, b) => {
    expect(sameCompany(a, b)).toBe(false);
  });
});

describe('matchPreview', () => {
  it('says what disagrees between the page and Lusha’s match', () => {
    const page = { fullName: 'Ana Ruiz', companyName: 'Contoso' };
    expect(matchPreview(page, preview({ fullName: 'Ana Ruiz', companyName: 'Contoso Ltd' }))).toEqual({ nameDiffers: false, companyDiffers: false });
    expect(matchPreview(page, preview({ fullName: 'Ana Ruiz', companyName: 'Northwind Analytics' }))).toEqual({ nameDiffers: false, companyDiffers: true });
    expect(matchPreview(page, preview({ firstName: 'Bo', lastName: 'Lee', companyName: 'Contoso' }))).toEqual({ nameDiffers: true, companyDiffers: false });
  });

  it('writes a person as "Name at Company"', () => {
    expect(personLine({ fullName: 'Ana Ruiz', companyName: 'Contoso' })).toBe('Ana Ruiz at Contoso');
    expect(personLine({ firstName: 'Ana', lastName: 'Ruiz' })).toBe('Ana Ruiz');
    expect(personLine({ companyDomain: 'contoso.example' })).toBe('someone at contoso.example');
  });
});

describe('mismatchNote', () => {
  const found = preview({ fullName: 'Ana Ruiz', companyName: 'Northwind Analytics' });
  it('names both sides when Lusha’s match is at another company than the page shows', () => {
    const subject = { lookup: { kind: 'linkedin-profile' as const, linkedinUrl: 'https://www.linkedin.com/in/ana' }, entity: { type: 'contact' as const, fullName: 'Ana Ruiz', companyName: 'Contoso', confidence: 0.9 }, source: 'page' as const };
    expect(mismatchNote(subject, found)).toBe('Lusha’s match: Ana Ruiz at Northwind Analytics; this page: Ana Ruiz at Contoso.');
    expect(mismatchNote({ ...subject, entity: { ...subject.entity, companyName: 'Northwind Analytics Ltd' } }, found)).toBeUndefined();
  });

  it('compares a typed "First Last at Company" too, and says nothing when there is nothing to compare', () => {
    const typed = { lookup: { kind: 'name' as const, firstName: 'Bo', lastName: 'Lee', companyName: 'Northwind' }, source: 'typed' as const };
    expect(mismatchNote(typed, found)).toBe('Lusha’s match: Ana Ruiz at Northwind Analytics; you asked for: Bo Lee at Northwind.');
    expect(mismatchNote({ lookup: { kind: 'email', email: 'a@b.example' }, source: 'typed' }, found)).toBeUndefined();
    expect(mismatchNote(null, found)).toBeUndefined();
  });
});

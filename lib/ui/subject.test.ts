import { describe, expect, it } from 'vitest';
import type { TabState } from '../messaging/protocol';
import { dealOrganization, isListPage, listedPeople, pageCompany, readingPage, subjectOf } from './subject';

const ana = { type: 'contact' as const, fullName: 'Ana Ruiz', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz', confidence: 0.9 };
const bo = { type: 'contact' as const, fullName: 'Bo Lee', linkedinUrl: 'https://www.linkedin.com/in/bo-lee', confidence: 0.8 };

function tab(page: TabState['page'], requested?: TabState['requested']): TabState {
  return { tabId: 1, page, requested, updatedAt: 1 };
}

describe('subjectOf', () => {
  it('takes a profile page’s subject, and the user’s own request over it', () => {
    const state = tab({ url: 'u', kind: 'linkedin-profile', entities: [ana] });
    expect(subjectOf(state)?.lookup).toEqual({ kind: 'linkedin-profile', linkedinUrl: ana.linkedinUrl });
    const requested = tab(state.page, { lookup: { kind: 'email', email: 'x@y.example' }, source: 'selection', at: 1 });
    expect(subjectOf(requested)).toMatchObject({ lookup: { kind: 'email' }, source: 'selection' });
  });

  it('on a list page, looks up nobody until a row is chosen', () => {
    const state = tab({ url: 'u', kind: 'linkedin-search', entities: [ana, bo] });
    expect(isListPage('linkedin-search')).toBe(true);
    expect(listedPeople(state)).toHaveLength(2);
    expect(subjectOf(state)).toBeNull();
    expect(subjectOf(state, 1)?.entity?.fullName).toBe('Bo Lee');
  });

  it('shows a company page’s company, with no person to look up', () => {
    const state = tab({ url: 'u', kind: 'linkedin-company', entities: [{ type: 'company', name: 'Northwind', confidence: 0.9 }] });
    expect(subjectOf(state)).toBeNull();
    expect(pageCompany(state)?.name).toBe('Northwind');
  });
});

describe('readingPage', () => {
  it('is a record page that has shown only its URL so far', () => {
    const hubspot = { url: 'u', kind: 'hubspot-contact' as const, entities: [{ type: 'contact' as const, crmId: '51', confidence: 0.3 }] };
    expect(readingPage(tab(hubspot))).toBe(true);
    expect(readingPage(tab({ ...hubspot, entities: [] }))).toBe(true);
    expect(readingPage(tab({ ...hubspot, entities: [{ ...hubspot.entities[0]!, fullName: 'Ana Ruiz' }] }))).toBe(false);
    // Lists, pages no extractor claims, and what the user asked about are not waiting for the page.
    expect(readingPage(tab({ url: 'u', kind: 'linkedin-search', entities: [] }))).toBe(false);
    expect(readingPage(tab({ url: 'u', kind: 'unknown', entities: [] }))).toBe(false);
    expect(readingPage(tab(hubspot, { lookup: { kind: 'email', email: 'x@y.example' }, source: 'typed', at: 1 }))).toBe(false);
  });
});

describe('dealOrganization', () => {
  it('is the organization of a Pipedrive deal about a person, shown after them', () => {
    const org = { type: 'company' as const, name: 'Tidewater', domain: 'tidewater.example', confidence: 0.75 };
    const deal = { url: 'u', kind: 'pipedrive-deal' as const, entities: [ana, org] };
    expect(dealOrganization(tab(deal))).toEqual(org);
    expect(subjectOf(tab(deal))?.entity?.fullName).toBe('Ana Ruiz');
    // A deal with no person is about its organization alone (the company view); other pages have no deal.
    expect(dealOrganization(tab({ ...deal, entities: [org] }))).toBeUndefined();
    expect(pageCompany(tab({ ...deal, entities: [org] }))).toEqual(org);
    expect(dealOrganization(tab({ ...deal, kind: 'linkedin-profile' }))).toBeUndefined();
  });
});

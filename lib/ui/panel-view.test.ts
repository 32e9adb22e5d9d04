import { describe, expect, it } from 'vitest';
import type { ContactLookupResult } from '../domain/contact';
import type { TabState } from '../messaging/protocol';
import { panelView, requestNote, type PanelViewInput } from './panel-view';
import { subjectOf } from './subject';

const ana = { type: 'contact' as const, fullName: 'Ana Ruiz', linkedinUrl: 'https://www.linkedin.com/in/ana-ruiz', confidence: 0.9 };
const bo = { type: 'contact' as const, fullName: 'Bo Lee', linkedinUrl: 'https://www.linkedin.com/in/bo-lee', confidence: 0.8 };
const northwind = { type: 'company' as const, name: 'Northwind', domain: 'northwind.example', confidence: 0.9 };
const found: ContactLookupResult = { status: 'found', preview: { id: 'c-1', fullName: 'Ana Ruiz', canReveal: [], has: [] } } as unknown as ContactLookupResult;

function tab(page: TabState['page'], extra: Partial<TabState> = {}): TabState {
  return { tabId: 1, page, updatedAt: 1, ...extra };
}

/** The view for a tab as the panel computes it: the subject from the tab (and the chosen row), then the view. */
function viewOf(state: TabState | undefined, rest: Partial<PanelViewInput> = {}) {
  return panelView({ overlay: undefined, tab: state, subject: subjectOf(state, rest.selectedRow), ...rest });
}

describe('panelView', () => {
  it('shows what the user opened over anything the page holds', () => {
    const profile = tab({ url: 'u', kind: 'linkedin-profile', entities: [ana] });
    expect(viewOf(profile, { overlay: 'whats-new' })).toEqual({ kind: 'whats-new' });
    expect(viewOf(profile, { overlay: 'history' })).toEqual({ kind: 'history' });
  });

  it('follows a person from looking up to found, or to what Lusha said instead', () => {
    const profile = tab({ url: 'u', kind: 'linkedin-profile', entities: [ana] });
    expect(viewOf(profile)).toMatchObject({ kind: 'person', subject: { source: 'page', entity: ana }, stage: { kind: 'looking-up' }, crmRecord: false });
    expect(viewOf(profile, { result: found })).toMatchObject({ kind: 'person', stage: { kind: 'found', result: found } });
    expect(viewOf(profile, { result: { status: 'restricted' } as ContactLookupResult })).toMatchObject({ kind: 'person', stage: { kind: 'no-person', result: { status: 'restricted' } } });
  });

  it('on a list page: the people (or the companies), then a chosen row with the way back', () => {
    const search = tab({ url: 'u', kind: 'linkedin-search', entities: [ana, bo] });
    expect(viewOf(search)).toEqual({ kind: 'people-list', people: [ana, bo] });
    expect(viewOf(search, { selectedRow: 1 })).toMatchObject({ kind: 'person', subject: { entity: bo }, fromList: { count: 2 } });
    const accounts = tab({ url: 'u', kind: 'salesnav-search', entities: [northwind] });
    expect(viewOf(accounts)).toEqual({ kind: 'company-list', companies: [northwind] });
    // An empty list is still the list (it says nobody was read), not "nobody here".
    expect(viewOf(tab({ url: 'u', kind: 'linkedin-search', entities: [] }))).toEqual({ kind: 'people-list', people: [] });
  });

  it('a company: the page’s own, or the one the user asked for over a list', () => {
    expect(viewOf(tab({ url: 'u', kind: 'linkedin-company', entities: [northwind] }))).toEqual({ kind: 'company', company: northwind });
    const asked = tab(
      { url: 'u', kind: 'salesnav-search', entities: [northwind] },
      { requested: { lookup: { kind: 'domain', domain: 'northwind.example' }, source: 'list', at: 1, company: northwind } },
    );
    expect(viewOf(asked)).toMatchObject({ kind: 'company', company: { name: 'Northwind' } });
    expect(requestNote(asked, viewOf(asked))).toEqual({ source: 'list', canGoBack: true });
  });

  it('a CRM record page names its record; a Pipedrive deal brings its organization after the person', () => {
    const hubspot = tab({ url: 'u', kind: 'hubspot-contact', entities: [{ ...ana, crmId: '51' }] });
    expect(viewOf(hubspot)).toMatchObject({ kind: 'person', crmRecord: true });
    const org = { type: 'company' as const, name: 'Tidewater', domain: 'tidewater.example', confidence: 0.75 };
    expect(viewOf(tab({ url: 'u', kind: 'pipedrive-deal', entities: [ana, org] }))).toMatchObject({ kind: 'person', crmRecord: true, dealOrganization: org });
  });

  it('a record page not yet rendered is being read; elsewhere nobody is there, or the selection was not a lookup', () => {
    expect(viewOf(tab({ url: 'u', kind: 'hubspot-contact', entities: [] }))).toEqual({ kind: 'reading-page' });
    expect(viewOf(tab({ url: 'u', kind: 'unknown', entities: [] }))).toEqual({ kind: 'idle' });
    expect(viewOf(undefined)).toEqual({ kind: 'idle' });
    expect(viewOf(tab({ url: 'u', kind: 'unknown', entities: [] }, { unrecognizedSelection: 'hello there' }))).toEqual({ kind: 'idle', unrecognized: 'hello there' });
  });
});

describe('requestNote', () => {
  it('says what the user asked about, with the way back only where the page has a subject of its own', () => {
    const typed = { lookup: { kind: 'email' as const, email: 'vera@acme.example' }, source: 'typed' as const, at: 1 };
    const onProfile = tab({ url: 'u', kind: 'linkedin-profile', entities: [ana] }, { requested: typed });
    expect(requestNote(onProfile, viewOf(onProfile))).toEqual({ source: 'typed', canGoBack: true });
    const elsewhere = tab({ url: 'u', kind: 'unknown', entities: [] }, { requested: typed });
    expect(requestNote(elsewhere, viewOf(elsewhere))).toEqual({ source: 'typed', canGoBack: false });
    // The page's own subject, or an overlay, has no note.
    const profile = tab({ url: 'u', kind: 'linkedin-profile', entities: [ana] });
    expect(requestNote(profile, viewOf(profile))).toBeUndefined();
    expect(requestNote(onProfile, viewOf(onProfile, { overlay: 'history' }))).toBeUndefined();
  });
});

/**
 * What the side panel is showing, and why: one value computed from the tab's state, the panel's own choices (What's
 * new, History, a row opened from a list) and the lookup's progress. The panel renders it with one switch, so no view
 * depends on a chain of conditions spread over the markup, and each state can be tested without a browser.
 */
import type { ContactLookupResult } from '../domain/contact';
import type { CompanyEntity, ContactEntity } from '../domain/page-context';
import type { TabState } from '../messaging/protocol';
import { dealOrganization, isListPage, listedCompanies, listedPeople, pageCompany, readingPage, type Subject } from './subject';

/** What the user opened over the page's own view. */
export type Overlay = 'whats-new' | 'history' | undefined;

/** Where a person's lookup stands. */
export type PersonStage =
  /** No answer yet: looking up, or waiting for the user (a price to accept, a company to name, an error to retry). */
  | { kind: 'looking-up' }
  | { kind: 'found'; result: Extract<ContactLookupResult, { status: 'found' }> }
  /** Lusha answered without a person: not known, restricted (compliance) or failed. Nothing was charged. */
  | { kind: 'no-person'; result: Exclude<ContactLookupResult, { status: 'found' }> };

export type PanelView =
  | { kind: 'whats-new' }
  | { kind: 'history' }
  /** A people search: every row with its status, bulk actions. */
  | { kind: 'people-list'; people: ContactEntity[] }
  /** A Sales Navigator account search: the companies, each to open. */
  | { kind: 'company-list'; companies: CompanyEntity[] }
  /** A company: the page's own, or one the user asked for. */
  | { kind: 'company'; company: CompanyEntity }
  /** A record page that has shown only its URL so far (it is read again the moment it renders). */
  | { kind: 'reading-page' }
  /** Nobody to look up here (`unrecognized`: the selection the user asked about was not a lookup). */
  | { kind: 'idle'; unrecognized?: string }
  | {
      kind: 'person';
      subject: Subject;
      stage: PersonStage;
      /** Opened from a list page's row: the way back names how many people the list holds. */
      fromList?: { count: number };
      /** On a CRM record page about this person (its record is shown with the person). */
      crmRecord: boolean;
      /** A Pipedrive deal about this person: its organization, shown after the person. */
      dealOrganization?: CompanyEntity;
    };

export interface PanelViewInput {
  overlay: Overlay;
  tab?: TabState;
  subject: Subject | null;
  result?: ContactLookupResult;
  selectedRow?: number;
}

const CRM_PAGE = /^(hubspot|salesforce|pipedrive)-/;

function personStage(result: ContactLookupResult | undefined): PersonStage {
  if (!result) return { kind: 'looking-up' };
  return result.status === 'found' ? { kind: 'found', result } : { kind: 'no-person', result };
}

/** The panel's view for this state. */
export function panelView({ overlay, tab, subject, result, selectedRow }: PanelViewInput): PanelView {
  if (overlay) return { kind: overlay };
  const listPage = isListPage(tab?.page?.kind);
  if (subject) {
    const deal = dealOrganization(tab);
    return {
      kind: 'person',
      subject,
      stage: personStage(result),
      ...(listPage && selectedRow !== undefined ? { fromList: { count: listedPeople(tab).length } } : {}),
      crmRecord: CRM_PAGE.test(tab?.page?.kind ?? '') && subject.source === 'page' && subject.entity !== undefined,
      ...(deal ? { dealOrganization: deal } : {}),
    };
  }
  const company = pageCompany(tab);
  // A company the user asked for wins over the list the page shows.
  if (company && (tab?.requested || !listPage)) return { kind: 'company', company };
  if (listPage) {
    const people = listedPeople(tab);
    const companies = listedCompanies(tab);
    return companies.length > 0 && people.length === 0 ? { kind: 'company-list', companies } : { kind: 'people-list', people };
  }
  if (readingPage(tab)) return { kind: 'reading-page' };
  return { kind: 'idle', ...(tab?.unrecognizedSelection ? { unrecognized: tab.unrecognizedSelection } : {}) };
}

/**
 * What the user asked about (a selection, a link, a typed lookup, a list's company), said above the view with the way
 * back to the page; undefined when the panel shows the page's own subject.
 */
export function requestNote(tab: TabState | undefined, view: PanelView): { source: NonNullable<TabState['requested']>['source']; canGoBack: boolean } | undefined {
  const requested = tab?.requested;
  if (!requested) return undefined;
  const shown = view.kind === 'person' ? view.subject.source !== 'page' : view.kind === 'company';
  return shown ? { source: requested.source, canGoBack: tab?.page !== undefined && tab.page.kind !== 'unknown' } : undefined;
}

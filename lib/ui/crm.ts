/**
 * The panel's and options' view of the connected CRM: its status (followed through the background's notices), the
 * "in your CRM" answer for the people and companies on screen (free, cached by the background), and the small rules
 * the views share (which match is the person's, how a CRM's value is shown on a reveal button).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { browser } from '#imports';
import type { ContactPreview, RevealedData, RevealField } from '../domain/contact';
import type { CrmCompanyQuery, CrmMatch, CrmName, CrmPersonInput, CrmPersonQuery, CrmRecord } from '../domain/crm';
import { companyFrom, personInputFrom, personQuery } from '../domain/crm-input';
import type { CrmSaveCompany, CrmWriteView } from '../domain/crm-save';
import type { CompanyEntity, ContactEntity, Lookup, PageKind } from '../domain/page-context';
import { crmHostPatterns, type CrmHostInput } from '../domain/crm-hosts';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import { sendMessage } from '../messaging/client';
import type { CrmConnectInput, CrmFindOutput, CrmStatus } from '../messaging/crm';
import { useBroadcasts } from './broadcasts';
import { errorData } from './paid-action';

export const CRM_LABEL: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };

/** What a record is called in each CRM, for buttons ("Create contact"). */
export const CRM_PERSON_NOUN: Record<CrmName, string> = { hubspot: 'contact', salesforce: 'contact', pipedrive: 'person' };

/** The connected CRM, kept current as connections and writes change. */
export function useCrmStatus(): { status?: CrmStatus; reload(): void } {
  const [status, setStatus] = useState<CrmStatus>();
  const reload = useCallback(() => {
    void sendMessage('getCrmStatus', {}).then(setStatus, () => undefined);
  }, []);
  useEffect(reload, [reload]);
  useBroadcasts(useCallback((message) => (message.event === 'crmChanged' || message.event === 'keysChanged') && reload(), [reload]));
  return { status, reload };
}

export interface CrmFindState {
  result?: CrmFindOutput;
  error?: SidecarErrorData;
  loading: boolean;
  reload(fresh?: boolean): void;
}

/** "In your CRM" for these people and companies; nothing is asked while no CRM is connected. */
export function useCrmFind(connected: boolean, people: CrmPersonQuery[], companies: CrmCompanyQuery[] = []): CrmFindState {
  const key = JSON.stringify([people, companies]);
  const [state, setState] = useState<{ key?: string; result?: CrmFindOutput; error?: SidecarErrorData; loading: boolean }>({ loading: false });
  const load = useCallback(
    (fresh = false) => {
      const [p, c] = JSON.parse(key) as [CrmPersonQuery[], CrmCompanyQuery[]];
      if (!connected || (p.length === 0 && c.length === 0)) {
        setState({ loading: false });
        return;
      }
      setState((current) => ({ ...(current.key === key ? current : {}), key, loading: true, error: undefined }));
      sendMessage('findInCrm', { people: p.slice(0, 100), companies: c.slice(0, 100), fresh }).then(
        (result) => setState((current) => (current.key === key ? { key, result, loading: false } : current)),
        (error: unknown) => setState((current) => (current.key === key ? { key, error: errorData(error), loading: false } : current)),
      );
    },
    [connected, key],
  );
  useEffect(() => load(false), [load]);
  return { result: state.key === key ? state.result : undefined, error: state.key === key ? state.error : undefined, loading: state.loading, reload: load };
}

/** The record that is this person (a definite match), and the namesakes shown as possible. */
export function matchesFor(matches: CrmMatch[] | undefined, ref: string): { match?: CrmMatch; possible: CrmMatch[] } {
  const mine = (matches ?? []).filter((m) => m.ref === ref);
  return { match: mine.find((m) => !m.possible), possible: mine.filter((m) => m.possible) };
}

/** `vera@…`: enough of a CRM's value to recognise it on a button, without spelling it out twice. */
export function glimpse(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) return `${value.slice(0, at)}@…`;
  const digits = value.replace(/\s+/g, ' ').trim();
  return digits.length > 9 ? `${digits.slice(0, 8)}…` : digits;
}

/** The memoised list of one query (a hook's dependency stays the same while the query does). */
export function useQueries<T>(items: (T | undefined)[]): T[] {
  const key = JSON.stringify(items);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by content
  return useMemo(() => items.filter((item): item is T => item !== undefined), [key]);
}

/** The CRM hosts a build was pointed at (stand-ins); empty in the store build. */
const CRM_OVERRIDES = {
  hubspot: import.meta.env.WXT_HUBSPOT_BASE_URL,
  pipedrive: import.meta.env.WXT_PIPEDRIVE_BASE_URL,
  salesforce: import.meta.env.WXT_SALESFORCE_LOGIN_URL,
} as const;

/**
 * Asks the browser for a CRM's hosts. Must run in the click that connects (a permission prompt needs the user's
 * gesture), before anything is awaited. Resolves false when the user declines.
 */
export function requestCrmHosts(input: Omit<CrmHostInput, 'override'>): Promise<boolean> {
  const origins = crmHostPatterns({ ...input, override: CRM_OVERRIDES[input.crm] });
  return browser.permissions.request({ origins }).catch(() => false);
}

/** The callback URL the org's External Client App must list for Salesforce's sign-in. */
export function salesforceCallbackUrl(): string {
  try {
    return browser.identity.getRedirectURL('salesforce');
  } catch {
    return '';
  }
}

/**
 * Connects a CRM from the options page: first the browser's permission for its hosts (in the click: this must be the
 * first thing the click does), then the background's check with a free call.
 */
export async function connectCrm(input: CrmConnectInput): Promise<CrmStatus> {
  const granted = await requestCrmHosts(
    input.crm === 'salesforce' ? { crm: 'salesforce', ...(input.loginHost === 'my-domain' ? { myDomain: input.myDomain } : {}), sandbox: input.loginHost === 'sandbox' } : { crm: input.crm },
  );
  if (!granted) {
    throw new SidecarError({ kind: 'forbidden', reason: 'host-permission', message: `Sidecar cannot reach ${CRM_LABEL[input.crm]} without your permission. Connect again and choose Allow.` });
  }
  return sendMessage('connectCrm', input);
}

export interface CrmRecordState {
  record?: CrmRecord;
  error?: SidecarErrorData;
  loading: boolean;
  reload(): void;
}

/** The CRM record a CRM page shows, read fresh from the CRM (free); only for the connected CRM's own pages. */
export function useCrmRecord(id: string | undefined, pageUrl: string | undefined): CrmRecordState {
  const [state, setState] = useState<{ key?: string; record?: CrmRecord; error?: SidecarErrorData; loading: boolean }>({ loading: false });
  const key = id ? `${id}|${pageUrl ?? ''}` : undefined;
  const load = useCallback(() => {
    if (!id || !key) {
      setState({ loading: false });
      return;
    }
    setState((current) => ({ ...(current.key === key ? current : {}), key, loading: true, error: undefined }));
    sendMessage('getCrmRecord', { id, ...(pageUrl ? { pageUrl } : {}) }).then(
      (record) => setState((current) => (current.key === key ? { key, record, loading: false } : current)),
      (error: unknown) => setState((current) => (current.key === key ? { key, error: errorData(error), loading: false } : current)),
    );
  }, [id, key, pageUrl]);
  useEffect(load, [load]);
  return { record: state.key === key ? state.record : undefined, error: state.key === key ? state.error : undefined, loading: state.loading, reload: load };
}

/** The CRM a page belongs to, from its kind (`hubspot-contact` → hubspot). */
export function crmOfPage(kind: PageKind | undefined): CrmName | undefined {
  const name = kind?.split('-')[0];
  return name === 'hubspot' || name === 'salesforce' || name === 'pipedrive' ? name : undefined;
}

export interface CrmPerson {
  status?: CrmStatus;
  label?: string;
  find: CrmFindState;
  /** On the connected CRM's own record page: that record. */
  page?: CrmRecordState;
  match?: CrmMatch;
  /** What the CRM already holds that a reveal would buy (shown on the reveal button). */
  has: Partial<Record<RevealField, string>>;
  /** What Sidecar would save about this person. */
  person?: CrmPersonInput;
  company?: CrmSaveCompany;
}

/**
 * The person in front of the user, in the connected CRM: on a record page of that CRM, the record itself; anywhere
 * else, the record found by email, LinkedIn URL or name and company.
 */
export function useCrmPerson(
  status: CrmStatus | undefined,
  input: { entity?: ContactEntity; lookup?: Lookup; preview?: ContactPreview; revealed?: RevealedData; page?: { kind: PageKind; url: string } },
): CrmPerson {
  const connected = status?.connected === true;
  const onOwnPage = connected && status?.crm !== undefined && crmOfPage(input.page?.kind) === status.crm && input.entity?.crmId !== undefined;
  const person = input.entity || input.preview ? personInputFrom(input.entity, input.preview, input.revealed) : undefined;
  const lookup = input.lookup;
  const query = personQuery('subject', {
    email: person?.emails?.[0] ?? (lookup?.kind === 'email' ? lookup.email : undefined),
    linkedinUrl: person?.linkedinUrl ?? (lookup?.kind === 'linkedin-profile' ? lookup.linkedinUrl : undefined),
    firstName: person?.firstName ?? (lookup?.kind === 'name' ? lookup.firstName : undefined),
    lastName: person?.lastName ?? (lookup?.kind === 'name' ? lookup.lastName : undefined),
    companyName: person?.companyName ?? (lookup?.kind === 'name' ? lookup.companyName : undefined),
    companyDomain: person?.companyDomain,
  });
  const queries = useQueries([onOwnPage ? undefined : query]);
  const find = useCrmFind(connected && !onOwnPage, queries);
  const page = useCrmRecord(onOwnPage ? input.entity?.crmId : undefined, input.page?.url);
  const match = onOwnPage ? (page.record ? { ref: 'subject', by: 'email' as const, possible: false, record: page.record } : undefined) : matchesFor(find.result?.people, 'subject').match;
  const has: Partial<Record<RevealField, string>> = {};
  if (match?.record.emails[0]) has.emails = match.record.emails[0];
  if (match?.record.phones[0]) has.phones = match.record.phones[0].value;
  return {
    status,
    label: status?.crm ? CRM_LABEL[status.crm] : undefined,
    find,
    ...(onOwnPage ? { page } : {}),
    ...(match ? { match } : {}),
    has,
    ...(person ? { person, company: companyFrom(person) } : {}),
  };
}

/** The people of a list page in the CRM: one batched find for everyone on it (free), and each row's matches. */
export function useCrmList(status: CrmStatus | undefined, people: ContactEntity[]): { find: CrmFindState; matchesOf(index: number): CrmMatch[]; reload(): void } {
  const queries = useQueries(people.map((p, index) => personQuery(`row-${index}`, { email: p.email, linkedinUrl: p.linkedinUrl, firstName: p.firstName, lastName: p.lastName, companyName: p.companyName, companyDomain: p.companyDomain })));
  const find = useCrmFind(status?.connected === true, queries);
  const people_ = find.result?.people;
  const matchesOf = useCallback((index: number) => (people_ ?? []).filter((m) => m.ref === `row-${index}`), [people_]);
  const { reload: findAgain } = find;
  const reload = useCallback(() => findAgain(true), [findAgain]);
  return { find, matchesOf, reload };
}

/** A company (a company page, a CRM account, a typed domain) in the CRM: by domain, else by name. */
export function useCrmCompany(status: CrmStatus | undefined, company: CompanyEntity | undefined): CrmFindState {
  const query = company && (company.domain || company.name) ? { ref: 'company', ...(company.domain ? { domain: company.domain } : {}), ...(company.name ? { name: company.name } : {}) } : undefined;
  return useCrmFind(status?.connected === true, [], useQueries([query]));
}

/** One write, kept current as the outbox works on it (it may wait out a rate limit, then go). */
export function useFollowedWrite(initial: CrmWriteView | undefined): [CrmWriteView | undefined, (write: CrmWriteView) => void] {
  const [write, setWrite] = useState(initial);
  const id = write?.id;
  const refresh = useCallback(() => {
    if (!id) return;
    void sendMessage('getCrmOutbox', {}).then((all) => {
      const found = all.find((w) => w.id === id);
      if (found) setWrite(found);
    }, () => undefined);
  }, [id]);
  useBroadcasts(useCallback((message) => message.event === 'crmChanged' && refresh(), [refresh]));
  // A write waiting for its next attempt is looked at again when that time comes (a broadcast may be missed).
  useEffect(() => {
    if (write?.state !== 'pending') return;
    const timer = setTimeout(refresh, Math.max(500, Math.min(10_000, (write.nextAttemptAt ?? Date.now()) - Date.now() + 300)));
    return () => clearTimeout(timer);
  }, [write, refresh]);
  return [write, setWrite];
}

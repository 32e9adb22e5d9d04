/**
 * Sales Navigator (page-recognition.md §2.3): lead pages (`/sales/lead/<id>,NAME_SEARCH,<token>`), account pages
 * (`/sales/company/<id>`) and lead/account search and list pages (`/sales/search/…`, `/sales/lists/…`). The hooks are
 * `data-anonymize` attributes (stable 2020–2026); classes are hashed. The signed-in user (nav), "similar leads" and
 * "similar accounts" (sidebars) and company hover cards (tooltips) are page chrome and never read.
 */
import { textLines } from './dom';
import { canonicalLinkedInCompanyUrl, isLinkedInHost, toHttpUrl } from '../domain/normalize';
import { CHROME, companyOf, draft, finish, hrefIn, mainOf, put, putName, record, rows, shown, SIZE_RE, valueOf, type Draft } from './read';
import type { Extractor } from './types';
import { DATE_LINE_RE, PRESENT_RE } from './linkedin/profile/selectors';

const LEAD_PATH_RE = /^\/sales\/(?:lead|people)\/(AC[\w-]{10,})(?=[,/]|$)/;
const anon = (name: string): string => `[data-anonymize="${name}"]`;
const ROW = 'li, tr, article, [role="row"]';
const SALES_COMPANY = 'a[href*="/sales/company/"]';
/** Contact and company fields by `data-anonymize` value. */
const LEAD = /* @__PURE__ */ rows('title title|title job-title|companyName company-name|location location');
const ACCOUNT = /* @__PURE__ */ rows('industry industry|location location|size company-size');

/** `https://www.linkedin.com/sales/lead/<first comma part>`, or null. */
export function canonicalSalesNavLeadUrl(href: string, base?: string): string | null {
  const url = toHttpUrl(href, base);
  const id = url && isLinkedInHost(url.hostname) ? LEAD_PATH_RE.exec(url.pathname)?.[1] : undefined;
  return id ? `https://www.linkedin.com/sales/lead/${id}` : null;
}

const salesnav = (kind: Extractor['kind'], path: RegExp, extract: Extractor['extract']): Extractor => ({
  kind,
  matches: (url) => isLinkedInHost(url.hostname) && path.test(url.pathname),
  extract,
});

/** Fills `d` from the `data-anonymize` elements of `scope` named by `table`. */
const fill = (d: Draft, table: ReturnType<typeof rows>, scope: Element, pageUrl: string) =>
  record(d, table, (name) => shown(scope, anon(name))[0], new Map(), pageUrl);

export const salesnavLeadExtractor = /* @__PURE__ */ salesnav('salesnav-lead', LEAD_PATH_RE, (doc, url) => {
  const main = mainOf(doc);
  const d = draft('contact');
  put(d, 'salesNavUrl', canonicalSalesNavLeadUrl(url.href), 'url');
  const name = shown(main, `h1${anon('person-name')}, h1 ${anon('person-name')}`)[0];
  const head = name?.closest('section, header') ?? main;
  putName(d, valueOf(name), 'dom-attr');
  // The current role: the first experience entry whose period ends "Present" (localised) or shows no date.
  const current = shown(main, '#experience-section li').find((entry) => {
    const text = textLines(entry).join(' ');
    return entry.querySelector(anon('job-title')) && (PRESENT_RE.test(text) || !DATE_LINE_RE.test(text));
  });
  put(d, 'location', valueOf(shown(head, anon('location'))[0]), 'dom-attr');
  if (current) fill(d, LEAD, current, url.href);
  // Until Experience renders, the headline stands in for the title: provisional, lower confidence.
  const provisional = put(d, 'title', valueOf(shown(head, anon('headline'))[0]), 'dom-attr');
  if (provisional) d.bonus = -0.1;
  // A public profile link is shown only once the lead's overflow menu has been opened in the header.
  put(d, 'linkedinUrl', hrefIn(shown(head, 'a[href*="/in/"]')[0], 'a', url.href), 'dom-attr');
  const company = hrefIn(current, SALES_COMPANY, url.href);
  return finish([d, companyOf(d, null, company && canonicalLinkedInCompanyUrl(company))], { provisional: provisional ? ['title'] : [] });
});

export const salesnavAccountExtractor = /* @__PURE__ */ salesnav('salesnav-account', /^\/sales\/company\/\d+/, (doc, url) => {
  const main = mainOf(doc);
  const name = shown(main, `h1${anon('company-name')}, h1 ${anon('company-name')}`)[0] ?? shown(main, anon('company-name'), `${CHROME}, ${ROW}`)[0];
  const head = name?.closest('header, section') ?? main;
  const d = draft('company');
  put(d, 'name', valueOf(name), 'dom-attr');
  put(d, 'linkedinUrl', canonicalLinkedInCompanyUrl(url.href), 'url');
  fill(d, ACCOUNT, head, url.href);
  put(d, 'domain', hrefIn(shown(head, 'a.view-website-link')[0], 'a', url.href), 'dom-class');
  put(d, 'size', textLines(head).find((line) => SIZE_RE.test(line)), 'heuristic');
  return finish([d]);
});

export const salesnavSearchExtractor = /* @__PURE__ */ salesnav('salesnav-search', /^\/sales\/(?:search|lists)\//, (doc, url) => {
  const main = mainOf(doc);
  // One row per outermost list item / table row holding a lead or account name, in page order.
  const found: Element[] = [];
  for (const el of shown(main, `${anon('person-name')}, ${anon('company-name')}`)) {
    let row = el.closest(ROW);
    for (let outer = row?.parentElement?.closest(ROW); outer && main.contains(outer); outer = outer.parentElement?.closest(ROW)) row = outer;
    if (row && !found.includes(row)) found.push(row);
  }
  return finish(
    found.map((row) => {
      const person = shown(row, anon('person-name'))[0];
      const d = draft(person ? 'contact' : 'company');
      if (person) {
        putName(d, valueOf(person), 'dom-attr');
        put(d, 'salesNavUrl', canonicalSalesNavLeadUrl(hrefIn(row, 'a[href*="/sales/lead/"], a[href*="/sales/people/"]', url.href) ?? ''), 'dom-attr');
        fill(d, LEAD, row, url.href);
        put(d, 'linkedinUrl', hrefIn(row, 'a[href*="/in/"]', url.href), 'dom-attr');
      } else if (put(d, 'name', valueOf(shown(row, anon('company-name'))[0]), 'dom-attr')) {
        fill(d, ACCOUNT, row, url.href);
        put(d, 'linkedinUrl', canonicalLinkedInCompanyUrl(hrefIn(row, SALES_COMPANY, url.href) ?? ''), 'dom-attr');
      }
      return d;
    }).filter((d) => d.v.fullName ?? d.v.name),
  );
});

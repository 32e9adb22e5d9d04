/**
 * Pipedrive person, organization and deal pages (`<company>.pipedrive.com/person|organization|deal/<id>`),
 * page-recognition.md §2.7. No public selectors are documented, so nothing here depends on class names: the URL id,
 * the page's `<h1>`, links by their shape (`/person/<id>`, `/organization/<id>`, `mailto:`, `tel:`), sections by their
 * heading ("Person", "Organization", localised) and field labels (Email, Phone, Website, Address…), then the document
 * title. The user menu (nav/banner), dialogs, tooltips, tabs and buttons are never read as fields.
 *
 * A deal page is about its contact person, then that person's organization: the deal's own title (the `<h1>`), its
 * owner, participants other than the person, and activity are not entities.
 */
import { CRM_LABELS, titleFallback } from './crm';
import { companyOf, draft, finish, hrefIn, labelled, labelTable, mainOf, put, putName, record, rows, setName, shown, valueOf, type Draft } from './read';
import type { Extractor } from './types';

const OFF = 'nav, [role="banner"], [role="dialog"], [role="tooltip"]';
const ORG = 'a[href*="/organization/"]';
const PERSON = 'a[href*="/person/"]';
/** Entity field, (no attribute), label key. */
const PERSON_TABLE = /* @__PURE__ */ rows('email - email|phone - phone|title - title|companyName - org');
const ORG_TABLE = /* @__PURE__ */ rows('domain - web|industry - industry|size - size|location - address|linkedinUrl - linkedin');
/** Headings of a deal page's sidebar sections. */
const SECTIONS = /* @__PURE__ */ labelTable({ person: 'person|contact person|personne|personne de contact|kontaktperson|persona|persona de contacto', org: 'organization|organisation|organización' });

const idIn = (href: string | undefined, kind: string): string | undefined => new RegExp(`/${kind}/(\\d+)`).exec(href ?? '')?.[1];

function pipedrive(kind: Extractor['kind'], page: string, extract: (main: Element, doc: Document, url: URL, id: string | undefined) => Draft[]): Extractor {
  const path = new RegExp(`^/${page}/(\\d+)(?:/|$)`);
  return {
    kind,
    matches: (url) => /(?:^|\.)pipedrive\.com$/.test(url.hostname) && path.test(url.pathname),
    extract: (doc, url) => finish(extract(mainOf(doc), doc, url, path.exec(url.pathname)?.[1])),
  };
}

/** A contact from `scope`: `name` as its name, then the fields labelled inside `scope`. */
function person(scope: Element, name: string | undefined, pageUrl: string): Draft {
  const d = draft('contact');
  putName(d, name, 'structure');
  const labels = labelled(scope.querySelectorAll('*'), scope, CRM_LABELS, OFF);
  record(d, PERSON_TABLE, () => undefined, labels, pageUrl);
  putName(d, valueOf(labels.get('name')), 'label');
  return d;
}

export const pipedrivePersonExtractor = /* @__PURE__ */ pipedrive('pipedrive-person', 'person', (main, doc, url, id) => {
  const h1 = shown(main, 'h1', OFF)[0];
  const d = draft('contact');
  put(d, 'crmId', id, 'url');
  putName(d, valueOf(h1), 'dom-attr');
  // The organisation link beside the heading (same parent), not any organisation linked elsewhere (deals, activity).
  const link = h1?.parentElement ? shown(h1.parentElement, ORG, OFF)[0] : undefined;
  put(d, 'companyName', valueOf(link), 'dom-attr');
  const labels = labelled(main.querySelectorAll('*'), main, CRM_LABELS, OFF);
  record(d, PERSON_TABLE, () => undefined, labels, url.href);
  putName(d, valueOf(labels.get('name')), 'label');
  titleFallback(d, doc, /pipedrive/i);
  const org = hrefIn(d.s.companyName === 'label' ? labels.get('org') : link, ORG, url.href);
  return [d, companyOf(d, idIn(org, 'organization'))];
});

export const pipedriveOrganizationExtractor = /* @__PURE__ */ pipedrive('pipedrive-organization', 'organization', (main, doc, url, id) => {
  const d = draft('company');
  put(d, 'crmId', id, 'url');
  put(d, 'name', valueOf(shown(main, 'h1', OFF)[0]), 'dom-attr');
  // The organisation's own fields; its people (a list of /person/ links) are not read.
  const labels = labelled(main.querySelectorAll('*'), main, CRM_LABELS, `${OFF}, ${PERSON}`);
  record(d, ORG_TABLE, () => undefined, labels, url.href);
  put(d, 'name', valueOf(labels.get('name') ?? labels.get('org')), 'label');
  titleFallback(d, doc, /pipedrive/i);
  return [d];
});

export const pipedriveDealExtractor = /* @__PURE__ */ pipedrive('pipedrive-deal', 'deal', (main, _doc, url) => {
  // Sidebar sections by their heading: "Person" (the deal's contact) and "Organization".
  const sections = new Map<string, Element>();
  for (const heading of shown(main, 'h2, h3, h4, [role="heading"]', OFF)) {
    const key = SECTIONS.get(valueOf(heading)?.toLowerCase() ?? '');
    const section = heading.closest('section') ?? heading.parentElement;
    if (key && section && !sections.has(key)) sections.set(key, section);
  }
  const personSection = sections.get('person');
  const orgSection = sections.get('org');
  const personLink = personSection && shown(personSection, PERSON, OFF)[0];
  const orgLink = (orgSection && shown(orgSection, ORG, OFF)[0]) ?? (personSection && shown(personSection, ORG, OFF)[0]);
  const contact = personSection ? person(personSection, valueOf(personLink), url.href) : draft('contact');
  put(contact, 'crmId', idIn(hrefIn(personLink, PERSON, url.href), 'person'), 'structure');
  const company = draft('company');
  if (setName(company, valueOf(orgLink), 'structure')) put(company, 'crmId', idIn(hrefIn(orgLink, ORG, url.href), 'organization'), 'structure');
  if (orgSection) record(company, ORG_TABLE, () => undefined, labelled(orgSection.querySelectorAll('*'), orgSection, CRM_LABELS, OFF), url.href);
  put(contact, 'companyName', company.v.name, 'structure');
  // A deal without a contact person is about its organization alone.
  return contact.v.fullName ? [contact, company] : [company];
});

/**
 * HubSpot contact (`0-1`) and company (`0-2`) records on any `app*.hubspot.com` host
 * (`/contacts/<portal>/record/<type>/<id>`, legacy `/contacts/<portal>/contact|company/<id>`), page-recognition.md §2.5.
 *
 * Only `data-test-id` / `data-selenium-test` hooks (classes are styled-components hashes): the record highlight
 * (`highlight-property-display-<prop>`) and the sidebar's `PROPERTIES_V3` cards (`property-input-<prop>`), then label
 * text inside those cards, then the document title. Association cards (`ASSOCIATION_V3`: the associated company's
 * `name` on a contact, associated contacts on a company), preview dialogs and nav chrome are never read.
 */
import { CRM_LABELS, titleFallback } from './crm';
import { companyOf, draft, finish, labelled, put, record, rows, setName, shown, valueOf } from './read';
import type { Extractor } from './types';

const PATH_RE = /^\/contacts\/\d+\/(?:record\/0-([12])|(contact|company))\/(\d+)(?:\/|$)/;

/** `[type, record id]`, or undefined. */
function parse(url: URL): ['contact' | 'company', string] | undefined {
  const m = /^app(?:-[a-z0-9]+)?\.hubspot\.com$/.test(url.hostname) ? PATH_RE.exec(url.pathname) : null;
  return m?.[3] ? [m[1] === '2' || m[2] === 'company' ? 'company' : 'contact', m[3]] : undefined;
}

/** Elements the record owns: in its highlight or properties cards, or in no card; never in association cards. */
const owned = (el: Element): boolean => /^(?:OBJECT_HIGHLIGHT|PROPERTIES_V3)?$/.test(el.closest('[data-card-type]')?.getAttribute('data-card-type') ?? '');

/** Entity field, internal property name, label key. */
const TABLE = {
  contact: /* @__PURE__ */ rows('email email email|title jobtitle title|phone phone phone|phone mobilephone -|companyName company org'),
  company: /* @__PURE__ */ rows('name name org|domain domain web|industry industry industry|size numberofemployees size|linkedinUrl linkedin_company_page -'),
};

function extractor(type: 'contact' | 'company'): Extractor {
  return {
    kind: `hubspot-${type}`,
    matches: (url) => parse(url)?.[0] === type,
    extract(doc, url) {
      const root = doc.body ?? doc.documentElement;
      const find = (selector: string) => shown(root, selector, '[role="dialog"], nav').find(owned);
      const d = draft(type);
      put(d, 'crmId', parse(url)?.[1], 'url');
      // hs_full_name_or_email shows the email when the contact has no name.
      const head = valueOf(find(`[data-test-id="highlight-property-display-${type === 'contact' ? 'hs_full_name_or_email' : 'name'}"]`) ?? find('[data-test-id="highlight-record-label"]'));
      setName(d, head, 'dom-attr');
      put(d, 'email', head, 'dom-attr');
      const labels = labelled(root.querySelectorAll('[data-card-type="PROPERTIES_V3"] *'), root, CRM_LABELS, '[role="dialog"]');
      record(d, TABLE[type], (prop) => find(`[data-test-id="highlight-property-display-${prop}"], [data-selenium-test="property-input-${prop}"]`), labels, url.href);
      titleFallback(d, doc, /hubspot/i);
      return finish([d, companyOf(d)]);
    },
  };
}

export const hubspotContactExtractor = /* @__PURE__ */ extractor('contact');
export const hubspotCompanyExtractor = /* @__PURE__ */ extractor('company');

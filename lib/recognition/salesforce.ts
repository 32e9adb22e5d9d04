/**
 * Salesforce Lightning Contact, Lead and Account record pages (`*.lightning.force.com/lightning/r/<Object>/<id>/view`,
 * or `/lightning/r/<id>/view` with the key prefix 003 / 00Q / 001), page-recognition.md §2.6.
 *
 * Lightning components render inside open shadow roots (native shadow) or, with synthetic shadow, in the light DOM a
 * content script sees: every query walks both (`deepAll`), so light-DOM fixtures and real shadow roots take the same
 * path. The console keeps hidden copies of other records (`hidden`, `aria-hidden`, `display:none` tabs): anything
 * under such a container is skipped, as are related lists and hover cards. Order: the highlights panel and
 * `[field-name]` output fields, then the page-header class, then localised field labels, then the title
 * "Name | Contact | Salesforce".
 */
import { CRM_LABELS, titleFallback } from './crm';
import { deepAll, deepClosest, hiddenSelf, parentOf } from './dom';
import { companyOf, draft, finish, hrefIn, labelled, put, record, rows, setName, valueOf } from './read';
import type { Extractor } from './types';

type SfObject = 'Contact' | 'Lead' | 'Account';
const PREFIX: Record<string, SfObject> = { '003': 'Contact', '00Q': 'Lead', '001': 'Account' };
const PATH_RE = /^\/lightning\/r\/(?:(Contact|Lead|Account)\/)?([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;

/** `[object, record id]`, or undefined. */
function parse(url: URL): [SfObject | undefined, string] | undefined {
  const m = /\.lightning\.force\.com$/.test(url.hostname) ? PATH_RE.exec(url.pathname) : null;
  return m?.[2] ? [(m[1] as SfObject | undefined) ?? PREFIX[m[2].slice(0, 3)], m[2]] : undefined;
}

/** Entity field, API field name, label key. */
const TABLE: Record<SfObject, ReturnType<typeof rows>> = {
  Contact: /* @__PURE__ */ rows('title Title title|email Email email|phone Phone phone|phone MobilePhone -|companyName AccountId org'),
  Lead: /* @__PURE__ */ rows('title Title title|companyName Company org|email Email email|phone Phone phone|companyDomain Website web'),
  Account: /* @__PURE__ */ rows('name Name org|domain Website web|industry Industry industry|size NumberOfEmployees size'),
};

/** Containers whose content is not this record's: related lists, hover cards, dialogs. */
const OFF_RE = /related-?list|hover-?(?:card|panel)|popover|dialog|tooltip/i;

function extractor(object: SfObject): Extractor {
  return {
    kind: `salesforce-${object.toLowerCase() as 'contact' | 'lead' | 'account'}`,
    matches: (url) => parse(url)?.[0] === object,
    extract(doc, url) {
      // Elements of the visible record: no hidden console tab, related list or hover card above them (shadow hosts included).
      const ok = new Map<Element, boolean>();
      const usable = (el: Element | null): boolean => {
        if (!el) return true;
        let result = ok.get(el);
        if (result === undefined) {
          result = !hiddenSelf(el) && !OFF_RE.test(`${el.localName} ${el.getAttribute('class')} ${el.getAttribute('role')}`) && usable(parentOf(el));
          ok.set(el, result);
        }
        return result;
      };
      const all = deepAll(doc).filter(usable);
      const find = (selector: string) => all.find((el) => el.matches(selector));
      const d = draft(object === 'Account' ? 'company' : 'contact');
      put(d, 'crmId', parse(url)?.[1], 'url');
      setName(d, valueOf(all.find((el) => el.matches('[slot="primaryField"], lightning-formatted-name') && deepClosest(el, 'records-highlights2, force-highlights2, .slds-page-header'))), 'dom-attr');
      setName(d, valueOf(find('[field-name="Name"]')), 'dom-attr');
      setName(d, valueOf(find('.slds-page-header__title')), 'dom-class');
      const labels = labelled(all, doc.documentElement, CRM_LABELS);
      record(d, TABLE[object], (api) => find(`[field-name="${api}"]`), labels, url.href);
      setName(d, valueOf(labels.get('name')), 'label');
      titleFallback(d, doc, /salesforce/i);
      // A contact's Account lookup links the account record (the link may sit in the lookup's own shadow root).
      const lookup = object === 'Contact' ? find('[field-name="AccountId"]') ?? labels.get('org') : undefined;
      const link = lookup && [lookup, ...deepAll(lookup)].find((el) => el.matches('a[href*="/lightning/r/"]'));
      return finish([d, companyOf(d, /\/(001[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)\//.exec(hrefIn(link, 'a', url.href) ?? '')?.[1])]);
    },
  };
}

export const salesforceContactExtractor = /* @__PURE__ */ extractor('Contact');
export const salesforceLeadExtractor = /* @__PURE__ */ extractor('Lead');
export const salesforceAccountExtractor = /* @__PURE__ */ extractor('Account');

/**
 * Pipedrive person pages (`<company>.pipedrive.com/person/<id>`), page-recognition.md §2.7. No public selectors are
 * documented, so nothing here depends on class names: the URL id, the page's `<h1>` and the organisation link beside
 * it, then localised field labels (Email, Phone, Organization, Job title…) with their `mailto:`/`tel:` values, then the
 * document title. The user menu (nav/banner), dialogs, tabs and buttons are never read as fields.
 */
import { CRM_LABELS, titleFallback } from './crm';
import { companyOf, draft, finish, hrefIn, labelled, mainOf, put, putName, record, rows, shown, valueOf } from './read';
import type { Extractor } from './types';

const OFF = 'nav, [role="banner"], [role="dialog"], [role="tooltip"]';
const ORG = 'a[href*="/organization/"]';
const TABLE = /* @__PURE__ */ rows('email - email|phone - phone|title - title|companyName - org');

export const pipedrivePersonExtractor: Extractor = {
  kind: 'pipedrive-person',
  matches: (url) => /(?:^|\.)pipedrive\.com$/.test(url.hostname) && /^\/person\/\d+(?:\/|$)/.test(url.pathname),
  extract(doc, url) {
    const main = mainOf(doc);
    const d = draft('contact');
    put(d, 'crmId', /\d+/.exec(url.pathname)?.[0], 'url');
    const h1 = shown(main, 'h1', OFF)[0];
    putName(d, valueOf(h1), 'dom-attr');
    // The organisation link beside the heading (same parent), not any organisation linked elsewhere (deals, activity).
    const link = h1?.parentElement ? shown(h1.parentElement, ORG, OFF)[0] : undefined;
    put(d, 'companyName', valueOf(link), 'dom-attr');
    const labels = labelled(main.querySelectorAll('*'), main, CRM_LABELS, OFF);
    record(d, TABLE, () => undefined, labels, url.href);
    putName(d, valueOf(labels.get('name')), 'label');
    titleFallback(d, doc, /pipedrive/i);
    const org = hrefIn(d.s.companyName === 'label' ? labels.get('org') : link, ORG, url.href);
    return finish([d, companyOf(d, /\/organization\/(\d+)/.exec(org ?? '')?.[1])]);
  },
};

/**
 * LinkedIn company page (`/company/<slug|id>/` and sub-routes `about/`, `people/`, `jobs/`…), logged out ("public":
 * JSON-LD Organization, `about-us__*` test ids), logged in ≤2025 ("legacy": `org-top-card-*` classes, About `<dl>`)
 * and logged in 2026 ("hashed": hashed classes, fields found by their localised label text).
 *
 * Identity: the URL. Structured data is used only when scoped to it (JSON-LD Organization whose `url` is the page,
 * Voyager Company whose `universalName`/id is the URL's), because "similar pages" and affiliated companies come first
 * in the document; the DOM is read in `<main>` outside sidebars, around the page's `<h1>`.
 */
import { documentTitle, visibleLines } from '../dom';
import { canonicalLinkedInCompanyUrl, isLinkedInHost } from '../../domain/normalize';
import { CHROME, draft, finish, labelled, labelTable, mainOf, put, read, record, rows, shown, SIZE_RE, valueOf, type Draft } from '../read';
import type { Strategy, Extractor } from '../types';
import { jsonLdNodes, list, str } from './profile/jsonld';
import { islandEntities, islandTexts } from './profile/voyager';

/** Follower and member counts in the top card's info line (EN, FR, DE, ES): never industry or location. */
const COUNT_RE = /\d.*(?:follower|abonné|seguidor|member|membre|mitglied|miembro)/i;
/** Entity field, `about-us__<key>` test id, label key. */
const TABLE = /* @__PURE__ */ rows('domain website web|industry industry industry|size size size|location headquarters hq');
/** About-section labels (EN, FR, DE, ES), 2026 hashed layout and ≤2025 `<dl>`. */
const LABELS = /* @__PURE__ */ labelTable({
  web: 'website|site web|webseite|sitio web',
  industry: 'industry|secteur|branche|sector',
  size: "company size|taille de l'entreprise|unternehmensgröße|tamaño de la empresa",
  hq: 'headquarters|siège social|hauptsitz|sede',
});

/** Industry, location and size from top-card info items, classified by content (their order varies). */
function infoItems(d: Draft, items: string[], strategy: Strategy): void {
  const rest = items.filter((item) => !SIZE_RE.test(item) && !COUNT_RE.test(item));
  put(d, 'size', items.find((item) => SIZE_RE.test(item)), strategy);
  put(d, 'industry', rest[0], strategy);
  put(d, 'location', rest[1], strategy);
}

export const linkedinCompanyExtractor: Extractor = {
  kind: 'linkedin-company',
  matches: (url) => isLinkedInHost(url.hostname) && /^\/company\/[^/]/.test(url.pathname) && canonicalLinkedInCompanyUrl(url.href) !== null,
  extract(doc, url) {
    const canonical = canonicalLinkedInCompanyUrl(url.href) ?? '';
    const id = canonical.slice(canonical.lastIndexOf('/') + 1);
    const d = draft('company');
    put(d, 'linkedinUrl', canonical, 'url');
    // The JSON-LD Organization that names this page (in `url` or `sameAs`); its other link is the website.
    const links = (node: Record<string, unknown>) => [...list(node.sameAs), node.url].map(str).filter((href): href is string => href !== undefined);
    const org = jsonLdNodes(doc).find((node) => /Organization|Corporation/.test(list(node['@type']).join()) && links(node).some((href) => canonicalLinkedInCompanyUrl(href) === canonical));
    put(d, 'name', str(org?.name), 'json-ld');
    for (const href of org ? links(org) : []) if (put(d, 'domain', href, 'json-ld')) break;
    // Only islands naming the id can hold the subject; the smallest first, as parsing is the cost.
    let voyager: Record<string, unknown> | undefined;
    for (const text of islandTexts(doc).filter((island) => island.includes(id)).sort((a, b) => a.length - b.length)) {
      voyager = islandEntities([text]).find((e) => /\.Company$/.test(str(e.$type) ?? '') && (str(e.universalName)?.toLowerCase() === id || (str(e.entityUrn) ?? '').endsWith(`:${id}`)));
      if (voyager) break;
    }
    put(d, 'name', str(voyager?.name), 'voyager');
    put(d, 'domain', str(voyager?.websiteUrl), 'voyager');
    const structured = d.v.name;

    const main = mainOf(doc);
    const classed = shown(main, '.top-card-layout__title, .org-top-card-summary__title')[0];
    const h1 = classed ?? shown(main, 'h1')[0];
    const name = h1 && (h1.getAttribute('title') || valueOf(h1));
    put(d, 'name', name, classed ? 'dom-class' : 'dom-attr');
    if (name && name === structured) d.bonus = 0.05;
    const card = h1?.closest('section, .org-top-card, .top-card-layout') ?? main;
    const about = (key: string) => {
      const row = shown(main, `[data-test-id="about-us__${key}"]`)[0];
      return row?.querySelector('dd') ?? row;
    };
    record(d, TABLE, about, new Map(), url.href);
    infoItems(d, shown(card, '.org-top-card-summary-info-list__info-item').map((el) => valueOf(el) ?? ''), 'dom-class');
    put(d, 'domain', read('domain', shown(card, '.org-top-card-primary-actions__inner a[href]')[0], url.href), 'dom-class');
    // The top card's "Visit website" link (a /redir/redirect wrapper or an outside link; LinkedIn links are rejected).
    for (const link of shown(card, 'a[href]')) if (put(d, 'domain', read('domain', link, url.href), 'dom-attr')) break;
    const missing = () => TABLE.some(([field]) => d.v[field] === undefined);
    if (missing()) record(d, TABLE, () => undefined, labelled(main.querySelectorAll('*'), main, LABELS, CHROME), url.href);
    // Last, the top card's unlabelled "·"-separated info line, when it shows a count or a size.
    const line = missing() ? visibleLines(card).find((text) => text.includes(' · ') && (SIZE_RE.test(text) || COUNT_RE.test(text))) : undefined;
    if (line) infoItems(d, line.split(' · '), 'heuristic');
    // "(2) Acme Analytics: About | LinkedIn", "Acme Analytics | LinkedIn".
    put(d, 'name', /^(?:\(\d+\+?\)\s*)?(.+?)(?::\s*[^:|]{1,30})?\s*\|\s*LinkedIn$/i.exec(documentTitle(doc))?.[1], 'title');
    const layout = classed ? (classed.matches('.top-card-layout__title') ? 'public' : 'legacy') : doc.querySelector('[data-test-id^="about-us__"]') ? 'public' : 'hashed';
    return finish([d], { layout });
  },
};

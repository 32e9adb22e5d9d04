/**
 * LinkedIn people search (`/search/results/people/`): every person card, in page order, as a contact. 2026 cards are
 * `[role="listitem"]` with `a[data-view-name="search-result-lockup-title"]` and unlabelled lines (headline, then
 * location); 2024–25 cards carry `data-view-name="search-entity-result-universal-template"` and `entity-result__*`
 * classes. Cards without a `/in/` link ("LinkedIn Member" rows, ads) and skeleton cards without a name are skipped.
 */
import { resolveHref, textLines, visibleText } from '../dom';
import { canonicalLinkedInProfileUrl, isLinkedInHost } from '../normalize';
import { draft, finish, mainOf, put, putName, shown, valueOf, type Draft } from '../read';
import type { Extractor } from '../types';
import { isNoiseLine } from './profile/lines';

const ROW = '[data-view-name="search-entity-result-universal-template"], [data-chameleon-result-urn], li.reusable-search__result-container, [role="listitem"]';
const LOCKUP = 'a[data-view-name="search-result-lockup-title"]';
/** "Promoted" / "Sponsored" cards (EN, FR, DE, ES). */
const AD_RE = /^(?:promoted|sponsored|sponsorisé|promu|gesponsert|anzeige|promocionado|patrocinado)$/i;
/** Lines that are neither headline nor location: "Current: …", mutual connections, "Provides services". */
const OTHER_RE = /^[^:]{2,24}\s?:\s|mutual|en commun|gemeinsame|en común|services/i;

export const linkedinSearchExtractor: Extractor = {
  kind: 'linkedin-search',
  matches: (url) => isLinkedInHost(url.hostname) && /^\/search\/results\/people\/?$/.test(url.pathname),
  extract(doc, url) {
    const main = mainOf(doc);
    const drafts: Draft[] = [];
    let layout: string | undefined;
    for (const row of shown(main, ROW)) {
      if (row.parentElement?.closest(ROW)) continue; // a row nested in a row
      const lockup = shown(row, LOCKUP)[0];
      const link = lockup ?? (row.matches('[role="listitem"]') ? undefined : shown(row, '.entity-result__title-text a, a[href*="/in/"]')[0]);
      const href = link && resolveHref(link, url.href);
      const profile = href && canonicalLinkedInProfileUrl(href);
      if (!link || !profile || textLines(row).some((line) => AD_RE.test(line))) continue;
      const d = draft('contact');
      const strategy = lockup ? 'dom-attr' : 'dom-class';
      // Legacy names are rendered twice: the visual copy is `aria-hidden`, the other is a "View X's profile" sentence.
      if (!putName(d, link.querySelector('span[aria-hidden="true"]')?.textContent ?? visibleText(link, '.visually-hidden'), strategy)) continue;
      put(d, 'linkedinUrl', profile, 'dom-attr');
      if (lockup) {
        const lines = textLines(row, 'a, button').filter((line) => !isNoiseLine(line) && line !== d.v.fullName);
        const end = lines.findIndex((line) => OTHER_RE.test(line));
        const [headline, location] = end < 0 ? lines : lines.slice(0, end);
        put(d, 'title', headline, 'dom-attr');
        put(d, 'location', location, 'dom-attr');
      } else {
        put(d, 'title', valueOf(shown(row, '.entity-result__primary-subtitle')[0]), 'dom-class');
        put(d, 'location', valueOf(shown(row, '.entity-result__secondary-subtitle')[0]), 'dom-class');
      }
      layout ??= lockup ? 'sdui' : 'legacy';
      drafts.push(d);
    }
    return finish(drafts, { layout });
  },
};

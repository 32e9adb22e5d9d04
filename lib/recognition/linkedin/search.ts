/**
 * LinkedIn people search (`/search/results/people/`): every person row, in page order, as a contact. Read by
 * structure, whatever the era's class names (Ember 2018 `search-result--person`, 2024–25 `entity-result__*` or hashed
 * classes, 2026 SDUI without any `data-view-name`):
 * - a row is a list item (`li`, `[role="listitem"]`, outermost in `<main>`) holding a profile link (`/in/…`);
 * - the row's person is the one its first profile link names (mutual connections and "Provides services" links come
 *   later in the row); the name is the first line of text a link to that person carries (the photo link has none);
 * - the headline and location are the two lines after the name, before any link to someone else, a "Label: …"
 *   snippet ("Current:", "Résumé :") or a button.
 * Rows without a profile link ("LinkedIn Member"), ads ("Promoted") and skeleton rows without a name are skipped.
 */
import { hiddenWithin, readLines, type Line } from '../dom';
import { canonicalLinkedInProfileUrl, isLinkedInHost } from '../../domain/normalize';
import { CHROME, draft, finish, mainOf, put, putName, type Draft } from '../read';
import type { Extractor } from '../types';
import { isNoiseLine } from './profile/lines';

const ROW = 'li, [role="listitem"]';
/** "Promoted" / "Sponsored" cards (EN, FR, DE, ES). */
const AD_RE = /^(?:promoted|sponsored|sponsorisé|promu|gesponsert|anzeige|promocionado|patrocinado)$/i;
/** Snippets under the headline (where a location would be): "Current: …", "Past: …", "Entreprise précédente : …". */
const SNIPPET_RE = /^[^:]{1,40}:/;
/** A connection degree run into the name ("Ana Ruiz 2nd", 2018 layout). */
const DEGREE_SUFFIX_RE = /\s+[·•]?\s*\d(?:st|nd|rd|th|e|er|º|\.)\+?$/i;
/** Buttons are actions ("Connect", "Se connecter"), never a row's text. */
const ACTIONS = 'button, [role="button"]';

/** The canonical profile a link points to (null for other links), each link parsed once. */
type ProfileOf = (link: Element | null) => string | null;

function profileLinks(pageUrl: string): ProfileOf {
  const seen = new Map<Element, string | null>();
  return (link) => {
    if (!link) return null;
    let profile = seen.get(link);
    if (profile === undefined) {
      const href = link.getAttribute('href');
      seen.set(link, (profile = href ? canonicalLinkedInProfileUrl(href, pageUrl) : null));
    }
    return profile;
  };
}

/** The rows of `main` in page order (outermost list items outside page chrome), each with its profile links in order. */
function rows(main: Element): [Element, Element[]][] {
  const found: [Element, Element[]][] = [];
  for (const row of Array.from(main.querySelectorAll(ROW))) {
    const outer = row.parentElement?.closest(ROW);
    if ((outer && main.contains(outer)) || row.closest(CHROME) || hiddenWithin(row, main)) continue;
    const links = Array.from(row.querySelectorAll('a[href*="/in/"]'));
    if (links.length > 0) found.push([row, links]);
  }
  return found;
}

/** Reads one row: its person's name, link, headline and location. */
function readRow(row: Element, links: Element[], profileOf: ProfileOf): Draft | undefined {
  let profile: string | null = null;
  for (let i = 0; !profile && i < links.length; i += 1) profile = profileOf(links[i] ?? null);
  const lines = readLines(row, ACTIONS);
  if (!profile || lines.some((line) => AD_RE.test(line.text))) return undefined;
  // The name: the first line inside a link to the row's person.
  const ownLink = (line: Line) => profileOf(line.el.closest('a')) === profile;
  const at = lines.findIndex((line) => ownLink(line) && !isNoiseLine(line.text));
  const d = draft('contact');
  if (at < 0 || !putName(d, lines[at]?.text.replace(DEGREE_SUFFIX_RE, ''), 'structure')) return undefined;
  put(d, 'linkedinUrl', profile, 'structure');
  // Corroborated when the row repeats the name (photo alt, "Invite X to connect") or marks its link as the title.
  const name = d.v.fullName ?? '';
  const named = (el: Element) => `${el.getAttribute('alt')} ${el.getAttribute('aria-label')}`.includes(name);
  if (lines[at]?.el.closest('[data-view-name$="title"]') || Array.from(row.querySelectorAll('[alt], [aria-label]')).some(named)) d.bonus = 0.05;
  const after: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const other = profileOf(line.el.closest('a'));
    // A snippet can only follow the headline (a headline may well read "Founder: Acme").
    if ((other && other !== profile) || (after.length === 1 && SNIPPET_RE.test(line.text)) || after.length === 2) break;
    if (!isNoiseLine(line.text) && line.text !== d.v.fullName) after.push(line.text);
  }
  put(d, 'title', after[0], 'structure');
  put(d, 'location', after[1], 'structure');
  return d;
}

export const linkedinSearchExtractor: Extractor = {
  kind: 'linkedin-search',
  matches: (url) => isLinkedInHost(url.hostname) && /^\/search\/results\/people\/?$/.test(url.pathname),
  extract(doc, url) {
    const drafts: Draft[] = [];
    let layout: string | undefined;
    const profileOf = profileLinks(url.href);
    for (const [row, links] of rows(mainOf(doc))) {
      const d = readRow(row, links, profileOf);
      if (!d) continue;
      layout ??= row.matches('[role="listitem"]') ? 'sdui' : 'legacy';
      drafts.push(d);
    }
    return finish(drafts, { layout });
  },
};

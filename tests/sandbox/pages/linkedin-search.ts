/**
 * A fictional LinkedIn people-search results page for the sandbox, in the 2026 layout Sidecar recognises (see
 * lib/recognition/linkedin/search.ts and tests/fixtures/linkedin/search-sdui-basic.html): `<main>` holding a
 * `[role=list]` of `[role=listitem]` cards, the name in `a[data-view-name="search-result-lockup-title"]`, then the
 * unlabelled headline and location lines, a "Current:" summary and, on some cards, a mutual-connections line.
 *
 * The cards list dataset people, in the order asked. The traps recognition must survive are the ones that add no
 * person: the signed-in viewer in the global nav, filter pills that are list items too, a photo link without text
 * before each name, and mutual connections named after people outside the dataset.
 *
 * Self-contained: inline CSS, `data:` images, no scripts or fonts.
 */
import { companyOf, featuredPeople } from '../dataset';
import type { SandboxDataset, SandboxPerson } from '../dataset-types';
import { escapeHtml } from '../web-pages';
import { profileLocation } from './linkedin-profile';

/** How many people `defaultSearchPeople` lists. */
export const DEFAULT_SEARCH_SIZE = 8;

/** The person's profile URL as search cards link it: `https://www.linkedin.com/in/<slug>/` (non-ASCII percent-encoded). */
export function searchProfileUrl(person: SandboxPerson): string {
  return `https://www.linkedin.com/in/${encodeURIComponent(person.linkedinSlug)}/`;
}

/**
 * The slugs a search page lists when no `people` are asked for: the featured `withEmailAndPhone`, `noEmail`,
 * `restricted`, `gdpr`, `eu` and `noPhone` people in that order, then plain people (not restricted or GDPR-blocked, no
 * honorific, ASCII slug, a work email and a callable phone) in dataset order until there are eight.
 */
export function defaultSearchPeople(dataset: SandboxDataset): string[] {
  const featured = featuredPeople(dataset);
  const slugs = [...new Set([featured.withEmailAndPhone, featured.noEmail, featured.restricted, featured.gdpr, featured.eu, featured.noPhone])];
  const plain = (p: SandboxPerson): boolean =>
    !p.restricted &&
    !p.gdprBlocked &&
    p.displayName === `${p.firstName} ${p.lastName}` &&
    /^[\x20-\x7e]+$/.test(p.linkedinSlug) &&
    p.emails.length > 0 &&
    p.phones.length > 0 &&
    p.phones.every((ph) => !ph.doNotCall);
  for (const person of dataset.people) {
    if (slugs.length >= DEFAULT_SEARCH_SIZE) break;
    if (plain(person) && !slugs.includes(person.linkedinSlug)) slugs.push(person.linkedinSlug);
  }
  return slugs;
}

const AVATAR =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#e9e5df"/><circle cx="32" cy="25" r="12" fill="#9b9b9b"/><path d="M10 62c2-14 11-21 22-21s20 7 22 21z" fill="#9b9b9b"/></svg>');

/** Fictional members outside the dataset, named only in mutual-connection lines. */
const MUTUALS = ['Ruth Calloway', 'Omar Belvedere', 'Greta Marchetti'] as const;

const CSS = `
*{box-sizing:border-box}body{margin:0;background:#f4f2ee;color:rgba(0,0,0,.9);font:14px/1.42 -apple-system,system-ui,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
a{color:inherit;text-decoration:none}p,h2{margin:0}button{font:inherit;cursor:pointer}figure{margin:0}
._nav{background:#fff;border-bottom:1px solid #e8e6e2;height:52px;display:flex;align-items:center;gap:24px;padding:0 calc(50% - 540px)}
._nav ._logo{width:34px;height:34px;border-radius:4px;background:#0a66c2;color:#fff;font-weight:700;font-size:22px;line-height:34px;text-align:center}
._nav ._me{margin-left:auto;display:flex;flex-direction:column;align-items:center;font-size:12px;color:rgba(0,0,0,.6)}._nav ._me img{width:24px;height:24px;border-radius:50%}
._main{max-width:760px;margin:24px auto;padding:0 12px}
._f0{display:flex;gap:8px;margin-bottom:12px}._f0 button,._f0 a{border:1px solid #666;border-radius:16px;padding:4px 12px;background:#fff;color:rgba(0,0,0,.75);font-weight:600;display:inline-block}
._h0{font-size:14px;font-weight:400;color:rgba(0,0,0,.6);margin-bottom:8px}
._r1{background:#fff;border:1px solid #e8e6e2;border-radius:8px}
._c0{border-top:1px solid #eee;padding:16px}._c0:first-child{border-top:0}
._c1{display:flex;gap:12px;align-items:flex-start}._c1 img{width:56px;height:56px;border-radius:50%}
._c2{flex:1}._c3 a{font-size:16px;font-weight:600;color:#0a66c2}._c4{color:rgba(0,0,0,.6)}._c6,._c7,._c8{color:rgba(0,0,0,.6);font-size:12px}
._c9{border:1px solid #0a66c2;color:#0a66c2;background:#fff;border-radius:16px;padding:6px 16px;font-weight:600}
._pg{display:flex;justify-content:space-between;margin-top:12px}
`;

function card(person: SandboxPerson, index: number, dataset: SandboxDataset): string {
  const href = escapeHtml(searchProfileUrl(person));
  const name = escapeHtml(person.displayName);
  const company = companyOf(person, dataset);
  const mutual = index % 3 === 0 ? `${MUTUALS[(index / 3) % MUTUALS.length] ?? 'Ruth Calloway'} and ${index + 2} other mutual connections` : undefined;
  return `    <div role="listitem" class="_c0">
      <div class="_c1">
        <a href="${href}" tabindex="-1" aria-hidden="true"><figure><img src="${escapeHtml(AVATAR)}" alt="${name}"></figure></a>
        <div class="_c2">
          <p class="_c3"><a data-view-name="search-result-lockup-title" href="${href}">${name}</a><span class="_c4"> • ${index % 2 === 0 ? '2nd' : '3rd+'}</span></p>
          <div class="_c5"><p>${escapeHtml(person.headline)}</p></div>
          <div class="_c6"><p>${escapeHtml(profileLocation(person))}</p></div>
          <p class="_c7">Current: ${escapeHtml(person.title)} at <strong>${escapeHtml(company.name)}</strong></p>
${mutual ? `          <a class="_c8" href="/search/results/people/?facetNetwork=%5B%22F%22%5D"><p>${escapeHtml(mutual)}</p></a>\n` : ''}        </div>
        <button type="button" class="_c9" aria-label="Invite ${name} to connect"><span>Connect</span></button>
      </div>
    </div>`;
}

/**
 * A complete fictional LinkedIn people-search page listing `people` in order, for the sandbox server to serve for
 * `/search/results/people/`. Each card shows the name (`displayName`), the headline, the location and a
 * "Current: <title> at <company>" line, and links to `searchProfileUrl(person)`. All text is escaped.
 */
export function renderLinkedInSearch(people: readonly SandboxPerson[], dataset: SandboxDataset): string {
  const cards = people.map((person, index) => card(person, index, dataset)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Search | LinkedIn</title>
<style>${CSS}</style>
</head>
<body>
<!-- Fictional people rendered by the Sidecar sandbox (tests/sandbox/pages/linkedin-search.ts). -->
<header id="global-nav" class="_nav">
  <a href="/feed/" class="_logo" aria-label="LinkedIn">in</a>
  <nav aria-label="Primary Navigation"><a href="/feed/">Home</a> <a href="/mynetwork/">My Network</a></nav>
  <div class="_me"><a href="/in/sam-reyfield-sandbox/"><img src="${escapeHtml(AVATAR)}" alt="Sam Reyfield"><span>Me</span></a></div>
</header>
<main class="_main" aria-label="Search results">
  <div class="_f0" role="list" aria-label="Search filters">
    <div role="listitem"><button type="button">People</button></div>
    <div role="listitem"><button type="button">Connections</button></div>
    <div role="listitem"><a href="/search/results/people/?network=%5B%22F%22%5D">1st</a></div>
  </div>
  <h2 class="_h0">${people.length === 1 ? '1 result' : `${people.length} results`}</h2>
  <div role="list" class="_r1">
${cards}
  </div>
  <nav class="_pg" aria-label="Pagination"><button type="button" disabled>Previous</button><button type="button" disabled>Next</button></nav>
</main>
</body>
</html>
`;
}

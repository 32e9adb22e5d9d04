/**
 * Fictional LinkedIn profile pages for the sandbox, in the three layouts Sidecar recognises (see
 * lib/recognition/linkedin/profile/selectors.ts): the 2025–26 server-driven UI ("sdui", hashed classes, name in an
 * `<h2>` of the `…Topcard` card), the legacy Ember page ("legacy", utility classes, Voyager `<code>` data islands) and
 * the logged-out public page ("public", JSON-LD, og tags).
 *
 * Every page carries the traps recognition must survive: the signed-in viewer in the global nav (logged-in layouts),
 * the viewer's `/voyager/api/me` island (legacy), a "People also viewed" sidebar with other people's photos, a headline
 * rendered twice (full, then a truncated copy hidden by CSS only), and with `stalePerson` the leftovers of a previously
 * viewed profile (a stale Voyager island and a hidden stale top card; in the public layout, a sidebar entry).
 *
 * Self-contained: inline CSS, `data:` images, no scripts or fonts. Profile photos use `media.licdn.com`
 * `profile-displayphoto` URLs (recognition ignores `data:` placeholders); the e2e harness routes them locally.
 */
import type { SandboxCompany, SandboxPerson } from '../dataset-types';

/** The three LinkedIn frontends. */
export type ProfileLayout = 'sdui' | 'legacy' | 'public';

/** Rendering options. `viewer` defaults to a fictional signed-in member; it is ignored on the public layout. */
export interface LinkedInProfileOptions {
  layout?: ProfileLayout;
  viewer?: SandboxPerson;
  stalePerson?: SandboxPerson;
}

/** The fields of a person the page needs for someone who is not the subject. */
type Someone = Pick<SandboxPerson, 'id' | 'displayName' | 'linkedinSlug' | 'headline' | 'photo'>;

const DEFAULT_VIEWER: Someone = {
  id: '4389999901',
  displayName: 'Sam Reyfield',
  linkedinSlug: 'sam-reyfield-sandbox',
  headline: 'Account Executive at Sandbox Demo Co',
  photo: true,
};

/** Other fictional members for the sidebar (surnames not used by the dataset). */
const ALSO_VIEWED: readonly Someone[] = [
  { id: '4389999911', displayName: 'Ruth Calloway', linkedinSlug: 'ruth-calloway-sbx', headline: 'Head of Data at Driftwood Energy', photo: true },
  { id: '4389999912', displayName: 'Omar Belvedere', linkedinSlug: 'omar-belvedere-sbx', headline: 'Analytics Engineer at Nimbus Software', photo: false },
  { id: '4389999913', displayName: 'Greta Marchetti', linkedinSlug: 'greta-marchetti-sbx', headline: 'VP Sales at Lumen Partners', photo: true },
];

const PAST_COMPANIES = ['Quillon Group', 'Sable & Finch', 'Orchardline Works', 'Tern Harbour Ltd'] as const;
const PAST_TITLES = ['Senior Analyst', 'Team Lead', 'Consultant', 'Associate'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const AVATAR =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128"><rect width="128" height="128" fill="#e9e5df"/><circle cx="64" cy="50" r="24" fill="#9b9b9b"/><path d="M20 124c4-28 22-42 44-42s40 14 44 42z" fill="#9b9b9b"/></svg>');
const LOGO =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="4" fill="#dde7f0"/><rect x="12" y="14" width="24" height="22" fill="#7a99b8"/></svg>');

/** Escapes text for element content and attribute values. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON for a `<script>` element: `<` escaped so no text can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** JSON as Ember renders it inside `<code>`: HTML-escaped text. */
function codeJson(value: unknown): string {
  return esc(JSON.stringify(value));
}

/** A small deterministic number from an id. */
function hash(id: string): number {
  let h = 7;
  for (const ch of id) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 100_003;
  return h;
}

const alnum = (id: string): string => id.replace(/[^A-Za-z0-9]/g, '') || '0';
const profilePath = (slug: string): string => `/in/${encodeURIComponent(slug)}/`;
const profileUrl = (slug: string, host = 'www.linkedin.com'): string => `https://${host}${profilePath(slug)}`;
const companyUrl = (company: SandboxCompany): string => `https://www.linkedin.com/company/${encodeURIComponent(company.linkedinSlug)}/`;
const memberId = (person: Someone): string => `ACoAASbx${alnum(person.id).padStart(16, '0')}`;

/** A `profile-displayphoto` URL for people with a photo (signed-looking, fictional). */
function photoUrl(person: Someone, size = 400): string | undefined {
  if (!person.photo) return undefined;
  const token = alnum(person.id);
  return `https://media.licdn.com/dms/image/v2/D4E03AQSbx${token}/profile-displayphoto-shrink_${size}_${size}/profile-displayphoto-shrink_${size}_${size}/0/1700000000000?e=1900000000&v=beta&t=sandbox-${token}`;
}

/** "City, State, Country" as LinkedIn shows it. */
export function profileLocation(person: SandboxPerson): string {
  return [person.location.city, person.location.state, person.location.country].filter((part) => part && part.trim()).join(', ');
}

interface Position {
  title: string;
  company: string;
  href?: string;
  range: string;
  place?: string;
}

function positions(person: SandboxPerson, company: SandboxCompany): [Position, Position] {
  const h = hash(person.id);
  const startYear = 2016 + (h % 8);
  const month = MONTHS[h % 12] ?? 'Jan';
  const years = Math.max(1, 2025 - startYear);
  return [
    { title: person.title, company: company.name, href: companyUrl(company), range: `${month} ${startYear} - Present · ${years} yrs`, place: `${person.location.city}, ${person.location.country}` },
    {
      title: PAST_TITLES[h % PAST_TITLES.length] ?? 'Consultant',
      company: PAST_COMPANIES[h % PAST_COMPANIES.length] ?? 'Quillon Group',
      range: `${MONTHS[(h + 5) % 12] ?? 'Jun'} ${startYear - 4} - ${month} ${startYear} · 4 yrs`,
    },
  ];
}

function truncated(text: string): string {
  return text.length > 48 ? `${text.slice(0, 47).trimEnd()}…` : text;
}

function sidebarPeople(stale: Someone | undefined): Someone[] {
  return stale ? [stale, ...ALSO_VIEWED.slice(0, 2)] : [...ALSO_VIEWED];
}

function documentShell(lang: string, title: string, head: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${head}<style>${BASE_CSS}${css}</style>
</head>
<body>
<!-- Fictional person rendered by the Sidecar sandbox (tests/sandbox/pages/linkedin-profile.ts). -->
${body}
</body>
</html>
`;
}

const BASE_CSS = `
*{box-sizing:border-box}body{margin:0;background:#f4f2ee;color:rgba(0,0,0,.9);font:14px/1.42 -apple-system,system-ui,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
a{color:inherit;text-decoration:none}ul{list-style:none;margin:0;padding:0}h1,h2,h3,h4,p{margin:0}button{font:inherit;cursor:pointer}
.sbx-nav{background:#fff;border-bottom:1px solid #e8e6e2;height:52px;display:flex;align-items:center;gap:28px;padding:0 calc(50% - 540px);position:sticky;top:0;z-index:2}
.sbx-nav .sbx-logo{flex-direction:row;justify-content:center;width:34px;height:34px;border-radius:4px;background:#0a66c2;color:#fff;font-weight:700;font-size:22px;line-height:34px}
.sbx-nav a,.sbx-me{font-size:12px;color:rgba(0,0,0,.6);display:flex;flex-direction:column;align-items:center}
.sbx-me{margin-left:auto;background:none;border:0}.sbx-me img{width:24px;height:24px;border-radius:50%}
.sbx-grid{max-width:1128px;margin:24px auto;display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:24px;padding:0 12px}
.sbx-card{background:#fff;border:1px solid #e8e6e2;border-radius:8px;margin-bottom:8px;overflow:hidden}
.sbx-sec{padding:20px 24px}.sbx-sec>h2{font-size:20px;font-weight:600;margin-bottom:12px}
.sbx-cover{height:180px;background:linear-gradient(120deg,#a9c1d9,#d7e3ec 60%,#e9efe5)}
.sbx-photo{width:152px;height:152px;border-radius:50%;border:4px solid #fff;margin:-112px 0 0 24px;display:block;object-fit:cover;background:#e9e5df;position:relative}
.sbx-body{padding:12px 24px 24px}.sbx-name{font-size:24px;font-weight:600;display:inline}.sbx-deg{display:inline;color:rgba(0,0,0,.6);margin-left:6px}
.sbx-headline{font-size:16px;margin-top:4px}.sbx-short{display:none}
.sbx-meta{color:rgba(0,0,0,.6);margin-top:8px;display:flex;gap:6px}.sbx-meta a,.sbx-link{color:#0a66c2;font-weight:600}
.sbx-badge{display:flex;align-items:center;gap:8px;font-weight:600;font-size:14px;margin-top:8px}.sbx-badge img{width:32px;height:32px}
.sbx-actions{display:flex;gap:8px;margin-top:16px}.sbx-btn{border:1px solid #0a66c2;color:#0a66c2;background:#fff;border-radius:16px;padding:6px 16px;font-weight:600}
.sbx-btn.sbx-primary{background:#0a66c2;color:#fff}
.sbx-row{display:flex;gap:12px;padding:12px 0;border-top:1px solid #eee}.sbx-row:first-child{border-top:0}.sbx-row img{width:48px;height:48px;flex:none}
.sbx-row .sbx-t{font-weight:600}.sbx-row .sbx-s{color:rgba(0,0,0,.6)}
.sbx-person{display:flex;gap:8px;padding:8px 0}.sbx-person img{width:48px;height:48px;border-radius:50%;flex:none}
.sbx-person .sbx-t{font-weight:600}.sbx-person .sbx-s{color:rgba(0,0,0,.6);font-size:12px}
`;

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces

function navLoggedIn(viewer: Someone, labels: { home: string; network: string; jobs: string; messaging: string; me: string }): string {
  const photo = photoUrl(viewer, 100) ?? AVATAR;
  return `<header class="sbx-nav" id="global-nav">
  <a href="/feed/" class="sbx-logo" aria-label="LinkedIn">in</a>
  <a href="/feed/"><span>${labels.home}</span></a>
  <a href="/mynetwork/"><span>${labels.network}</span></a>
  <a href="/jobs/"><span>${labels.jobs}</span></a>
  <a href="/messaging/"><span>${labels.messaging}</span></a>
  <div class="global-nav__me">
    <button type="button" class="sbx-me" aria-label="${labels.me}" aria-expanded="false"><img src="${esc(photo)}" alt="${esc(viewer.displayName)}" class="global-nav__me-photo"><span>${labels.me} ▾</span></button>
    <div hidden class="global-nav__me-content">
      <a href="${esc(profilePath(viewer.linkedinSlug))}"><h2>${esc(viewer.displayName)}</h2><p>${esc(viewer.headline)}</p></a>
      <a href="${esc(profilePath(viewer.linkedinSlug))}">View Profile</a>
    </div>
  </div>
</header>`;
}

function sidebar(people: Someone[], title: string): string {
  const items = people
    .map(
      (p) => `<li><a class="sbx-person" href="${esc(profilePath(p.linkedinSlug))}"><img src="${esc(photoUrl(p, 100) ?? AVATAR)}" alt="${esc(p.displayName)}"><div><p class="sbx-t">${esc(p.displayName)}</p><p class="sbx-s">${esc(p.headline)}</p></div></a></li>`,
    )
    .join('\n        ');
  return `<aside class="sbx-side" aria-label="${esc(title)}">
    <section class="sbx-card sbx-sec">
      <h2>${esc(title)}</h2>
      <ul>
        ${items}
      </ul>
    </section>
  </aside>`;
}

function aboutText(person: SandboxPerson, company: SandboxCompany): string {
  return `Fictional profile generated by the Sidecar sandbox. ${person.title} at ${company.name} (${company.industry}), working on ${person.departments.join(', ') || 'many things'}.`;
}

// ---------------------------------------------------------------------------------------------------------------
// SDUI (2025–26)

function sduiTopCard(person: Someone & Partial<SandboxPerson>, company: SandboxCompany | undefined, location: string, hidden: boolean): string {
  const ref = memberId(person);
  const path = profilePath(person.linkedinSlug);
  const badge = company
    ? `<div role="button" tabindex="0" class="sbx-badge _b7e1"><img src="${LOGO}" alt=""><p><span>${esc(company.name)}</span></p></div>`
    : '';
  return `<div id="com.linkedin.sdui.profile.card.ref${ref}Topcard" componentkey="com.linkedin.sdui.profile.card.ref${ref}Topcard" class="_7f1d0b"${hidden ? ' hidden' : ''}>
          <div class="sbx-cover _e3b1a2"></div>
          <a href="${esc(path)}" class="_19ac0e"><div aria-label="Profile photo"><figure style="margin:0"><img class="sbx-photo" src="${esc(photoUrl(person) ?? AVATAR)}" alt="${esc(person.displayName)}"></figure></div></a>
          <div class="sbx-body _3c9d2f">
            <div class="_5d2e0c"><a href="${esc(path)}"><h2 class="sbx-name _0aa1f3">${esc(person.displayName)}</h2></a><p class="sbx-deg">· 2nd</p></div>
            <p class="sbx-headline _hl0">${esc(person.headline)}</p>
            <p class="sbx-headline sbx-short _hl1">${esc(truncated(person.headline))}</p>
            ${badge}
            <div class="sbx-meta _lc0"><p>${esc(location)}</p><p>·</p><p><a href="${esc(path)}overlay/contact-info/">Contact info</a></p></div>
            <div class="sbx-meta _sc0"><a href="${esc(path)}recent-activity/all/"><p>${200 + (hash(person.id) % 4000)} followers</p></a><p>·</p><a href="/mynetwork/invite-connect/connections/"><p>500+ connections</p></a></div>
            <div class="sbx-actions"><button type="button" class="sbx-btn sbx-primary">Connect</button><button type="button" class="sbx-btn">Message</button><button type="button" class="sbx-btn" aria-label="More actions">More</button></div>
          </div>
        </div>`;
}

function renderSdui(person: SandboxPerson, company: SandboxCompany, viewer: Someone, stale: SandboxPerson | undefined): string {
  const ref = memberId(person);
  const rows = positions(person, company)
    .map(
      (p, i) => `<li componentkey="entity-collection-item-${alnum(person.id)}${i}" class="sbx-row">
          ${p.href ? `<a href="${esc(p.href)}"><img src="${LOGO}" alt="${esc(p.company)} logo"></a>` : `<img src="${LOGO}" alt="">`}
          <div><p class="sbx-t">${esc(p.title)}</p><p>${esc(p.company)} · Full-time</p><p class="sbx-s">${esc(p.range)}</p>${p.place ? `<p class="sbx-s">${esc(p.place)}</p>` : ''}</div>
        </li>`,
    )
    .join('\n        ');
  const staleCard = stale ? `<div class="_prev0">${sduiTopCard(stale, undefined, profileLocation(stale), true)}</div>` : '';
  const staleIsland = stale ? voyagerIsland(9001, voyagerProfile(stale, undefined), voyagerRequest(stale)) : '';
  const body = `${staleIsland}${navLoggedIn(viewer, { home: 'Home', network: 'My Network', jobs: 'Jobs', messaging: 'Messaging', me: 'Me' })}
<div class="sbx-grid _2ac1f3">
  <main class="_9e0f7a">
    ${staleCard}
    <section aria-label="Primary content" class="sbx-card _c9d3e1">
      <div data-testid="lazy-column">
        ${sduiTopCard(person, company, profileLocation(person), false)}
      </div>
    </section>
    <section id="com.linkedin.sdui.profile.card.ref${ref}About" class="sbx-card sbx-sec"><h2>About</h2><div data-testid="expandable-text-box">${esc(aboutText(person, company))}</div></section>
    <section data-testid="profile_ExperienceTopLevelSection_${esc(encodeURIComponent(person.linkedinSlug))}" id="com.linkedin.sdui.profile.card.ref${ref}profileCardsExperienceOnly" class="sbx-card sbx-sec">
      <h2>Experience</h2>
      <ul>
        ${rows}
      </ul>
    </section>
  </main>
  ${sidebar(sidebarPeople(stale), 'People also viewed')}
</div>`;
  return documentShell('en', `${person.displayName} | LinkedIn`, '<meta name="como-t" content="sandbox">\n', '', body);
}

// ---------------------------------------------------------------------------------------------------------------
// Legacy Ember (≤2025)

function voyagerProfile(person: Someone & Partial<SandboxPerson>, company: SandboxCompany | undefined): unknown {
  const urn = memberId(person);
  const included: unknown[] = [
    {
      $type: 'com.linkedin.voyager.dash.identity.profile.Profile',
      entityUrn: `urn:li:fsd_profile:${urn}`,
      objectUrn: `urn:li:member:${alnum(person.id)}`,
      publicIdentifier: person.linkedinSlug,
      firstName: person.firstName ?? person.displayName.split(' ')[0],
      lastName: person.lastName ?? person.displayName.split(' ').slice(1).join(' '),
      headline: person.headline,
      ...(person.location ? { locationName: profileLocation(person as SandboxPerson) } : {}),
    },
  ];
  if (company && person.title) {
    included.push({
      $type: 'com.linkedin.voyager.dash.identity.profile.Position',
      entityUrn: `urn:li:fsd_position:(${urn},${hash(person.id)})`,
      title: person.title,
      companyName: company.name,
      dateRange: { start: { year: 2016 + (hash(person.id) % 8) } },
    });
  }
  return { data: { $type: 'com.linkedin.restli.common.CollectionResponse', '*elements': [`urn:li:fsd_profile:${urn}`] }, included };
}

const voyagerRequest = (person: Someone): string =>
  `/voyager/api/graphql?includeWebMetadata=true&variables=(vanityName:${encodeURIComponent(person.linkedinSlug)})&queryId=voyagerIdentityDashProfiles.sandbox`;

function voyagerIsland(id: number, value: unknown, request: string, comment = false): string {
  const body = codeJson(value);
  return `<code id="datalet-bpr-guid-${id}" style="display: none">${codeJson({ request, status: 200, body: `bpr-guid-${id}`, method: 'GET' })}</code>
<code id="bpr-guid-${id}" style="display: none">${comment ? `<!--${body}-->` : body}</code>
`;
}

function viewerMeIsland(viewer: Someone): string {
  const urn = memberId(viewer);
  const me = {
    data: { $type: 'com.linkedin.voyager.common.Me', '*miniProfile': `urn:li:fs_miniProfile:${urn}`, plainId: Number(alnum(viewer.id).replace(/\D/g, '') || 0) },
    included: [
      { $type: 'com.linkedin.voyager.identity.shared.MiniProfile', entityUrn: `urn:li:fs_miniProfile:${urn}`, firstName: viewer.displayName.split(' ')[0], lastName: viewer.displayName.split(' ').slice(1).join(' '), occupation: viewer.headline, publicIdentifier: viewer.linkedinSlug },
    ],
  };
  return voyagerIsland(1001, me, '/voyager/api/me');
}

function legacyRow(p: Position, nestedKey: string): string {
  const line = (text: string, cls: string): string => `<span class="${cls}"><span aria-hidden="true"><!---->${esc(text)}<!----></span><span class="visually-hidden"><!---->${esc(text)}<!----></span></span>`;
  const logo = p.href
    ? `<a data-field="experience_company_logo" class="optional-action-target-wrapper" href="${esc(p.href)}"><img width="48" src="${LOGO}" alt="${esc(p.company)} logo"></a>`
    : `<a data-field="experience_company_logo" class="optional-action-target-wrapper" href="/search/results/all/?keywords=${esc(encodeURIComponent(p.company))}"><img width="48" src="${LOGO}" alt=""></a>`;
  return `<li class="artdeco-list__item pvs-list__item--line-separated" data-key="${nestedKey}"><div class="pvs-entity sbx-row" data-view-name="profile-component-entity">
          <div>${logo}</div>
          <div class="display-flex flex-column full-width">
            <div class="display-flex align-items-center mr1 t-bold sbx-t"><span aria-hidden="true"><!---->${esc(p.title)}<!----></span><span class="visually-hidden"><!---->${esc(p.title)}<!----></span></div>
            <div>${line(`${p.company} · Full-time`, 't-14 t-normal')}</div>
            <div class="sbx-s">${line(p.range, 't-14 t-normal t-black--light')}</div>
            ${p.place ? `<div class="sbx-s">${line(p.place, 't-14 t-normal t-black--light')}</div>` : ''}
          </div>
        </div></li>`;
}

const LEGACY_CSS = `.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(1px,1px,1px,1px)}
.text-heading-xlarge{font-size:24px;font-weight:600;display:inline}.text-body-medium{font-size:16px;margin-top:4px}
.text-body-medium~.text-body-medium{display:none}.text-body-small{font-size:14px}.t-black--light{color:rgba(0,0,0,.6)}
.pv-text-details__right-panel{margin-top:8px}.pv-text-details__right-panel button{background:none;border:0;padding:0;display:flex;align-items:center;gap:8px;font-weight:600}
.pv-text-details__right-panel img{width:32px;height:32px}`;

function renderLegacy(person: SandboxPerson, company: SandboxCompany, viewer: Someone, stale: SandboxPerson | undefined): string {
  const path = profilePath(person.linkedinSlug);
  const rows = positions(person, company).map((p, i) => legacyRow(p, `${alnum(person.id)}-${i}`)).join('\n        ');
  const islands =
    viewerMeIsland(viewer) +
    (stale ? voyagerIsland(1002, voyagerProfile(stale, undefined), voyagerRequest(stale)) : '') +
    voyagerIsland(1003, voyagerProfile(person, company), voyagerRequest(person), true);
  const body = `${islands}<div class="application-outlet">
${navLoggedIn(viewer, { home: 'Home', network: 'My Network', jobs: 'Jobs', messaging: 'Messaging', me: 'Me' })}
<div class="scaffold-layout sbx-grid">
  <main id="main" class="scaffold-layout__main">
    <section class="artdeco-card pv-top-card sbx-card" data-member-id="${alnum(person.id)}">
      <div class="sbx-cover"></div>
      <div class="pv-top-card__non-self-photo-wrapper">
        <img class="${person.photo ? 'pv-top-card-profile-picture__image--show' : 'pv-top-card-profile-picture__image ghost-person'} sbx-photo" src="${esc(photoUrl(person, 200) ?? AVATAR)}" alt="${esc(person.displayName)}" title="${esc(person.displayName)}">
      </div>
      <div class="mt2 relative sbx-body"><div class="ph5">
        <div class="display-flex"><a href="${esc(path)}"><h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">${esc(person.displayName)}</h1></a><span class="dist-value sbx-deg">2nd</span></div>
        <div class="text-body-medium break-words" data-generated-suggestion-target="urn:li:fsu_profileActionDelegate:-1">${esc(person.headline)}</div>
        <div class="text-body-medium break-words">${esc(truncated(person.headline))}</div>
        <ul class="pv-text-details__right-panel">
          <li><button type="button" aria-label="Current company: ${esc(company.name)}. Click to skip to experience card" class="pv-text-details__right-panel-item-link"><img src="${LOGO}" alt="${esc(company.name)}"><span class="pv-text-details__right-panel-item-text"><div class="inline-show-more-text--is-collapsed">${esc(company.name)}</div></span></button></li>
        </ul>
        <div class="mt2 sbx-meta">
          <span class="text-body-small inline t-black--light break-words">${esc(profileLocation(person))}</span>
          <span class="pv-text-details__separator t-black--light"><a href="${esc(path)}overlay/contact-info/" id="top-card-text-details-contact-info" class="link-without-visited-state">Contact info</a></span>
        </div>
        <ul class="pv-top-card--list sbx-meta"><li class="text-body-small"><span class="t-bold">500+</span> connections</li></ul>
        <div class="sbx-actions"><button type="button" class="sbx-btn sbx-primary">Connect</button><button type="button" class="sbx-btn">Message</button><button type="button" class="sbx-btn">More</button></div>
      </div></div>
    </section>
    <section data-view-name="profile-card" class="artdeco-card pv-profile-card sbx-card sbx-sec">
      <div id="about" class="pv-profile-card__anchor"></div>
      <h2 class="pvs-header__title"><span aria-hidden="true">About</span><span class="visually-hidden">About</span></h2>
      <div class="inline-show-more-text--is-collapsed"><span aria-hidden="true">${esc(aboutText(person, company))}</span><span class="visually-hidden">${esc(aboutText(person, company))}</span></div>
    </section>
    <section data-view-name="profile-card" class="artdeco-card pv-profile-card sbx-card sbx-sec">
      <div id="experience" class="pv-profile-card__anchor"></div>
      <h2 class="pvs-header__title"><span aria-hidden="true">Experience</span><span class="visually-hidden">Experience</span></h2>
      <ul class="pvs-list">
        ${rows}
      </ul>
    </section>
  </main>
  ${sidebar(sidebarPeople(stale), 'More profiles for you')}
</div>
</div>`;
  return documentShell('en', `${person.displayName} | LinkedIn`, '<meta name="pageKey" content="d_flagship3_profile_view_base">\n', LEGACY_CSS, body);
}

// ---------------------------------------------------------------------------------------------------------------
// Public, logged out

const PUBLIC_CSS = `.top-card-layout__title{font-size:24px;font-weight:600}.top-card-layout__headline{font-size:16px;font-weight:400;margin-top:4px}
.top-card-layout__first-subline{font-size:14px;font-weight:400;color:rgba(0,0,0,.6);margin-top:8px;display:flex;gap:8px}
.top-card-link{display:flex;align-items:center;gap:8px;font-weight:600;margin-top:8px}.top-card-link img{width:32px;height:32px}
.sbx-join{margin-left:auto;display:flex;gap:8px}`;

function renderPublic(person: SandboxPerson, company: SandboxCompany, stale: SandboxPerson | undefined): string {
  const url = profileUrl(person.linkedinSlug).replace(/\/$/, '');
  const photo = photoUrl(person, 800);
  const [current, past] = positions(person, company);
  const title = `${person.displayName} - ${person.title} - ${company.name} | LinkedIn`;
  const jsonLd = {
    '@context': 'http://schema.org',
    '@graph': [
      {
        '@type': 'Person',
        name: person.displayName,
        jobTitle: [person.title],
        worksFor: [{ '@type': 'Organization', name: company.name, url: companyUrl(company).replace(/\/$/, '') }],
        address: { '@type': 'PostalAddress', addressLocality: person.location.city, addressCountry: person.location.countryIso2 },
        ...(photo ? { image: { '@type': 'ImageObject', contentUrl: photo } } : {}),
        url,
        sameAs: url,
      },
      { '@type': 'WebPage', url },
    ],
  };
  const head = `<meta property="og:title" content="${esc(title)}">
<meta property="og:url" content="${esc(url)}">
<meta property="og:type" content="profile">
${photo ? `<meta property="og:image" content="${esc(photo)}">\n` : ''}<link rel="canonical" href="${esc(url)}">
<script type="application/ld+json">${scriptJson(jsonLd)}</script>
`;
  const experience = [current, past]
    .map(
      (p) => `<li class="profile-section-card experience-item sbx-row">
          <img src="${LOGO}" alt="${esc(p.company)}">
          <div><h3 class="sbx-t"><span class="experience-item__title">${esc(p.title)}</span></h3>
          <h4>${p.href ? `<a href="${esc(p.href)}?trk=public_profile_experience-item_profile-section-card_subtitle-click">` : ''}<span class="experience-item__subtitle">${esc(p.company)}</span>${p.href ? '</a>' : ''}</h4>
          <p class="sbx-s"><span class="date-range">${esc(p.range)}</span></p></div>
        </li>`,
    )
    .join('\n        ');
  const body = `<header class="sbx-nav">
  <a href="/?trk=public_profile_nav-header-logo" class="sbx-logo" aria-label="LinkedIn">in</a>
  <div class="sbx-join"><a class="sbx-btn" href="https://www.linkedin.com/login?trk=public_profile_nav-header-signin">Sign in</a><a class="sbx-btn sbx-primary" href="https://www.linkedin.com/signup?trk=public_profile_nav-header-join">Join now</a></div>
</header>
<div class="sbx-grid">
  <main class="main" id="main-content" role="main">
    <section class="top-card-layout sbx-card">
      <div class="sbx-cover"></div>
      <img class="top-card__profile-image top-card-layout__entity-image sbx-photo${photo ? '' : ' ghost-person'}" src="${esc(photo ?? AVATAR)}" alt="${esc(person.displayName)}">
      <div class="top-card-layout__entity-info sbx-body">
        <h1 class="top-card-layout__title">${esc(person.displayName)}</h1>
        <h2 class="top-card-layout__headline">${esc(person.headline)}</h2>
        <h3 class="top-card-layout__first-subline"><span class="top-card__subline-item">${esc(profileLocation(person))}</span><span class="top-card__subline-item">500+ connections</span></h3>
        <a class="top-card-link" data-tracking-control-name="public_profile_topcard-current-company" href="${esc(companyUrl(company))}?trk=public_profile_topcard-current-company"><img src="${LOGO}" alt=""><span>${esc(company.name)}</span></a>
      </div>
    </section>
    <section class="core-section-container sbx-card sbx-sec" data-section="experience">
      <h2>Experience</h2>
      <ul class="experience__list">
        ${experience}
      </ul>
    </section>
  </main>
  ${sidebar(sidebarPeople(stale), 'People also viewed')}
</div>`;
  return documentShell('en', title, head, PUBLIC_CSS, body);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * A complete fictional LinkedIn profile page for `person` working at `company`, for the sandbox server to serve at
 * `/in/<slug>/`. Layout defaults to "sdui". All person and company text is escaped.
 */
export function renderLinkedInProfile(person: SandboxPerson, company: SandboxCompany, options: LinkedInProfileOptions = {}): string {
  const viewer: Someone = options.viewer ?? DEFAULT_VIEWER;
  switch (options.layout ?? 'sdui') {
    case 'legacy':
      return renderLegacy(person, company, viewer, options.stalePerson);
    case 'public':
      return renderPublic(person, company, options.stalePerson);
    case 'sdui':
      return renderSdui(person, company, viewer, options.stalePerson);
  }
}

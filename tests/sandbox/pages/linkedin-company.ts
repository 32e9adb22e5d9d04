/**
 * A fictional LinkedIn company page for the sandbox, in the logged-in Ember layout Sidecar recognises (see
 * lib/recognition/linkedin/company.ts and tests/fixtures/linkedin/company-legacy-home.html): `org-top-card-*` classes
 * with the name in the `<h1>`, info items (industry, headquarters, followers, size), a "Visit website" button, and a
 * Voyager `<code>` island holding the company.
 *
 * Traps recognition must survive: the signed-in viewer's `/voyager/api/me` island, two other dataset companies
 * ("similar pages") before the subject in the Voyager island, a "Pages people also viewed" rail reusing the top-card
 * classes, and a post linking to an outside site.
 *
 * Self-contained: inline CSS, `data:` images, no scripts or fonts.
 */
import type { SandboxCompany, SandboxDataset } from '../dataset-types';
import { escapeHtml } from '../web-pages';

/** The company page's URL on LinkedIn: `https://www.linkedin.com/company/<slug>/`. */
export function companyPageUrl(company: SandboxCompany): string {
  return `https://www.linkedin.com/company/${encodeURIComponent(company.linkedinSlug)}/`;
}

/** The company's website as the "Visit website" button links it. */
export function companyWebsite(company: SandboxCompany): string {
  return `https://www.${company.domain}/`;
}

/** "City, Country", the headquarters line of the top card. */
export function companyLocation(company: SandboxCompany): string {
  return [company.location.city, company.location.country].filter((part) => part && part.trim()).join(', ');
}

const LOGO =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="4" fill="#dde7f0"/><rect x="12" y="14" width="24" height="22" fill="#7a99b8"/></svg>');
const AVATAR =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#e9e5df"/><circle cx="32" cy="25" r="12" fill="#9b9b9b"/></svg>');

const CSS = `
*{box-sizing:border-box}body{margin:0;background:#f4f2ee;color:rgba(0,0,0,.9);font:14px/1.42 -apple-system,system-ui,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
a{color:inherit;text-decoration:none}h1,h2,h3,p{margin:0}ul{list-style:none;margin:0;padding:0}button{font:inherit;cursor:pointer}
.global-nav{background:#fff;border-bottom:1px solid #e8e6e2;height:52px;display:flex;align-items:center;gap:24px;padding:0 calc(50% - 540px)}
.global-nav__me{margin-left:auto;display:flex;flex-direction:column;align-items:center;font-size:12px;color:rgba(0,0,0,.6)}.global-nav__me img{width:24px;height:24px;border-radius:50%}
.application-outlet{max-width:1128px;margin:24px auto;display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:24px;padding:0 12px}
.artdeco-card{background:#fff;border:1px solid #e8e6e2;border-radius:8px;margin-bottom:8px;padding:20px 24px}
.org-top-card-primary-content__logo{width:96px;height:96px}
.org-top-card-summary__title{font-size:24px;font-weight:600}.org-top-card-summary__tagline{font-size:16px;margin-top:4px}
.org-top-card-summary-info-list{display:flex;flex-wrap:wrap;gap:6px;color:rgba(0,0,0,.6);margin-top:6px}.inline-block{display:flex;gap:6px}
.org-top-card-primary-actions__inner{display:flex;gap:8px;margin-top:16px}
.artdeco-button,.artdeco-dropdown__trigger{border:1px solid #0a66c2;color:#0a66c2;background:#fff;border-radius:16px;padding:6px 16px;font-weight:600}
.follow{background:#0a66c2;color:#fff}
.org-page-navigation{display:flex;gap:24px;padding:12px 24px;background:#fff;border:1px solid #e8e6e2;border-radius:8px;margin-bottom:8px;font-weight:600;color:rgba(0,0,0,.6)}
.org-similar-org-card{padding:8px 0;border-top:1px solid #eee}.org-similar-org-card:first-child{border-top:0}.org-similar-org-card h3{font-size:14px}
.org-similar-org-card .org-top-card-summary-info-list__info-item{color:rgba(0,0,0,.6);font-size:12px}
`;

/** A small deterministic number from an id. */
function hash(id: string): number {
  let h = 7;
  for (const ch of id) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 100_003;
  return h;
}

/** JSON as Ember renders it inside `<code>`: HTML-escaped text. */
function codeJson(value: unknown): string {
  return escapeHtml(JSON.stringify(value));
}

function island(id: number, request: string, body: unknown): string {
  return `<code id="datalet-bpr-guid-${id}" style="display: none">${codeJson({ request, status: 200, body: `bpr-guid-${id}` })}</code>
<code id="bpr-guid-${id}" style="display: none">${codeJson(body)}</code>
`;
}

const voyagerCompany = (company: SandboxCompany) => ({
  $type: 'com.linkedin.voyager.dash.organization.Company',
  entityUrn: `urn:li:fsd_company:${company.id}`,
  universalName: company.linkedinSlug,
  name: company.name,
  websiteUrl: companyWebsite(company),
});

/** Two other dataset companies (the next ones in dataset order) for the "similar pages" traps. */
function similarCompanies(company: SandboxCompany, dataset: SandboxDataset): SandboxCompany[] {
  const others = dataset.companies.filter((c) => c.id !== company.id);
  const at = Math.max(0, dataset.companies.findIndex((c) => c.id === company.id));
  return [others[at % Math.max(1, others.length)], others[(at + 1) % Math.max(1, others.length)]].filter(
    (c, i, all): c is SandboxCompany => c !== undefined && all.indexOf(c) === i,
  );
}

function followers(company: SandboxCompany): string {
  const count = 1 + (hash(company.id) % 90);
  return `${count}K followers`;
}

/**
 * A complete fictional LinkedIn company page for `company`, for the sandbox server to serve at `/company/<slug>/`.
 * `dataset` provides the "similar pages" (other companies). All company text is escaped.
 */
export function renderLinkedInCompany(company: SandboxCompany, dataset: SandboxDataset): string {
  const similar = similarCompanies(company, dataset);
  const slugPath = `/company/${encodeURIComponent(company.linkedinSlug)}/`;
  const name = escapeHtml(company.name);
  const me = island(1, '/voyager/api/me', {
    data: { $type: 'com.linkedin.voyager.common.Me', '*miniProfile': 'urn:li:fs_miniProfile:ACoAASbxViewer00000000000' },
    included: [
      {
        $type: 'com.linkedin.voyager.dash.identity.profile.Profile',
        entityUrn: 'urn:li:fsd_profile:ACoAASbxViewer00000000000',
        publicIdentifier: 'sam-reyfield-sandbox',
        firstName: 'Sam',
        lastName: 'Reyfield',
        headline: 'Account Executive at Sandbox Demo Co',
      },
    ],
  });
  const subject = island(2, `/voyager/api/graphql?variables=(universalName:${company.linkedinSlug})&queryId=voyagerOrganizationDashCompanies.1`, {
    data: {},
    included: [...similar.map(voyagerCompany), voyagerCompany(company), { $type: 'com.linkedin.voyager.dash.organization.OrganizationalPage', entityUrn: `urn:li:fsd_organizationalPage:${company.id}` }],
  });
  const rail = similar
    .map(
      (c) =>
        `<li class="org-similar-org-card"><a href="/company/${escapeHtml(encodeURIComponent(c.linkedinSlug))}/"><h3 class="org-top-card-summary__title">${escapeHtml(c.name)}</h3></a><div class="org-top-card-summary-info-list__info-item">${escapeHtml(c.industry)}</div><div class="org-top-card-summary-info-list__info-item">${escapeHtml(c.size)}</div></li>`,
    )
    .join('\n      ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} | LinkedIn</title>
<style>${CSS}</style>
</head>
<body class="render-mode-BIGPIPE">
<!-- Fictional company rendered by the Sidecar sandbox (tests/sandbox/pages/linkedin-company.ts). -->
${me}${subject}<header id="global-nav" class="global-nav">
  <nav class="global-nav__nav" aria-label="Primary Navigation"><a href="/feed/">Home</a> <a href="/mynetwork/">My Network</a></nav>
  <div class="global-nav__me"><img src="${escapeHtml(AVATAR)}" alt="Sam Reyfield"><span>Me</span></div>
</header>
<div class="application-outlet">
<main class="scaffold-layout__main" id="main">
  <section class="org-top-card artdeco-card">
    <div class="org-top-card-primary-content__logo-container"><img class="org-top-card-primary-content__logo" src="${escapeHtml(LOGO)}" alt="${name} logo"></div>
    <div class="org-top-card-summary">
      <h1 class="org-top-card-summary__title t-24 t-black truncate" title="${name}">${name}</h1>
      <p class="org-top-card-summary__tagline t-16 t-black">${escapeHtml(`${company.industry} from ${company.location.city}`)}</p>
      <div class="org-top-card-summary-info-list t-14 t-black--light">
        <div class="org-top-card-summary-info-list__info-item">${escapeHtml(company.industry)}</div>
        <div class="inline-block">
          <div class="org-top-card-summary-info-list__info-item">${escapeHtml(companyLocation(company))}</div>
          <div class="org-top-card-summary-info-list__info-item">${followers(company)}</div>
          <a class="ember-view" href="/search/results/people/?currentCompany=%5B%22${escapeHtml(company.id)}%22%5D&amp;origin=COMPANY_PAGE_CANNED_SEARCH"><span class="org-top-card-summary-info-list__info-item">${escapeHtml(company.size)}</span></a>
        </div>
      </div>
    </div>
    <div class="org-top-card-primary-actions">
      <div class="org-top-card-primary-actions__inner">
        <button class="follow artdeco-button" type="button"><span>Follow</span></button>
        <a class="org-top-card-primary-actions__action artdeco-button" href="${escapeHtml(companyWebsite(company))}" target="_blank"><span>Visit website</span></a>
        <button class="artdeco-dropdown__trigger" type="button" aria-label="More actions">More</button>
      </div>
    </div>
  </section>
  <nav class="org-page-navigation" aria-label="Organization's page navigation">
    <a href="${escapeHtml(slugPath)}">Home</a> <a href="${escapeHtml(slugPath)}about/">About</a> <a href="${escapeHtml(slugPath)}people/">People</a> <a href="${escapeHtml(slugPath)}jobs/">Jobs</a>
  </nav>
  <section class="org-page-details-module artdeco-card">
    <h2>Overview</h2>
    <p class="break-words">${escapeHtml(`${company.name} is a fictional ${company.industry} company in ${companyLocation(company)}, rendered by the Sidecar sandbox.`)}</p>
    <a href="${escapeHtml(slugPath)}about/">Show all details</a>
  </section>
  <section class="org-updates artdeco-card">
    <h2>Page posts</h2>
    <div class="feed-shared-update-v2"><span>We are hiring! Read more on</span> <a href="https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fjobs.recruit-board.example%2F${escapeHtml(encodeURIComponent(company.linkedinSlug))}&amp;urlhash=q1">jobs.recruit-board.example</a></div>
  </section>
</main>
<aside class="scaffold-layout__aside" aria-label="Pages people also viewed">
  <section class="artdeco-card">
    <h2>Pages people also viewed</h2>
    <ul>
      ${rail}
    </ul>
  </section>
</aside>
</div>
</body>
</html>
`;
}

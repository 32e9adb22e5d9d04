/**
 * Extractor-level tests beside the fixture loop (recognition.test.ts): Salesforce records inside real open shadow
 * roots, URL predicates of every page kind, traps on synthetic pages, per-site recognisers, the timing helper, and
 * `classifySelection` on the link URLs the context menu passes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { measureRecognition } from './bench';
import { deepAll, isHidden, visibleText } from './dom';
import { classifySelection, recognizePage, recognizePageDetailed } from './index';
import { draft, put, putName } from './read';
import { canonicalSalesNavLeadUrl } from './salesnav';
import { recognizeCrmPage, recognizeLinkedInPage } from './sites';
import type { PageContext } from '../domain/page-context';

const FIXTURES = join(__dirname, '../../tests/fixtures');

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

const page = (body: string, title = ''): Document => parse(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`);

function fixtures(site: string): { id: string; html: string; url: string; expected: PageContext }[] {
  return readdirSync(join(FIXTURES, site))
    .filter((file) => file.endsWith('.html'))
    .map((file) => {
      const base = join(FIXTURES, site, file.slice(0, -5));
      return {
        id: `${site}/${file.slice(0, -5)}`,
        html: readFileSync(`${base}.html`, 'utf8'),
        url: readFileSync(`${base}.url`, 'utf8').trim(),
        expected: JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as PageContext,
      };
    });
}

/**
 * Moves the content of every custom element (a tag name with a hyphen) into an open shadow root, innermost first, as
 * Lightning's native shadow DOM renders it: afterwards, document-level queries no longer see any of it.
 */
function shadowify(doc: Document): Document {
  const hosts = Array.from(doc.querySelectorAll('*')).filter((el) => el.localName.includes('-')).reverse();
  for (const host of hosts) {
    const root = host.attachShadow({ mode: 'open' });
    while (host.firstChild) root.appendChild(host.firstChild);
  }
  return doc;
}

describe('Salesforce records in open shadow roots', () => {
  const salesforce = fixtures('salesforce');

  it.each(salesforce.map((f) => [f.id, f] as const))('%s: same answer when every component renders in a shadow root', (_id, f) => {
    const doc = shadowify(parse(f.html));
    // The transformation really hides the record from light-DOM queries…
    expect(doc.querySelectorAll('records-record-layout-item *, lightning-formatted-email *, lightning-formatted-name *').length).toBe(0);
    expect(deepAll(doc).some((el) => el.localName === 'records-record-layout-item' && el.shadowRoot !== null)).toBe(true);
    // …and recognition still finds everything, through the shadow roots.
    expect(recognizePage(doc, f.url)).toEqual(f.expected);
  });

  /** A Lightning-like record built with attachShadow: nested roots, named and default slots, a hidden console tab. */
  function lightningPage(): Document {
    const doc = page('<div class="oneCenterStage"></div>', 'Ana Vidal | Contact | Salesforce');
    const stage = doc.querySelector('.oneCenterStage') as Element;
    const el = (tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): Element => {
      const node = doc.createElement(tag);
      for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
      for (const child of children) node.append(child);
      return node;
    };
    const shadow = (host: Element, ...children: (Node | string)[]): Element => {
      host.attachShadow({ mode: 'open' }).append(...children);
      return host;
    };
    /** A lightning-formatted-email whose link lives in its own shadow root. */
    const email = (address: string) => shadow(el('lightning-formatted-email'), el('a', { href: `mailto:${address}` }, address));
    const field = (label: string, value: Node) =>
      shadow(
        el('records-record-layout-item'),
        el('div', { class: 'slds-form-element' }, el('div', { class: 'slds-form-element__label' }, el('span', { class: 'test-id__field-label' }, label)), el('div', { class: 'slds-form-element__control' }, el('span', { class: 'test-id__field-value' }, value), el('button', { title: `Edit ${label}` }, `Edit ${label}`))),
      );
    const record = (name: string, title: string, mail: string) => {
      // The name is slotted: a light child of the highlights host, projected through <slot name="primaryField">.
      const highlights = shadow(
        el('records-highlights2'),
        el('div', { class: 'slds-page-header' }, el('h1', {}, el('div', { class: 'entityNameTitle' }, 'Contact'), el('slot', { name: 'primaryField' }))),
      );
      highlights.append(shadow(el('lightning-formatted-name', { slot: 'primaryField' }), name));
      const layout = shadow(el('records-record-layout-section'), field('Title', shadow(el('lightning-formatted-text'), title)), field('Email', email(mail)));
      return shadow(el('one-record-home-flexipage2'), highlights, layout);
    };
    stage.append(
      el('div', { class: 'oneContent', 'aria-hidden': 'true' }, record('Oskar Lindqvist', 'Buyer', 'oskar@kestrel-ports.example')),
      el('div', { class: 'oneContent' }, record('Ana Vidal', 'VP Finance', 'ana.vidal@tidewater-freight.example')),
    );
    return doc;
  }

  it('reads a record built with attachShadow (nested roots, slots) and skips the aria-hidden console tab', () => {
    const doc = lightningPage();
    expect(doc.querySelector('lightning-formatted-name')).toBeNull();
    const { context, strategies } = recognizePageDetailed(doc, 'https://acme.lightning.force.com/lightning/r/Contact/003Fi00000AbCdEAAZ/view');
    expect(context.entities).toEqual([
      {
        type: 'contact',
        fullName: 'Ana Vidal',
        firstName: 'Ana',
        lastName: 'Vidal',
        title: 'VP Finance',
        email: 'ana.vidal@tidewater-freight.example',
        crmId: '003Fi00000AbCdEAAZ',
        confidence: 0.85,
      },
    ]);
    expect(strategies[0]).toMatchObject({ fullName: 'dom-attr', title: 'label', email: 'label' });
  });

  it('judges visibility and text through shadow hosts', () => {
    const doc = lightningPage();
    const names = deepAll(doc).filter((el) => el.localName === 'lightning-formatted-name');
    expect(names.map((el) => visibleText(el))).toEqual(['Oskar Lindqvist', 'Ana Vidal']);
    expect(names.map((el) => isHidden(el, doc.documentElement))).toEqual([true, false]);
    // The h1 renders the slotted name after the object label.
    const h1 = deepAll(doc).filter((el) => el.localName === 'h1')[1];
    expect(h1 && visibleText(h1)).toBe('Contact Ana Vidal');
  });
});

describe('URL predicates', () => {
  const cases: [string, PageContext['kind']][] = [
    ['https://www.linkedin.com/in/ana-vidal/', 'linkedin-profile'],
    ['https://www.linkedin.com/company/acme-analytics/', 'linkedin-company'],
    ['https://fr.linkedin.com/company/acme-analytics/jobs/?trk=x', 'linkedin-company'],
    ['https://www.linkedin.com/company/48213377/people/', 'linkedin-company'],
    ['https://www.linkedin.com/company/', 'unknown'],
    ['https://www.linkedin.com/search/results/people/?keywords=x&page=3', 'linkedin-search'],
    ['https://www.linkedin.com/search/results/all/?keywords=x', 'unknown'],
    ['https://www.linkedin.com/search/results/companies/?keywords=x', 'unknown'],
    ['https://www.linkedin.com/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123,NAME_SEARCH,x7Yq', 'salesnav-lead'],
    ['https://www.linkedin.com/sales/people/ACwAAAFictAbCdEfGhIjKlMn0123,NAME_SEARCH,x7Yq', 'salesnav-lead'],
    ['https://www.linkedin.com/sales/lead/not-a-lead-id', 'unknown'],
    ['https://www.linkedin.com/sales/company/5550123', 'salesnav-account'],
    ['https://www.linkedin.com/sales/company/5550123/people', 'salesnav-account'],
    ['https://www.linkedin.com/sales/search/people?query=x', 'salesnav-search'],
    ['https://www.linkedin.com/sales/search/company?query=x', 'salesnav-search'],
    ['https://www.linkedin.com/sales/lists/people/7012345678901234567', 'salesnav-search'],
    ['https://www.linkedin.com/sales/home', 'unknown'],
    ['https://app.hubspot.com/contacts/4400123/record/0-1/90210001', 'hubspot-contact'],
    ['https://app-eu1.hubspot.com/contacts/4400123/record/0-1/90210001/view/1', 'hubspot-contact'],
    ['https://app.hubspot.com/contacts/4400123/contact/90210001/', 'hubspot-contact'],
    ['https://app-na2.hubspot.com/contacts/4400123/record/0-2/300100200', 'hubspot-company'],
    ['https://app.hubspot.com/contacts/4400123/company/300100200', 'hubspot-company'],
    ['https://app.hubspot.com/contacts/4400123/record/0-3/5001', 'unknown'],
    ['https://app.hubspot.com/contacts/4400123/objects/0-1/views/all/list', 'unknown'],
    ['https://www.hubspot.com/contacts/4400123/record/0-1/90210001', 'unknown'],
    ['https://app.hubspot.com.evil.example/contacts/4400123/record/0-1/1', 'unknown'],
    ['https://acme.lightning.force.com/lightning/r/Contact/003Fi00000AbCdEAAZ/view', 'salesforce-contact'],
    ['https://acme.lightning.force.com/lightning/r/003Fi00000AbCdE/view', 'salesforce-contact'],
    ['https://acme.lightning.force.com/lightning/r/Lead/00QFi00000LiAmOAAV/view', 'salesforce-lead'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/00QFi00000LiAmOAAV/view', 'salesforce-lead'],
    ['https://acme.lightning.force.com/lightning/r/Account/001Fi00000XyZwQAAV/view', 'salesforce-account'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/006Fi00000XyZwQAAV/view', 'unknown'],
    ['https://acme.lightning.force.com/lightning/r/006Fi00000XyZwQAAV/view', 'unknown'],
    ['https://acme.lightning.force.com/lightning/r/Contact/003Fi00000AbCdEAAZ/related/Cases/view', 'unknown'],
    ['https://acme.lightning.force.com/lightning/o/Contact/list', 'unknown'],
    ['https://lightning.force.com.evil.example/lightning/r/Contact/003Fi00000AbCdEAAZ/view', 'unknown'],
    ['https://acme.pipedrive.com/person/1042', 'pipedrive-person'],
    ['https://app.pipedrive.com/person/1042/', 'pipedrive-person'],
    ['https://acme.pipedrive.com/organization/301', 'pipedrive-organization'],
    ['https://app.pipedrive.com/organization/301/?tab=people', 'pipedrive-organization'],
    ['https://acme.pipedrive.com/deal/77', 'pipedrive-deal'],
    ['https://acme.pipedrive.com/deals/list', 'unknown'],
    ['https://acme.pipedrive.com/organizations/list', 'unknown'],
    ['https://pipedrive.com.evil.example/person/1', 'unknown'],
  ];

  it.each(cases)('%s → %s', (url, kind) => {
    expect(recognizePage(page(''), url).kind).toBe(kind);
  });

  it('per-site recognisers agree with recognizePage on their site and leave the other sites unknown', () => {
    for (const [url, kind] of cases) {
      const doc = page('');
      const linkedin = url.includes('linkedin.com/');
      expect(recognizeLinkedInPage(doc, url).context.kind).toBe(linkedin ? kind : 'unknown');
      expect(recognizeCrmPage(doc, url).context.kind).toBe(linkedin ? 'unknown' : kind);
    }
    for (const site of ['linkedin', 'salesnav', 'hubspot', 'salesforce', 'pipedrive']) {
      for (const f of fixtures(site)) {
        const recognize = site === 'linkedin' || site === 'salesnav' ? recognizeLinkedInPage : recognizeCrmPage;
        expect(recognize(parse(f.html), f.url).context, f.id).toEqual(f.expected);
      }
    }
  });

  it('canonicalises Sales Navigator lead URLs to the first comma part', () => {
    expect(canonicalSalesNavLeadUrl('https://www.linkedin.com/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123,NAME_SEARCH,x7Yq?_ntb=a#b')).toBe(
      'https://www.linkedin.com/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123',
    );
    expect(canonicalSalesNavLeadUrl('/sales/people/ACwAAAFictAbCdEfGhIjKlMn0123,OUT_OF_NETWORK,t', 'https://www.linkedin.com/sales/search/people')).toBe(
      'https://www.linkedin.com/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123',
    );
    expect(canonicalSalesNavLeadUrl('https://evil.example/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123')).toBeNull();
    expect(canonicalSalesNavLeadUrl('https://www.linkedin.com/sales/lead/123')).toBeNull();
  });
});

describe('traps on synthetic pages', () => {
  it('LinkedIn company: Voyager entities of other companies never name the subject; the title does', () => {
    const island = JSON.stringify({ data: {}, included: [{ $type: 'com.linkedin.voyager.dash.organization.Company', entityUrn: 'urn:li:fsd_company:1', universalName: 'other-co', name: 'Other Co', websiteUrl: 'https://other.example' }] });
    const doc = page(`<code id="bpr-guid-1">${island.replace(/"/g, '&quot;')}</code>`, '(4) Acme Analytics: Jobs | LinkedIn');
    const { context, strategies } = recognizePageDetailed(doc, 'https://www.linkedin.com/company/acme-analytics/jobs/');
    expect(context.entities).toEqual([{ type: 'company', name: 'Acme Analytics', linkedinUrl: 'https://www.linkedin.com/company/acme-analytics', confidence: 0.5 }]);
    expect(strategies[0]?.name).toBe('title');
  });

  it('LinkedIn company: a website link that stays on LinkedIn is not a domain; relative links resolve against the URL, not <base>', () => {
    const doc = parse(
      `<html><head><base href="https://elsewhere.example/"></head><body><main><section><h1>Acme Analytics</h1>` +
        `<a href="/company/acme-analytics/people/">Employees</a><a href="/redir/redirect?url=https%3A%2F%2Facme-analytics.example">Visit website</a></section></main></body></html>`,
    );
    expect(recognizePage(doc, 'https://www.linkedin.com/company/acme-analytics/').entities[0]).toMatchObject({ name: 'Acme Analytics', domain: 'acme-analytics.example' });
  });

  it('LinkedIn company: the JSON-LD Organization naming the page gives the website, in sameAs or in url', () => {
    const ld = (json: unknown) => `<html><head><script type="application/ld+json">${JSON.stringify(json)}</script></head><body><main><h1>Acme Analytics</h1></main></body></html>`;
    const other = { '@type': 'Organization', name: 'Kestrel Ports', url: 'https://www.linkedin.com/company/kestrel-ports', sameAs: 'https://kestrel-ports.example' };
    const viaUrl = parse(ld([other, { '@type': 'Organization', name: 'Acme Analytics', url: 'https://www.acme-analytics.example/', sameAs: ['https://uk.linkedin.com/company/acme-analytics'] }]));
    expect(recognizePage(viaUrl, 'https://www.linkedin.com/company/acme-analytics/about/').entities[0]).toMatchObject({
      name: 'Acme Analytics',
      domain: 'acme-analytics.example',
      linkedinUrl: 'https://www.linkedin.com/company/acme-analytics',
    });
  });

  it('people search: rows in page order, skipping rows without a profile link or name', () => {
    const card = (href: string, name: string) => `<div role="listitem"><p><a data-view-name="search-result-lockup-title" href="${href}">${name}</a></p><div><p>Role of ${name}</p></div></div>`;
    const doc = page(`<main><div role="list">${card('/in/zoe-a/', 'Zoe A')}${card('/in/abe-b/', '')}${card('/search/results/people/headless', 'Hidden Person')}${card('/in/abe-c/', 'Abe C')}</div></main>`);
    const result = recognizePage(doc, 'https://www.linkedin.com/search/results/people/?keywords=x');
    expect(result.entities.map((e) => (e.type === 'contact' ? e.fullName : e.name))).toEqual(['Zoe A', 'Abe C']);
  });

  it('people search: a row is found by the profile link carrying the name, not by the first link or class names', () => {
    // The photo link comes first and has no text; mutual connections and a "Provides services" link come after.
    const row = (slug: string, name: string, headline: string, location: string) =>
      `<li><div class="_x1"><a href="https://www.linkedin.com/in/${slug}?miniProfileUrn=x"><img alt="${name}"><span class="visually-hidden">Status is offline</span></a>` +
      `<a href="https://www.linkedin.com/in/${slug}?miniProfileUrn=x"><span aria-hidden="true">${name}</span><span class="visually-hidden">View ${name}’s profile</span></a>` +
      `<span aria-hidden="true">• 2nd</span><span class="visually-hidden">2nd degree connection</span>` +
      `<div>${headline}</div><div>${location}</div><p>Past: Engineer at Elsewhere</p>` +
      `<a href="/in/ACoAAOtherPersonFictAAAAAAAA/"><strong>Other Person</strong></a> is a mutual connection` +
      `<a href="/in/ACoAAServicesFictAAAAAAAAAAA/"><strong>Provides services - Consulting</strong></a><button>Connect</button></div></li>`;
    const doc = page(
      `<main><ul role="list">${row('zoe-a', 'Zoe A', 'Business Processing Services | TCS', 'Pune')}${row('abe-c', 'Abe C', 'Head of Services', 'Lyon')}</ul></main>` +
        `<aside><ul><li><a href="/in/side-person/">Side Person</a></li></ul></aside>`,
    );
    const result = recognizePage(doc, 'https://www.linkedin.com/search/results/people/?keywords=x');
    expect(result.entities.map(({ confidence: _, ...e }) => e)).toEqual([
      { type: 'contact', fullName: 'Zoe A', firstName: 'Zoe', lastName: 'A', linkedinUrl: 'https://www.linkedin.com/in/zoe-a', title: 'Business Processing Services | TCS', location: 'Pune' },
      { type: 'contact', fullName: 'Abe C', firstName: 'Abe', lastName: 'C', linkedinUrl: 'https://www.linkedin.com/in/abe-c', title: 'Head of Services', location: 'Lyon' },
    ]);
  });

  it('people search: a row without a location stops at the snippet or at another person’s link', () => {
    const doc = page(
      `<main><div role="list"><div role="listitem"><a href="/in/zoe-a/">Zoe A 2nd</a><p>Engineer</p><p>Current: Engineer at Acme</p></div>` +
        `<div role="listitem"><a href="/in/abe-c/">Abe C</a><p>Designer</p><p><a href="/in/someone-else/">Someone Else</a> is a mutual connection</p></div></div></main>`,
    );
    const result = recognizePage(doc, 'https://www.linkedin.com/search/results/people/?keywords=x');
    expect(result.entities.map((e) => (e.type === 'contact' ? [e.fullName, e.title, e.location] : []))).toEqual([
      ['Zoe A', 'Engineer', undefined],
      ['Abe C', 'Designer', undefined],
    ]);
    const colon = page(`<main><ul><li><a href="/in/zoe-a/">Zoe A</a><p>Founder: Acme Robotics</p><p>Lisbon</p></li></ul></main>`);
    expect(recognizePage(colon, 'https://www.linkedin.com/search/results/people/?keywords=x').entities[0]).toMatchObject({ title: 'Founder: Acme Robotics', location: 'Lisbon' });
  });

  it('HubSpot: association cards never fill the record, even when they are all there is', () => {
    const doc = page(
      `<div data-card-type="ASSOCIATION_V3"><span data-test-id="highlight-property-display-hs_full_name_or_email">Other Person</span>` +
        `<div data-selenium-test="property-input-email">other@elsewhere.example</div><div data-selenium-test="property-input-company">Elsewhere Inc</div>` +
        `<div><span>Email</span><span>other@elsewhere.example</span></div></div>`,
    );
    expect(recognizePage(doc, 'https://app.hubspot.com/contacts/1/record/0-1/42').entities).toEqual([{ type: 'contact', crmId: '42', confidence: 0.3 }]);
  });

  it('Salesforce: related lists and hover cards never fill the record; "Edit …" button text is never a value', () => {
    const doc = page(
      `<lst-related-list-single-container><span class="test-id__field-label">Email</span><span><a href="mailto:rel@x.example">rel@x.example</a></span></lst-related-list-single-container>` +
        `<div class="forceHoverPanel"><p>Title</p><p>Hover Title</p></div>` +
        `<records-record-layout-item><div><span class="test-id__field-label">Title</span></div><div><span class="test-id__field-value"></span><button>Edit Title</button></div></records-record-layout-item>`,
    );
    expect(recognizePage(doc, 'https://acme.lightning.force.com/lightning/r/Contact/003Fi00000AbCdEAAZ/view').entities).toEqual([
      { type: 'contact', crmId: '003Fi00000AbCdEAAZ', confidence: 0.3 },
    ]);
  });

  it('Pipedrive: the user menu (banner) and activity links are not the person, even without a <main>', () => {
    const doc = page(
      `<div role="banner"><h1>Tobias Wrenfield</h1><div><span>Email</span><a href="mailto:tobias@umbra-labs.example">tobias@umbra-labs.example</a></div></div>` +
        `<div class="app"><h1>Ana Vidal</h1><p>Email to <a href="mailto:other@x.example">other@x.example</a></p><div><span>Email</span><span>--</span></div></div>`,
    );
    expect(recognizePage(doc, 'https://acme.pipedrive.com/person/7').entities).toEqual([
      { type: 'contact', fullName: 'Ana Vidal', firstName: 'Ana', lastName: 'Vidal', crmId: '7', confidence: 0.8 },
    ]);
  });

  it('never throws on odd documents for any page kind', () => {
    const urls = [
      'https://www.linkedin.com/company/x/',
      'https://www.linkedin.com/search/results/people/',
      'https://www.linkedin.com/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123',
      'https://www.linkedin.com/sales/company/1',
      'https://www.linkedin.com/sales/search/people',
      'https://app.hubspot.com/contacts/1/record/0-2/2',
      'https://a.lightning.force.com/lightning/r/Account/001Fi00000XyZwQAAV/view',
      'https://a.pipedrive.com/person/1',
    ];
    for (const html of ['', '<code id="bpr-guid-1">{not json</code>', '<script type="application/ld+json">[1, null, {"@type": 5}]</script>', '<main><h1></h1><dl><dt>Website</dt></dl></main>']) {
      for (const url of urls) expect(() => recognizePage(parse(html), url)).not.toThrow();
    }
  });
});

describe('LinkedIn profiles read by structure', () => {
  const url = 'https://www.linkedin.com/in/ana-vidal-ruiz/';

  it('a grouped Experience row (one company, two roles) gives the current role and the company, never the duration', () => {
    const doc = page(
      `<main><section componentkey="xTopcard"><a href="/in/ana-vidal-ruiz/"><h2>Ana Vidal Ruiz</h2></a><p>Developer @Acme</p>` +
        `<div><p>Porto, Portugal</p><p>·</p><p><a href="#">Contact info</a></p></div></section>` +
        `<div data-testid="profile_ExperienceTopLevelSection_ana-vidal-ruiz"><div componentkey="entity-collection-item-1">` +
        `<a href="https://www.linkedin.com/company/4242/"><p>Acme Analytics</p><p>1 yr 10 mos</p><p>Porto · On-site</p></a>` +
        `<a href="https://www.linkedin.com/company/4242/"><p>Developer</p><p>Full-time</p><p>Nov 2024 - Present · 1 yr 4 mos</p></a>` +
        `<a href="https://www.linkedin.com/company/4242/"><p>Intern</p><p>Internship</p><p>May 2024 - Oct 2024 · 6 mos</p></a></div></div></main>`,
    );
    const [contact, company] = recognizePage(doc, url).entities;
    expect(contact).toMatchObject({ title: 'Developer', companyName: 'Acme Analytics', location: 'Porto, Portugal' });
    expect(company).toMatchObject({ name: 'Acme Analytics', linkedinUrl: 'https://www.linkedin.com/company/4242' });
  });

  it('an old top card without utility classes: first <h1>, the line under it, the location class, list-item Experience', () => {
    const doc = page(
      `<header><h1>Viewer Person</h1></header><div role="main"><section class="pv-top-card-section"><h1>Ana Vidal Ruiz</h1>` +
        `<span><span class="visually-hidden">2nd degree connection</span><span>2nd</span></span><h2>Chief Things Officer at Acme</h2>` +
        `<h3 class="pv-top-card-section__company">Acme</h3><h3 class="pv-top-card-section__location">Porto Area</h3></section>` +
        `<section id="experience-section"><ul><li><a href="/company/77/"><h3>Chief Things Officer</h3><h4><span class="visually-hidden">Company Name</span><span>Acme</span></h4>` +
        `<h4><span class="visually-hidden">Dates Employed</span><span>Dec 2008 – Present</span></h4></a><ul><li><h4>Keynote 2012: The Next Play</h4></li></ul></li></ul></section></div>`,
    );
    const [contact, company] = recognizePage(doc, url).entities;
    expect(contact).toMatchObject({ fullName: 'Ana Vidal Ruiz', title: 'Chief Things Officer', companyName: 'Acme', location: 'Porto Area' });
    expect(company).toMatchObject({ name: 'Acme', linkedinUrl: 'https://www.linkedin.com/company/77' });
  });

  it('splits a three-word name as the page does: profile meta tags, or the name it addresses the person by', () => {
    const meta = parse(
      `<html><head><meta property="profile:first_name" content="Ana Vidal"><meta property="profile:last_name" content="Ruiz"></head>` +
        `<body><main><section class="top-card-layout"><h1>Ana Vidal Ruiz</h1></section></main></body></html>`,
    );
    expect(recognizePage(meta, url).entities[0]).toMatchObject({ firstName: 'Ana Vidal', lastName: 'Ruiz' });
    const addressed = page(`<main><section><h1 class="text-heading-xlarge">Ana Vidal Ruiz</h1><button aria-label="Message Ana Vidal">Message</button><a aria-label="Ana Vidal has verifications"></a><button aria-label="Follow Ana Vidal Ruiz">Follow</button></section></main>`);
    expect(recognizePageDetailed(addressed, url)).toMatchObject({ context: { entities: [{ firstName: 'Ana Vidal', lastName: 'Ruiz' }] }, strategies: [{ firstName: 'label' }] });
    const silent = page(
      `<main><section><h1 class="text-heading-xlarge">Ana Vidal Ruiz</h1><button aria-label="Follow Ana Vidal Ruiz">Follow</button></section>` +
        `<aside><button aria-label="Message Ana Sofia">Message</button><button aria-label="Message Ana Lucia">Message</button></aside></main>`,
    );
    expect(recognizePage(silent, url).entities[0]).toMatchObject({ firstName: 'Ana', lastName: 'Vidal Ruiz' });
  });
});

describe('field validation', () => {
  it('rejects UI text, anonymised rows and emails as names, placeholders as values, LinkedIn as a domain', () => {
    const d = draft('contact');
    for (const name of ['LinkedIn Member', 'Miembro de LinkedIn', 'Edit Name', 'Modifier Nom', 'ana@acme.example', 'Salesforce', '--']) {
      expect(putName(d, name, 'dom-attr'), name).toBe(false);
    }
    expect(put(d, 'phone', 'Call me', 'label')).toBe(false);
    expect(put(d, 'phone', '12-3', 'label')).toBe(false);
    expect(put(d, 'companyDomain', 'https://www.linkedin.com/company/acme/', 'label')).toBe(false);
    expect(put(d, 'email', 'not an email', 'label')).toBe(false);
    expect(putName(d, '  Dr.  Ana   Vidal, PhD ', 'dom-attr')).toBe(true);
    expect(put(d, 'phone', '+351 21 555 0147', 'label')).toBe(true);
    expect(put(d, 'phone', '+351 21 555 0148', 'dom-attr')).toBe(false); // first value wins
    expect(d.v).toEqual({ fullName: 'Dr. Ana Vidal, PhD', firstName: 'Ana', lastName: 'Vidal', phone: '+351 21 555 0147' });
    expect(d.s).toEqual({ fullName: 'dom-attr', firstName: 'dom-attr', lastName: 'dom-attr', phone: 'label' });
  });
});

describe('measureRecognition', () => {
  it('returns p50 ≤ p95 in milliseconds over the requested runs', () => {
    const f = fixtures('salesforce')[0];
    if (!f) throw new Error('no fixture');
    const timing = measureRecognition(parse(f.html), f.url, 7);
    expect(timing.runs).toBe(7);
    expect(timing.p50).toBeGreaterThan(0);
    expect(timing.p50).toBeLessThanOrEqual(timing.p95);
    expect(timing.p95).toBeLessThan(1000);
    expect(measureRecognition(parse(f.html), f.url, 0).runs).toBe(1);
  });
});

describe('classifySelection on context-menu link URLs', () => {
  it('classifies LinkedIn profile and company links, mailto: links and wrapped outside links', () => {
    const cases: [string, ReturnType<typeof classifySelection>][] = [
      ['https://www.linkedin.com/in/ana-vidal?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3AACoAAB', { kind: 'linkedin-profile', linkedinUrl: 'https://www.linkedin.com/in/ana-vidal' }],
      ['https://de.linkedin.com/in/J%C3%BCrgen-M%C3%BCller/details/experience/', { kind: 'linkedin-profile', linkedinUrl: 'https://www.linkedin.com/in/jürgen-müller' }],
      ['https://www.linkedin.com/in/ACoAACkarimHaddadFict01AbCd', { kind: 'linkedin-profile', linkedinUrl: 'https://www.linkedin.com/in/ACoAACkarimHaddadFict01AbCd' }],
      ['https://www.linkedin.com/company/48213377/about/', { kind: 'linkedin-company', linkedinUrl: 'https://www.linkedin.com/company/48213377' }],
      ['https://www.linkedin.com/sales/company/5550123?_ntb=x', { kind: 'linkedin-company', linkedinUrl: 'https://www.linkedin.com/company/5550123' }],
      ['mailto:Ana.Vidal@Tidewater-Freight.Example?subject=Hi&cc=x@y.example', { kind: 'email', email: 'Ana.Vidal@tidewater-freight.example' }],
      ['MAILTO:ana%2Bcrm@acme.example', { kind: 'email', email: 'ana+crm@acme.example' }],
      ['mailto:ana@acme.example,orla@pellucid.example', { kind: 'email', email: 'ana@acme.example' }],
      ['mailto:Ana%20Vidal%20%3Cana.vidal@Acme.example%3E', { kind: 'email', email: 'ana.vidal@acme.example' }],
      ['mailto:?to=ana@acme.example&subject=Hi', { kind: 'email', email: 'ana@acme.example' }],
      ['https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fwww.harbourline.example%2F&urlhash=Xy1z', { kind: 'domain', domain: 'harbourline.example' }],
      ['https://www.harbourline.example/contact', { kind: 'domain', domain: 'harbourline.example' }],
    ];
    for (const [input, expected] of cases) expect(classifySelection(input), input).toEqual(expected);
  });

  it('returns null for links that name nobody', () => {
    for (const input of ['https://www.linkedin.com/sales/lead/ACwAAAFictAbCdEfGhIjKlMn0123,NAME_SEARCH,x', 'https://www.linkedin.com/feed/', 'mailto:', 'mailto:not-an-address', 'tel:+351215550147', 'javascript:void(0)']) {
      expect(classifySelection(input), input).toBeNull();
    }
  });
});

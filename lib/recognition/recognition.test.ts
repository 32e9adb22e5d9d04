/**
 * Page recognition against the hand-written fictional fixtures of every site (tests/fixtures/<site>/), parsed with
 * DOMParser as the contract requires (linkedom's, since no jsdom/happy-dom is installed), plus unit tests for the
 * normalisation helpers and `classifySelection`. Per-extractor traps, shadow roots and URL predicates are in
 * extractors.test.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { classifySelection, recognizePage, recognizePageDetailed } from './index';
import {
  canonicalLinkedInCompanyUrl,
  canonicalLinkedInProfileUrl,
  cleanName,
  collapseWhitespace,
  normalizeDomain,
  normalizeEmail,
  splitName,
} from '../domain/normalize';
import { PAGE_KINDS, type PageContext } from '../domain/page-context';

const FIXTURES = join(__dirname, '../../tests/fixtures');
const SITES = ['linkedin', 'salesnav', 'hubspot', 'salesforce', 'pipedrive'];

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

/** A fixture by "<site>/<name>". */
function fixture(id: string): { doc: Document; html: string; url: string; expected: PageContext } {
  const path = join(FIXTURES, id);
  const html = readFileSync(`${path}.html`, 'utf8');
  const url = readFileSync(`${path}.url`, 'utf8').trim();
  const expected = JSON.parse(readFileSync(`${path}.expected.json`, 'utf8')) as PageContext;
  return { doc: parse(html), html, url, expected };
}

/** Every fixture as "<site>/<name>", sorted. */
const ids = SITES.flatMap((site) =>
  readdirSync(join(FIXTURES, site))
    .filter((file) => file.endsWith('.html'))
    .map((file) => `${site}/${file.slice(0, -'.html'.length)}`),
).sort();

/** The LinkedIn profile fixtures, named after their layout (sdui-, legacy-, public-). */
const profileIds = ids.filter((id) => /^linkedin\/(?:sdui|legacy|public)-/.test(id));

/**
 * People, companies and UI text that appear in fixtures only as traps (the signed-in viewer, stale views, sidebars,
 * similar pages, association cards, related lists, hidden console tabs, ads, edit buttons, empty placeholders): never
 * in any recognised context.
 */
const DECOYS = [
  'Tobias', 'Wrenfield', 'Quentin', 'Jana Nordqvist', 'Oskar', 'Dmitri', 'Alder', 'Ruth', 'Omar', 'Greta', 'Hanna', 'Morven', 'Noor',
  'Chloé', 'Viewer', 'Aside', 'Pav', 'Brightwater', 'Kestrel Ports', 'Umbra', 'Halden', 'Luz del Sur', 'Pellucid', 'Château', 'Hôtellerie',
  'Fiona', 'Quintero', 'Orla', 'Ostrava', 'Marlowe', 'LinkedIn Member', 'Membre de LinkedIn', 'LinkedIn-Mitglied', 'Edit ', 'Modifier ',
  'Bearbeiten', 'Editar ', 'Copy', '"--"', 'followers', 'abonnés', 'seguidores', 'Follower',
];

/** Minimal page shell for synthetic cases. */
const page = (body: string, head = ''): Document => parse(`<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`);

describe('fixtures of every site', () => {
  it('has at least three fixtures per page kind, and per LinkedIn profile layout', () => {
    const kinds = ids.map((id) => fixture(id).expected.kind);
    for (const kind of PAGE_KINDS.filter((k) => k !== 'unknown')) {
      expect(kinds.filter((k) => k === kind).length, kind).toBeGreaterThanOrEqual(3);
    }
    for (const layout of ['sdui', 'legacy', 'public']) {
      expect(profileIds.filter((id) => id.startsWith(`linkedin/${layout}-`)).length).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(ids)('%s: recognised exactly as expected', (id) => {
    const { doc, url, expected } = fixture(id);
    expect(expected.url).toBe(url);
    expect(recognizePage(doc, url)).toEqual(expected);
  });

  it.each(ids)('%s: recognition does not modify the document', (id) => {
    const { doc, url } = fixture(id);
    const before = doc.documentElement.outerHTML;
    recognizePageDetailed(doc, url);
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it.each(ids)('%s: reports a strategy for every field it returns, and the layout its name says', (id) => {
    const { doc, url } = fixture(id);
    const { context, strategies, layout } = recognizePageDetailed(doc, url);
    const nameParts = id.split('/')[1]?.split('-') ?? [];
    if (profileIds.includes(id)) expect(layout).toBe(nameParts[0]);
    if (layout) expect(nameParts).toContain(layout);
    expect(strategies).toHaveLength(context.entities.length);
    context.entities.forEach((entity, index) => {
      const fields = Object.keys(entity).filter((key) => key !== 'type' && key !== 'confidence');
      expect(Object.keys(strategies[index] ?? {}).sort()).toEqual(fields.sort());
    });
  });

  it.each(ids)('%s: never reports decoys (viewer, stale views, sidebars, associations); no empty strings', (id) => {
    const { doc, url } = fixture(id);
    const context = recognizePage(doc, url);
    const text = JSON.stringify(context);
    for (const decoy of DECOYS) expect(text).not.toContain(decoy);
    for (const entity of context.entities) {
      expect(entity.confidence).toBeGreaterThan(0);
      expect(entity.confidence).toBeLessThanOrEqual(1);
      for (const value of Object.values(entity)) if (typeof value === 'string') expect(value.trim()).not.toBe('');
    }
  });

  it.each(ids)('%s: a record page gives its subject first and at most its company; a list page only rows', (id) => {
    const { doc, url } = fixture(id);
    const { kind, entities } = recognizePage(doc, url);
    expect(entities.length).toBeGreaterThan(0);
    if (kind.endsWith('-search')) return;
    const subject = /company|account|organization/.test(kind) ? 'company' : 'contact';
    expect(entities[0]?.type).toBe(subject);
    expect(entities.length).toBeLessThanOrEqual(subject === 'contact' ? 2 : 1);
    if (entities[1]) expect(entities[1].type).toBe('company');
  });

  it('marks headline-derived titles as provisional and lowers confidence (lazy Experience card)', () => {
    const lazy = fixture('linkedin/sdui-lazy-fr');
    const rendered = fixture('linkedin/sdui-basic');
    const lazyResult = recognizePageDetailed(lazy.doc, lazy.url);
    expect(lazyResult.provisional).toEqual(['title']);
    expect(recognizePageDetailed(rendered.doc, rendered.url).provisional).toEqual([]);
    expect(lazyResult.context.entities[0]?.confidence).toBeLessThan(recognizePage(rendered.doc, rendered.url).entities[0]?.confidence ?? 0);
  });

  it('raises confidence when structured data scoped to the slug agrees', () => {
    const withVoyager = fixture('linkedin/legacy-basic');
    const domOnly = fixture('linkedin/legacy-honorific-de');
    const strategies = recognizePageDetailed(withVoyager.doc, withVoyager.url).strategies[0];
    expect(strategies?.firstName).toBe('voyager');
    expect(recognizePage(withVoyager.doc, withVoyager.url).entities[0]?.confidence).toBeGreaterThan(
      recognizePage(domOnly.doc, domOnly.url).entities[0]?.confidence ?? 1,
    );
  });
});

describe('recognizePage: identity rules and traps', () => {
  const legacyTopCard = (slug: string, name: string) =>
    `<main><section class="artdeco-card pv-top-card" data-member-id="1"><h1 class="text-heading-xlarge">${name}</h1>` +
    `<div class="text-body-medium break-words">Headline of ${name}</div>` +
    `<a href="/in/${slug}/overlay/contact-info/">Contact info</a></section></main>`;
  const island = (id: number, json: unknown, request: string, comment = false) => {
    const body = JSON.stringify(json).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const datalet = JSON.stringify({ request, body: `bpr-guid-${id}` }).replace(/"/g, '&quot;');
    return `<code id="datalet-bpr-guid-${id}" style="display: none">${datalet}</code><code id="bpr-guid-${id}" style="display: none">${comment ? `<!--${body}-->` : body}</code>`;
  };
  const profile = (slug: string, firstName: string, lastName: string, urn = 'ACoAAFictTestAAAAAAAAAAAAAA') => ({
    data: {},
    included: [
      { $type: 'com.linkedin.voyager.dash.identity.profile.Profile', entityUrn: `urn:li:fsd_profile:${urn}`, publicIdentifier: slug, firstName, lastName },
      { $type: 'com.linkedin.voyager.dash.identity.profile.Position', entityUrn: `urn:li:fsd_position:(${urn},1)`, title: `Title of ${firstName}`, companyName: `${firstName} Corp`, dateRange: { start: { year: 2020 } } },
    ],
  });

  it('returns unknown for URLs no extractor handles', () => {
    const doc = page(legacyTopCard('ana-vidal', 'Ana Vidal'));
    for (const url of [
      'https://www.linkedin.com/feed/',
      'https://www.linkedin.com/jobs/view/4000000001/',
      'https://www.linkedin.com/in/',
      'https://evil-linkedin.com/in/ana-vidal',
      'https://acme-analytics.example/in/ana-vidal',
      'not a url',
    ]) {
      expect(recognizePage(doc, url)).toEqual({ url, kind: 'unknown', entities: [] });
    }
  });

  it('uses a Voyager profile only when publicIdentifier equals the URL slug (stale blobs ignored)', () => {
    const doc = page(island(1, profile('previous-person', 'Stale', 'Person'), '/voyager/api/graphql?variables=(vanityName:previous-person)') + legacyTopCard('ana-vidal', 'Ana Vidal'));
    const { context, strategies } = recognizePageDetailed(doc, 'https://www.linkedin.com/in/ana-vidal/');
    expect(context.entities[0]).toMatchObject({ fullName: 'Ana Vidal', title: 'Headline of Ana Vidal' });
    expect(JSON.stringify(context)).not.toContain('Stale');
    expect(strategies[0]?.firstName).toBe('dom-class');
  });

  it('reads a matching island even inside an HTML comment with &quot; escaping', () => {
    const doc = page(island(2, profile('ana-vidal', 'Ana', 'Vidal Ñúñez'), '/voyager/api/graphql?variables=(vanityName:ana-vidal)', true) + legacyTopCard('ana-vidal', 'Ana Vidal Ñúñez'));
    const contact = recognizePage(doc, 'https://www.linkedin.com/in/ana-vidal').entities[0];
    expect(contact).toMatchObject({ firstName: 'Ana', lastName: 'Vidal Ñúñez', title: 'Title of Ana', companyName: 'Ana Corp' });
  });

  it('never uses the viewer’s /voyager/api/me island, even when it names the URL slug', () => {
    const me = { data: { $type: 'com.linkedin.voyager.common.Me' }, included: profile('ana-vidal', 'Viewer', 'Impostor').included };
    const doc = page(island(3, me, '/voyager/api/me') + island(4, profile('ana-vidal', 'Viewer', 'Impostor'), '/voyager/api/me?x=1'));
    const contact = recognizePage(doc, 'https://www.linkedin.com/in/ana-vidal').entities[0];
    expect(JSON.stringify(contact)).not.toContain('Viewer');
  });

  it('ignores the viewer in the global nav and sidebars when no top card is rendered', () => {
    const nav = `<header><div class="global-nav__me"><img src="https://media.licdn.com/dms/image/v2/X/profile-displayphoto-shrink_100_100/0/1" alt="Viewer Person"><a href="/in/viewer-person/"><h1>Viewer Person</h1></a></div></header>`;
    const aside = `<aside><a href="/in/other-person/"><h2>Other Person</h2><p>Someone else</p></a></aside>`;
    const result = recognizePage(page(nav + aside), 'https://www.linkedin.com/in/ana-vidal/');
    expect(result.entities).toEqual([{ type: 'contact', linkedinUrl: 'https://www.linkedin.com/in/ana-vidal', confidence: 0.3 }]);
  });

  it('skips a stale SDUI top card of another profile and hidden or aria-hidden lines', () => {
    const doc = page(`
      <div id="refOLDTopcard"><a href="/in/someone-else/"><h2>Someone Else</h2></a><p>Their headline</p></div>
      <div id="refNEWTopcard"><a href="/in/ana-vidal/"><h2>Ana <span aria-hidden="true">(hidden)</span>Vidal</h2></a>
        <p hidden>Hidden headline</p><p style="color:red; display: none">Invisible headline</p><p aria-hidden="true">Aria-hidden headline</p>
        <noscript><p>Noscript headline</p></noscript>
        <p>Real headline</p><p>Real headline (truncated)…</p>
        <div><p>Porto, Portugal</p><p>·</p><p><a href="/in/ana-vidal/overlay/contact-info/">Contact info</a></p></div>
      </div>`);
    expect(recognizePage(doc, 'https://www.linkedin.com/in/ana-vidal/').entities[0]).toMatchObject({
      fullName: 'Ana Vidal',
      title: 'Real headline',
      location: 'Porto, Portugal',
    });
  });

  it('resolves relative links against the page URL, not <base>', () => {
    const doc = page(
      `<div id="xTopcard"><a href="/in/ana-vidal/"><h2>Ana Vidal</h2></a><p>Engineer</p></div>
       <section data-testid="profile_ExperienceTopLevelSection_ana-vidal"><div componentkey="entity-collection-item-1">
       <a href="../../../company/acme-analytics/about/"><p>Engineer</p></a><p>Acme Analytics · Full-time</p><p>2021 - Present</p></div></section>`,
      '<base href="https://elsewhere.example/x/y/">',
    );
    expect(recognizePage(doc, 'https://www.linkedin.com/in/ana-vidal/details/').entities[1]).toEqual({
      type: 'company',
      name: 'Acme Analytics',
      linkedinUrl: 'https://www.linkedin.com/company/acme-analytics',
      confidence: 0.85,
    });
  });

  it('ignores placeholder photos (ghost, data:) and reads real profile photos only inside the top card', () => {
    const doc = page(
      `<img src="https://media.licdn.com/dms/image/v2/V/profile-displayphoto-shrink_100_100/0/1" alt="viewer">` +
        `<div id="xTopcard"><a href="/in/ana-vidal/"><img src="data:image/png;base64,AAAA" class="profile-displayphoto"><h2>Ana Vidal</h2></a></div>`,
    );
    expect(recognizePage(doc, 'https://www.linkedin.com/in/ana-vidal').entities[0]).not.toHaveProperty('photoUrl');
  });

  it('keeps a member id’s case when the page shows no vanity slug', () => {
    const url = 'https://www.linkedin.com/in/ACoAAFictMemberIdAbCdEfGhIj/';
    expect(recognizePage(page(''), url).entities[0]).toEqual({
      type: 'contact',
      linkedinUrl: 'https://www.linkedin.com/in/ACoAAFictMemberIdAbCdEfGhIj',
      confidence: 0.3,
    });
  });

  it('never throws on odd documents', () => {
    for (const html of ['', '<code id="bpr-guid-1">{not json</code>', '<script type="application/ld+json">{"@graph": [1, null, "x"]}</script>', '<div id="Topcard"></div>']) {
      expect(() => recognizePage(parse(html), 'https://www.linkedin.com/in/ana-vidal')).not.toThrow();
    }
  });
});

describe('normalize', () => {
  it('canonicalLinkedInProfileUrl', () => {
    const cases: [string, string | null][] = [
      ['https://www.linkedin.com/in/ana-vidal/', 'https://www.linkedin.com/in/ana-vidal'],
      ['https://uk.linkedin.com/in/Ana-Vidal?trk=x#y', 'https://www.linkedin.com/in/ana-vidal'],
      ['http://linkedin.com/in/ana-vidal/overlay/contact-info/', 'https://www.linkedin.com/in/ana-vidal'],
      ['https://www.linkedin.com/in/ana-vidal/details/experience/', 'https://www.linkedin.com/in/ana-vidal'],
      ['https://www.linkedin.com/in/s%C3%B8ren-haldorsen/', 'https://www.linkedin.com/in/søren-haldorsen'],
      ['https://www.linkedin.com/in/S%C3%98REN/', 'https://www.linkedin.com/in/søren'],
      ['www.linkedin.com/in/ana-vidal', 'https://www.linkedin.com/in/ana-vidal'],
      ['https://www.linkedin.com/in/ACoAABfIctIV01xYzQwErTy12/', 'https://www.linkedin.com/in/ACoAABfIctIV01xYzQwErTy12'],
      ['https://www.linkedin.com/company/acme/', null],
      ['https://evil-linkedin.com/in/ana', null],
      ['https://linkedin.com.evil.example/in/ana', null],
      ['javascript:alert(1)//linkedin.com/in/ana', null],
      ['https://www.linkedin.com/in/%2F', null],
    ];
    for (const [input, expected] of cases) expect(canonicalLinkedInProfileUrl(input), input).toBe(expected);
    expect(canonicalLinkedInProfileUrl('/in/ana-vidal/', 'https://de.linkedin.com/feed/')).toBe('https://www.linkedin.com/in/ana-vidal');
  });

  it('canonicalLinkedInCompanyUrl', () => {
    expect(canonicalLinkedInCompanyUrl('https://uk.linkedin.com/company/Acme-Analytics/about/?trk=x')).toBe('https://www.linkedin.com/company/acme-analytics');
    expect(canonicalLinkedInCompanyUrl('/company/48213377/', 'https://www.linkedin.com/in/x')).toBe('https://www.linkedin.com/company/48213377');
    expect(canonicalLinkedInCompanyUrl('https://www.linkedin.com/sales/company/1234')).toBe('https://www.linkedin.com/company/1234');
    expect(canonicalLinkedInCompanyUrl('https://www.linkedin.com/in/ana')).toBeNull();
    expect(canonicalLinkedInCompanyUrl('https://acme.example/company/acme')).toBeNull();
  });

  it('normalizeDomain', () => {
    const cases: [string, string | null][] = [
      ['https://www.Acme-Analytics.example:8443/about?x=1', 'acme-analytics.example'],
      ['acme-analytics.example', 'acme-analytics.example'],
      ['www2.acme.example.', 'acme.example'],
      ['https://www.linkedin.com/redir/redirect?url=https%3A%2F%2Fwww.acme-analytics.example%2F&urlhash=abc', 'acme-analytics.example'],
      ['https://www.linkedin.com/safety/go?url=http%3A%2F%2Fnorthwind.example', 'northwind.example'],
      ['https://münchen.example/', 'xn--mnchen-3ya.example'],
      ['http://192.168.0.1/', null],
      ['localhost:3000', null],
      ['mailto:ana@acme.example', null],
      ['javascript:alert(1)', null],
      ['', null],
    ];
    for (const [input, expected] of cases) expect(normalizeDomain(input) ?? null, input).toBe(expected);
  });

  it('normalizeEmail', () => {
    const cases: [string, string | null][] = [
      ['  Ana.Vidal@ACME-Analytics.Example ', 'Ana.Vidal@acme-analytics.example'],
      ['mailto:ana@acme.example?subject=Hello', 'ana@acme.example'],
      ['<ana@acme.example>,', 'ana@acme.example'],
      ['MAILTO:ana%2Bsales@acme.example', 'ana+sales@acme.example'],
      ['ana..vidal@acme.example', null],
      ['.ana@acme.example', null],
      ['ana@localhost', null],
      ['ana@acme.123', null],
      ['ana vidal@acme.example', null],
      ['@acme.example', null],
      [`${'a'.repeat(65)}@acme.example`, null],
    ];
    for (const [input, expected] of cases) expect(normalizeEmail(input), input).toBe(expected);
  });

  it('collapseWhitespace', () => {
    expect(collapseWhitespace('  Ana \n\t Vidal\u00a0 \u202fRuiz\u200b ')).toBe('Ana Vidal Ruiz');
  });

  it('cleanName and splitName', () => {
    const cases: [string, string, { firstName?: string; lastName?: string }][] = [
      ['Dr. Ana Ruiz, PhD', 'Ana Ruiz', { firstName: 'Ana', lastName: 'Ruiz' }],
      ['Prof. Dr. Benedikt Sommerfeldt', 'Benedikt Sommerfeldt', { firstName: 'Benedikt', lastName: 'Sommerfeldt' }],
      ['Jonas Weber MBA', 'Jonas Weber', { firstName: 'Jonas', lastName: 'Weber' }],
      ['Rosa Costa, CPA', 'Rosa Costa', { firstName: 'Rosa', lastName: 'Costa' }],
      ['Grace Chen, MBA, CGMA', 'Grace Chen', { firstName: 'Grace', lastName: 'Chen' }],
      ['Maëlle Garnier-Vautrin 🌿', 'Maëlle Garnier-Vautrin', { firstName: 'Maëlle', lastName: 'Garnier-Vautrin' }],
      ['🚀 Liam O’Brien (he/him)', 'Liam O’Brien', { firstName: 'Liam', lastName: 'O’Brien' }],
      ['Ana van der Berg | Hiring!', 'Ana van der Berg', { firstName: 'Ana', lastName: 'van der Berg' }],
      ['Wen Ma', 'Wen Ma', { firstName: 'Wen', lastName: 'Ma' }],
      ['Ana Ruiz · 2nd', 'Ana Ruiz', { firstName: 'Ana', lastName: 'Ruiz' }],
      ['Cher', 'Cher', { firstName: 'Cher' }],
      ['  ', '', {}],
    ];
    for (const [input, clean, split] of cases) {
      expect(cleanName(input), input).toBe(clean);
      expect(splitName(input), input).toEqual(split);
    }
  });
});

describe('classifySelection', () => {
  it('classifies emails, LinkedIn URLs, domains and names', () => {
    const cases: [string, ReturnType<typeof classifySelection>][] = [
      [' Ana.Vidal@Acme-Analytics.example ', { kind: 'email', email: 'Ana.Vidal@acme-analytics.example' }],
      ['mailto:ana@acme-analytics.example?subject=hi', { kind: 'email', email: 'ana@acme-analytics.example' }],
      ['Ana Vidal <ana@acme-analytics.example>', { kind: 'email', email: 'ana@acme-analytics.example' }],
      ['https://uk.linkedin.com/in/Ana-Vidal/?trk=x', { kind: 'linkedin-profile', linkedinUrl: 'https://www.linkedin.com/in/ana-vidal' }],
      ['linkedin.com/in/ana-vidal/overlay/contact-info/', { kind: 'linkedin-profile', linkedinUrl: 'https://www.linkedin.com/in/ana-vidal' }],
      ['https://www.linkedin.com/company/acme-analytics/people/', { kind: 'linkedin-company', linkedinUrl: 'https://www.linkedin.com/company/acme-analytics' }],
      ['acme-analytics.example', { kind: 'domain', domain: 'acme-analytics.example' }],
      ['https://www.acme-analytics.example/pricing?x=1', { kind: 'domain', domain: 'acme-analytics.example' }],
      ['www.northwind.example/', { kind: 'domain', domain: 'northwind.example' }],
      ['Ana Vidal', { kind: 'name', firstName: 'Ana', lastName: 'Vidal' }],
      ['  José   García\n', { kind: 'name', firstName: 'José', lastName: 'García' }],
      ['Dr. Ana Ruiz, PhD', { kind: 'name', firstName: 'Ana', lastName: 'Ruiz' }],
      ['Ludwig van Beethoven', { kind: 'name', firstName: 'Ludwig', lastName: 'van Beethoven' }],
      ['Ana Vidal at Acme Analytics', { kind: 'name', firstName: 'Ana', lastName: 'Vidal', companyName: 'Acme Analytics' }],
      ['Ana Vidal @ Acme Analytics', { kind: 'name', firstName: 'Ana', lastName: 'Vidal', companyName: 'Acme Analytics' }],
      ['Ana Vidal @Acme', { kind: 'name', firstName: 'Ana', lastName: 'Vidal', companyName: 'Acme' }],
      ['Ana Vidal, Acme Analytics', { kind: 'name', firstName: 'Ana', lastName: 'Vidal', companyName: 'Acme Analytics' }],
      ['Ana Vidal, IBM', { kind: 'name', firstName: 'Ana', lastName: 'Vidal', companyName: 'IBM' }],
      ['Łukasz Dąbrowski', { kind: 'name', firstName: 'Łukasz', lastName: 'Dąbrowski' }],
    ];
    for (const [input, expected] of cases) expect(classifySelection(input), input).toEqual(expected);
  });

  it('returns null for anything else, including hostile input', () => {
    const cases = [
      '',
      '   ',
      'Ana',
      'hello world this is a sentence',
      'I think this is great',
      'ana vidal',
      'report.pdf',
      'https://www.linkedin.com/feed/',
      'not-an-email@',
      'ana@acme',
      '<script>alert(1)</script>',
      'Ana <b>Vidal</b>',
      'javascript:alert(document.cookie)',
      'data:text/html;base64,PHNjcmlwdD4=',
      "Robert'); DROP TABLE contacts;--",
      '=cmd|\' /C calc\'!A0',
      'Ana\u0000Vidal',
      'Ana Vidal\u0007',
      'Ana \u202eladiV',
      'Ana\u200fVidal',
      `Ana ${'Vidal'.repeat(50)}`,
      'A'.repeat(201),
      'x'.repeat(5000),
      'Ana Vidal at <img src=x onerror=alert(1)>',
      'Ana Vidal at Acme; rm -rf /',
      'http://192.168.1.1/admin',
      '1234 5678',
      'Ana Vidal 12345',
    ];
    for (const input of cases) expect(classifySelection(input), JSON.stringify(input)).toBeNull();
  });
});

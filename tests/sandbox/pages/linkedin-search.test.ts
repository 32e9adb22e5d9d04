/**
 * The sandbox's LinkedIn people-search pages are recognised as exactly the dataset people asked for, in order, never
 * the viewer, filter pills or mutual connections; the server serves them by slug list (default list without one) and
 * the e2e harness maps LinkedIn search URLs to them.
 */
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recognizePage, recognizePageDetailed } from '../../../lib/recognition';
import { DEFAULT_DATASET, FEATURED, findPersonBySlug } from '../dataset';
import type { SandboxDataset, SandboxPerson } from '../dataset-types';
import { startSandbox, type Sandbox } from '../server';
import { profileLocation } from './linkedin-profile';
import { sandboxPathForLinkedIn } from './linkedin-routes';
import { defaultSearchPeople, renderLinkedInSearch, searchProfileUrl } from './linkedin-search';

const SEARCH_URL = 'https://www.linkedin.com/search/results/people/?keywords=sandbox&origin=SWITCH_SEARCH_VERTICAL';

function recognise(html: string, url = SEARCH_URL) {
  const doc = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return recognizePage(doc, url);
}

function person(slug: string, dataset: SandboxDataset = DEFAULT_DATASET): SandboxPerson {
  const found = findPersonBySlug(slug, dataset);
  if (!found) throw new Error(`no person ${slug}`);
  return found;
}

/** What recognition reports as the profile URL: no trailing slash, slug decoded, NFC, lower case. */
const canonicalProfile = (p: SandboxPerson): string => `https://www.linkedin.com/in/${p.linkedinSlug.normalize('NFC').toLowerCase()}`;

const expected = (p: SandboxPerson) => ({ type: 'contact', fullName: p.displayName, linkedinUrl: canonicalProfile(p) });

describe('defaultSearchPeople', () => {
  it('lists eight distinct dataset people: six featured ones first, then two plain people', () => {
    const slugs = defaultSearchPeople(DEFAULT_DATASET);
    expect(slugs).toHaveLength(8);
    expect(new Set(slugs).size).toBe(8);
    expect(slugs.slice(0, 6)).toEqual([FEATURED.withEmailAndPhone, FEATURED.noEmail, FEATURED.restricted, FEATURED.gdpr, FEATURED.eu, FEATURED.noPhone]);
    for (const slug of slugs.slice(6)) {
      const p = person(slug);
      expect(p.restricted || p.gdprBlocked).toBe(false);
      expect(p.displayName).toBe(`${p.firstName} ${p.lastName}`);
      expect(p.emails.length).toBeGreaterThan(0);
      expect(p.phones.some((ph) => !ph.doNotCall)).toBe(true);
    }
    expect(defaultSearchPeople(DEFAULT_DATASET)).toEqual(slugs);
  });
});

describe('renderLinkedInSearch', () => {
  it('is recognised as a people search of exactly the default people, in order', () => {
    const people = defaultSearchPeople(DEFAULT_DATASET).map((slug) => person(slug));
    const result = recognise(renderLinkedInSearch(people, DEFAULT_DATASET));
    expect(result.kind).toBe('linkedin-search');
    expect(result.entities).toHaveLength(people.length);
    expect(result.entities.map((e) => (e.type === 'contact' ? [e.fullName, e.linkedinUrl] : [])))
      .toEqual(people.map((p) => [p.displayName, canonicalProfile(p)]));
    people.forEach((p, i) => {
      expect(result.entities[i]).toMatchObject({ ...expected(p), firstName: p.firstName, lastName: p.lastName, title: p.headline, location: profileLocation(p) });
    });
    const doc = new DOMParser().parseFromString(renderLinkedInSearch(people, DEFAULT_DATASET), 'text/html') as unknown as Document;
    expect(recognizePageDetailed(doc, SEARCH_URL).layout).toBe('sdui');
    const text = JSON.stringify(result);
    for (const other of ['Sam Reyfield', 'Ruth Calloway', 'Omar Belvedere', 'Greta Marchetti', 'Connections']) expect(text).not.toContain(other);
  });

  it('keeps the order asked for and handles honorifics and non-ASCII slugs', () => {
    const people = [FEATURED.nonAsciiSlug, FEATURED.honorific, FEATURED.eu, FEATURED.withEmailAndPhone].map((slug) => person(slug));
    const html = renderLinkedInSearch(people, DEFAULT_DATASET);
    expect(html).toContain(`href="${searchProfileUrl(people[0]!)}"`);
    expect(searchProfileUrl(people[3]!)).toBe(`https://www.linkedin.com/in/${FEATURED.withEmailAndPhone}/`);
    const result = recognise(html);
    expect(result.kind).toBe('linkedin-search');
    expect(result.entities).toEqual(people.map((p) => expect.objectContaining(expected(p))));
    const reversed = recognise(renderLinkedInSearch([...people].reverse(), DEFAULT_DATASET));
    expect(reversed.entities).toEqual([...people].reverse().map((p) => expect.objectContaining(expected(p))));
  });

  it('escapes text', () => {
    const base = person(FEATURED.withEmailAndPhone);
    const hostile: SandboxPerson = {
      ...base,
      firstName: 'Liam',
      lastName: "O'Brien",
      displayName: "Liam O'Brien",
      title: 'R&D Lead <Platform>',
      headline: 'Building <script>alert("x")</script> & "things"',
    };
    const dataset: SandboxDataset = { ...DEFAULT_DATASET, people: [hostile] };
    const html = renderLinkedInSearch([hostile], dataset);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<Platform>');
    expect(html).not.toMatch(/<script/);
    const sources = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1] ?? '');
    for (const src of sources) expect(src).toMatch(/^data:/);
    expect(recognise(html).entities).toEqual([expect.objectContaining({ fullName: "Liam O'Brien", title: hostile.headline })]);
  });

  it('renders an empty result list as a search with no people', () => {
    const result = recognise(renderLinkedInSearch([], DEFAULT_DATASET));
    expect(result.kind).toBe('linkedin-search');
    expect(result.entities).toEqual([]);
  });
});

describe('sandboxPathForLinkedIn', () => {
  it('maps people search URLs to the search page, passing the query on, and keeps profile URLs', () => {
    const path = (url: string, layout?: 'legacy') => sandboxPathForLinkedIn(new URL(url), layout);
    expect(path('https://www.linkedin.com/search/results/people/?people=a-1,b-2')).toBe('/__sandbox/pages/linkedin/search?people=a-1,b-2');
    expect(path('https://www.linkedin.com/search/results/people?keywords=data')).toBe('/__sandbox/pages/linkedin/search?keywords=data');
    expect(path('https://www.linkedin.com/search/results/people/')).toBe('/__sandbox/pages/linkedin/search');
    expect(path('https://www.linkedin.com/search/results/companies/?keywords=data')).toBeUndefined();
    expect(path('https://www.linkedin.com/in/vera-mizrahi-aa135d/')).toBe('/__sandbox/pages/linkedin/in/vera-mizrahi-aa135d');
    expect(path('https://de.linkedin.com/in/jos%C3%A9-x/overlay/contact-info/', 'legacy')).toBe('/__sandbox/pages/linkedin/in/jos%C3%A9-x?layout=legacy');
    expect(path('https://www.linkedin.com/feed/')).toBeUndefined();
  });
});

describe('sandbox search route', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const fetchSearch = (query: string) => fetch(`${sandbox.url}/__sandbox/pages/linkedin/search${query}`);

  it('lists the people asked for, in order', async () => {
    const slugs = [FEATURED.gdpr, FEATURED.nonAsciiSlug, FEATURED.withEmailAndPhone];
    const response = await fetchSearch(`?people=${slugs.map(encodeURIComponent).join(',')}&keywords=x`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const result = recognise(await response.text());
    expect(result.kind).toBe('linkedin-search');
    expect(result.entities).toEqual(slugs.map((slug) => expect.objectContaining(expected(person(slug)))));
  });

  it('lists the default people without `people`, through the LinkedIn URL mapping too', async () => {
    const defaults = defaultSearchPeople(DEFAULT_DATASET).map((slug) => expect.objectContaining(expected(person(slug))));
    for (const query of ['', '?people=', '?keywords=data%20platform']) {
      const response = await fetchSearch(query);
      expect(response.status).toBe(200);
      expect(recognise(await response.text()).entities).toEqual(defaults);
    }
    const linkedin = 'https://www.linkedin.com/search/results/people/?keywords=data&origin=GLOBAL_SEARCH_HEADER';
    const mapped = await fetch(`${sandbox.url}${sandboxPathForLinkedIn(new URL(linkedin)) ?? '/missing'}`);
    expect(recognise(await mapped.text(), linkedin).entities).toEqual(defaults);
  });

  it('answers 404 when any slug is unknown', async () => {
    const unknown = await fetchSearch(`?people=${FEATURED.withEmailAndPhone},nobody-000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(await unknown.text()).toContain('nobody-000000');
    expect((await fetchSearch('?people=nobody-000000')).status).toBe(404);
  });
});

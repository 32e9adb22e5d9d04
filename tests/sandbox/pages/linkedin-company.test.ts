/**
 * The sandbox's LinkedIn company pages are recognised as their dataset company (name, website domain, industry, size,
 * headquarters), never the "similar pages" or the viewer; the server serves them by slug or id and the e2e harness
 * maps LinkedIn company URLs to them.
 */
import { DOMParser } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recognizePage, recognizePageDetailed } from '../../../lib/recognition';
import { companyOf, DEFAULT_DATASET, FEATURED, findPersonBySlug } from '../dataset';
import type { SandboxCompany, SandboxDataset } from '../dataset-types';
import { startSandbox, type Sandbox } from '../server';
import { companyLocation, companyPageUrl, renderLinkedInCompany } from './linkedin-company';
import { sandboxPathForLinkedIn } from './linkedin-routes';

function recognise(html: string, url: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return recognizePage(doc, url);
}

const featuredPerson = findPersonBySlug(FEATURED.withEmailAndPhone);
if (!featuredPerson) throw new Error('no featured person');
/** The natural example: the company of `FEATURED.withEmailAndPhone`. */
const FEATURED_COMPANY = companyOf(featuredPerson, DEFAULT_DATASET);

const expected = (c: SandboxCompany) => ({
  type: 'company',
  name: c.name,
  domain: c.domain,
  industry: c.industry,
  size: c.size,
  location: companyLocation(c),
  linkedinUrl: `https://www.linkedin.com/company/${c.linkedinSlug}`,
});

describe('renderLinkedInCompany', () => {
  it('is recognised as the featured person\'s company, and nothing else', () => {
    const html = renderLinkedInCompany(FEATURED_COMPANY, DEFAULT_DATASET);
    const url = companyPageUrl(FEATURED_COMPANY);
    expect(url).toBe(`https://www.linkedin.com/company/${FEATURED_COMPANY.linkedinSlug}/`);
    const result = recognise(html, url);
    expect(result.kind).toBe('linkedin-company');
    expect(result.entities).toEqual([expect.objectContaining(expected(FEATURED_COMPANY))]);
    expect(result.entities[0]?.confidence).toBeGreaterThanOrEqual(0.8);
    const others = DEFAULT_DATASET.companies.filter((c) => c.id !== FEATURED_COMPANY.id && html.includes(c.name));
    expect(others.length).toBeGreaterThan(0); // the "similar pages" traps are there
    const text = JSON.stringify(result);
    for (const other of [...others.map((c) => c.name), 'Sam', 'Reyfield', 'recruit-board']) expect(text).not.toContain(other);
  });

  it('is the logged-in legacy layout, and its top card alone names the company', () => {
    const html = renderLinkedInCompany(FEATURED_COMPANY, DEFAULT_DATASET);
    const url = companyPageUrl(FEATURED_COMPANY);
    const doc = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    expect(recognizePageDetailed(doc, url).layout).toBe('legacy');
    for (const el of [...doc.querySelectorAll('code, title')]) el.remove();
    const detailed = recognizePageDetailed(doc, url);
    expect(detailed.context.entities).toEqual([expect.objectContaining(expected(FEATURED_COMPANY))]);
    expect(detailed.strategies[0]?.name).toBe('dom-class');
  });

  it('is recognised on sub-routes and under the numeric id', () => {
    const html = renderLinkedInCompany(FEATURED_COMPANY, DEFAULT_DATASET);
    const about = recognise(html, `${companyPageUrl(FEATURED_COMPANY)}about/`);
    expect(about.entities).toEqual([expect.objectContaining(expected(FEATURED_COMPANY))]);
    const byId = recognise(html, `https://www.linkedin.com/company/${FEATURED_COMPANY.id}/`);
    expect(byId.entities).toEqual([expect.objectContaining({ ...expected(FEATURED_COMPANY), linkedinUrl: `https://www.linkedin.com/company/${FEATURED_COMPANY.id}` })]);
  });

  it('is recognised for every dataset company', () => {
    for (const company of DEFAULT_DATASET.companies) {
      const result = recognise(renderLinkedInCompany(company, DEFAULT_DATASET), companyPageUrl(company));
      expect(result.kind).toBe('linkedin-company');
      expect(result.entities).toEqual([expect.objectContaining(expected(company))]);
    }
  });

  it('escapes text and loads nothing from the network', () => {
    const hostile: SandboxCompany = { ...FEATURED_COMPANY, name: 'Smith & "Sons" <Ltd>', industry: 'R&D <script>alert("x")</script>' };
    const dataset: SandboxDataset = { ...DEFAULT_DATASET, companies: [hostile, ...DEFAULT_DATASET.companies.slice(1)] };
    const html = renderLinkedInCompany(hostile, dataset);
    expect(html).not.toContain('<Ltd>');
    expect(html).not.toMatch(/<script/);
    expect(html).not.toMatch(/<link[^>]+stylesheet|@import|url\(http/);
    for (const [, src] of html.matchAll(/\ssrc="([^"]*)"/g)) expect(src).toMatch(/^data:/);
    expect(recognise(html, companyPageUrl(hostile)).entities).toEqual([expect.objectContaining({ name: hostile.name, industry: hostile.industry, domain: hostile.domain })]);
  });
});

describe('sandboxPathForLinkedIn', () => {
  it('maps company URLs (any sub-route) to the company page', () => {
    const path = (url: string) => sandboxPathForLinkedIn(new URL(url));
    expect(path('https://www.linkedin.com/company/riverstone-systems/')).toBe('/__sandbox/pages/linkedin/company/riverstone-systems');
    expect(path('https://www.linkedin.com/company/riverstone-systems')).toBe('/__sandbox/pages/linkedin/company/riverstone-systems');
    expect(path('https://uk.linkedin.com/company/16300001/about/?trk=x')).toBe('/__sandbox/pages/linkedin/company/16300001');
    expect(path('https://www.linkedin.com/company/')).toBeUndefined();
  });
});

describe('sandbox company route', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('serves company pages by slug, id and sub-route', async () => {
    for (const key of [FEATURED_COMPANY.linkedinSlug, `${FEATURED_COMPANY.linkedinSlug}/`, FEATURED_COMPANY.id, `${FEATURED_COMPANY.linkedinSlug}/about/`, FEATURED_COMPANY.linkedinSlug.toUpperCase()]) {
      const response = await fetch(`${sandbox.url}/__sandbox/pages/linkedin/company/${key}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const result = recognise(await response.text(), companyPageUrl(FEATURED_COMPANY));
      expect(result.entities).toEqual([expect.objectContaining(expected(FEATURED_COMPANY))]);
    }
  });

  it('serves the company a profile page links to, through the LinkedIn URL mapping', async () => {
    const other = DEFAULT_DATASET.companies[7]!;
    const path = sandboxPathForLinkedIn(new URL(companyPageUrl(other)));
    const response = await fetch(`${sandbox.url}${path ?? '/missing'}`);
    expect(response.status).toBe(200);
    expect(recognise(await response.text(), companyPageUrl(other)).entities).toEqual([expect.objectContaining(expected(other))]);
  });

  it('answers 404 for unknown companies', async () => {
    const missing = await fetch(`${sandbox.url}/__sandbox/pages/linkedin/company/no-such-company`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect(await missing.text()).toContain('no-such-company');
  });
});

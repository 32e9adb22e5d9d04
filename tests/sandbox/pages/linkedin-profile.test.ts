/**
 * The sandbox's LinkedIn profile pages are recognised as their person in every layout, never as the signed-in viewer
 * or a previously viewed (stale) profile; text is escaped; pages load nothing from the network but profile photos.
 */
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { recognizePage } from '../../../lib/recognition';
import type { SandboxCompany, SandboxPerson } from '../dataset-types';
import { profileLocation, renderLinkedInProfile, type ProfileLayout } from './linkedin-profile';

function person(overrides: Partial<SandboxPerson> & Pick<SandboxPerson, 'id' | 'firstName' | 'lastName' | 'linkedinSlug'>): SandboxPerson {
  return {
    displayName: `${overrides.firstName} ${overrides.lastName}`,
    title: 'Head of Data',
    headline: 'Head of Data at Somewhere | Always learning',
    seniority: 'Director',
    departments: ['Data'],
    companyId: 'c1',
    location: { country: 'Portugal', countryIso2: 'PT', city: 'Lisbon', isEuContact: true },
    emails: [],
    phones: [],
    restricted: false,
    gdprBlocked: false,
    photo: true,
    ...overrides,
  };
}

const company = (name: string, linkedinSlug: string): SandboxCompany => ({
  id: '16300001',
  name,
  domain: `${linkedinSlug}.example`,
  apiDomain: `www.${linkedinSlug}.example`,
  industry: 'Software Development',
  size: '51-200 employees',
  linkedinSlug,
  location: { country: 'Portugal', city: 'Lisbon' },
});

const PEOPLE: [SandboxPerson, SandboxCompany][] = [
  [person({ id: '4389000101', firstName: 'Ana', lastName: 'Vidal', linkedinSlug: 'ana-vidal-4f2a1c', title: 'Data Platform Lead' }), company('Acme Analytics', 'acme-analytics')],
  [
    person({
      id: '4389000102',
      firstName: 'Amara',
      lastName: 'Okafor-Lind',
      displayName: 'Dr. Amara Okafor-Lind, PhD',
      linkedinSlug: 'amara-okafor-lind',
      title: 'Chief Medical Officer',
      location: { country: 'United States', countryIso2: 'US', state: 'Massachusetts', city: 'Boston', isEuContact: false },
    }),
    company('Verdant Health', 'verdant-health'),
  ],
  [
    person({ id: '4389000103', firstName: 'Zoë', lastName: 'Müller', displayName: 'Prof. Dr. Zoë Müller', linkedinSlug: 'zoë-müller', photo: false, title: 'Forschungsleiterin' }),
    company('Glacier Robotik GmbH', 'glacier-robotik'),
  ],
  [
    person({
      id: '4389000104',
      firstName: 'Liam',
      lastName: "O'Brien",
      displayName: "Liam O'Brien MBA",
      linkedinSlug: 'liam-obrien',
      title: 'R&D Lead <Platform>',
      headline: 'Building <script>alert("x")</script> & "things" for R&D',
      location: { country: 'United States', countryIso2: 'US', state: 'Idaho', city: "Coeur d'Alene", isEuContact: false },
    }),
    company('Smith & "Sons" <Ltd>', 'smith-and-sons'),
  ],
];

const VIEWER = person({ id: '4389000900', firstName: 'Vivian', lastName: 'Nightingale-Viewer', linkedinSlug: 'vivian-nightingale-viewer', title: 'Account Executive', headline: 'Account Executive at Umbra Labs' });
const STALE = person({ id: '4389000901', firstName: 'Stellan', lastName: 'Oldprofile', linkedinSlug: 'stellan-oldprofile', title: 'Former Subject', headline: 'Former Subject at Cinder Security' });
const LAYOUTS: ProfileLayout[] = ['sdui', 'legacy', 'public'];

function recognise(html: string, slug: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return recognizePage(doc, `https://www.linkedin.com/in/${encodeURIComponent(slug)}/`);
}

describe('renderLinkedInProfile', () => {
  for (const layout of LAYOUTS) {
    it.each(PEOPLE.map(([p, c]) => [p.displayName, p, c] as const))(`${layout}: %s is recognised, never the viewer or the stale profile`, (_label, p, c) => {
      const html = renderLinkedInProfile(p, c, { layout, viewer: VIEWER, stalePerson: STALE });
      const result = recognise(html, p.linkedinSlug);
      expect(result.kind).toBe('linkedin-profile');
      const [contact, employer, ...rest] = result.entities;
      expect(rest).toEqual([]);
      expect(contact).toMatchObject({
        type: 'contact',
        fullName: p.displayName,
        firstName: p.firstName,
        lastName: p.lastName,
        title: p.title,
        companyName: c.name,
        location: profileLocation(p),
        linkedinUrl: `https://www.linkedin.com/in/${p.linkedinSlug.normalize('NFC').toLowerCase()}`,
      });
      expect(contact?.confidence).toBeGreaterThanOrEqual(0.8);
      if (p.photo) expect(contact).toHaveProperty('photoUrl', expect.stringMatching(/^https:\/\/media\.licdn\.com\/.*profile-displayphoto/));
      else expect(contact).not.toHaveProperty('photoUrl');
      expect(employer).toMatchObject({ type: 'company', name: c.name, linkedinUrl: `https://www.linkedin.com/company/${c.linkedinSlug}` });

      const text = JSON.stringify(result);
      for (const other of ['Vivian', 'Nightingale', 'Stellan', 'Oldprofile', 'Cinder', 'Ruth', 'Omar', 'Greta', 'Sam Reyfield']) expect(text).not.toContain(other);
    });

    it(`${layout}: escapes text and loads nothing from the network except profile photos`, () => {
      const [p, c] = PEOPLE[3] ?? PEOPLE[0]!;
      const html = renderLinkedInProfile(p, c, { layout, viewer: VIEWER, stalePerson: STALE });
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<Platform>');
      expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
      expect(html).not.toMatch(/<link[^>]+stylesheet|@import|url\(http/);
      const sources = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1] ?? '');
      for (const src of sources) expect(src).toMatch(/^(data:|https:\/\/media\.licdn\.com\/dms\/image\/)/);
      expect(html).toContain('<title>');
      expect(html).toMatch(/People also viewed|More profiles for you/);
    });
  }

  it('defaults to the SDUI layout with a fictional signed-in viewer', () => {
    const [p, c] = PEOPLE[0]!;
    const html = renderLinkedInProfile(p, c);
    expect(html).toContain('Topcard');
    expect(html).toContain('global-nav__me');
    expect(recognise(html, p.linkedinSlug).entities[0]).toMatchObject({ fullName: p.displayName, title: p.title });
  });

  it('renders the viewer and stale person as traps in the logged-in layouts', () => {
    const [p, c] = PEOPLE[0]!;
    for (const layout of ['sdui', 'legacy'] as const) {
      const html = renderLinkedInProfile(p, c, { layout, viewer: VIEWER, stalePerson: STALE });
      expect(html).toContain('Nightingale-Viewer');
      expect(html).toContain('stellan-oldprofile');
    }
    expect(renderLinkedInProfile(p, c, { layout: 'legacy', viewer: VIEWER }).match(/\/voyager\/api\/me/g)).toHaveLength(1);
  });
});

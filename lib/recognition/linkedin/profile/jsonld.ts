/**
 * JSON-LD on logged-out public profiles (2024 captures): an `@graph` (or a `ProfilePage.mainEntity`) holding
 * `Person{name, jobTitle, worksFor[{name,url}], address{addressLocality}, image, url, sameAs}`. Only a Person whose
 * `url`/`sameAs` names the URL's profile is used; an unlinked Person only when it is the only one.
 */
import { canonicalLinkedInCompanyUrl, collapseWhitespace, parseLinkedInProfileUrl, type LinkedInProfileRef } from '../../../domain/normalize';
import type { StructuredProfile } from './reading';
import { PUBLIC } from './selectors';

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? collapseWhitespace(value) : undefined);

/** Every node of a JSON-LD document: arrays, `@graph` and `mainEntity` flattened. */
function nodes(value: unknown, out: Json[] = [], depth = 0): Json[] {
  if (depth > 4) return out;
  for (const item of list(value)) {
    if (!isRecord(item)) continue;
    out.push(item);
    nodes(item['@graph'], out, depth + 1);
    nodes(item.mainEntity, out, depth + 1);
  }
  return out;
}

const isPerson = (node: Json): boolean => list(node['@type']).includes('Person');

/** Profile slugs a Person links to (`url`, `sameAs`). */
function personSlugs(person: Json): string[] {
  return [...list(person.url), ...list(person.sameAs)]
    .map((href) => (typeof href === 'string' ? parseLinkedInProfileUrl(href)?.slug : undefined))
    .filter((slug): slug is string => slug !== undefined);
}

function imageUrl(value: unknown): string | undefined {
  const image = list(value)[0];
  const url = isRecord(image) ? str(image.contentUrl) ?? str(image.url) : str(image);
  return url && /^https:\/\/.*profile-displayphoto/.test(url) ? url : undefined;
}

/** Every node of every JSON-LD block of the document (also read by the company extractor). */
export function jsonLdNodes(doc: Document): Json[] {
  const all: Json[] = [];
  for (const script of Array.from(doc.querySelectorAll(PUBLIC.jsonLd))) {
    try {
      nodes(JSON.parse(script.textContent ?? '') as unknown, all);
    } catch {
      // Malformed JSON-LD: ignore this block.
    }
  }
  return all;
}

/** The subject's JSON-LD Person, or `undefined`. */
export function readJsonLdPerson(doc: Document, ref: LinkedInProfileRef): StructuredProfile | undefined {
  const people = jsonLdNodes(doc).filter(isPerson);
  const person = people.find((p) => personSlugs(p).includes(ref.slug)) ?? (people.length === 1 && personSlugs(people[0] ?? {}).length === 0 ? people[0] : undefined);
  if (!person) return undefined;

  const employer = list(person.worksFor).find(isRecord);
  const employerUrl = employer ? str(employer.url) : undefined;
  const address = list(person.address).find(isRecord);
  return {
    strategy: 'json-ld',
    fullName: str(person.name),
    location: address ? str(address.addressLocality) : undefined,
    photoUrl: imageUrl(person.image),
    slug: personSlugs(person)[0],
    position: {
      title: str(list(person.jobTitle)[0]),
      companyName: employer ? str(employer.name) : undefined,
      companyUrl: employerUrl ? canonicalLinkedInCompanyUrl(employerUrl) ?? undefined : undefined,
    },
  };
}

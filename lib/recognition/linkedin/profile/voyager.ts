/**
 * Voyager data islands (`<code id="bpr-guid-N">`, legacy Ember pages, 2024 captures): JSON `{data, included:[…]}`,
 * sometimes wrapped in an HTML comment whose `&quot;` entities the parser leaves undecoded.
 *
 * Identity rules (page-recognition.md §2.1, pitfalls 1 and 2): the `/voyager/api/me` island describes the signed-in
 * viewer and is skipped; islands of a previously viewed profile stay in the page after SPA navigation, so a Profile
 * entity is used only when its `publicIdentifier` equals the URL slug (or, for `/in/ACoAA…` URLs, its `entityUrn`
 * ends with that member id). Positions are used only when their urn names that same profile.
 */
import { collapseWhitespace, parseLinkedInProfileUrl, type LinkedInProfileRef } from '../../../domain/normalize';
import { SHARED, VOYAGER_ME_REQUEST_RE } from './selectors';
import type { StructuredProfile } from './reading';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? collapseWhitespace(value) : undefined);

const ENTITY_RE = /&(?:#x([0-9a-f]+)|#(\d+)|(quot|amp|lt|gt|apos));/gi;
const NAMED: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" };

/** Decodes the HTML character references a commented-out island keeps literally (one pass: `&amp;quot;` → `&quot;`). */
function decodeEntities(text: string): string {
  return text.replace(ENTITY_RE, (match, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name.toLowerCase()] ?? match;
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** The JSON text of an island: its text, or (when wrapped in `<!-- -->`) its comments' data, entity-decoded. */
function islandText(code: Element): string {
  const text = (code.textContent ?? '').trim();
  if (text) return text;
  const comments = Array.from(code.childNodes).filter((node) => node.nodeType === 8);
  return decodeEntities(comments.map((node) => node.nodeValue ?? '').join('')).trim();
}

function parse(text: string): unknown {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The text of every island except the viewer's `/voyager/api/me` one, read once per recognition. */
export function islandTexts(doc: Document): string[] {
  const requests = new Map<string, string>();
  for (const datalet of Array.from(doc.querySelectorAll(SHARED.voyagerDatalet))) {
    const meta = parse(islandText(datalet));
    const body = isRecord(meta) ? str(meta.body) : undefined;
    const request = isRecord(meta) ? str(meta.request) : undefined;
    if (body && request) requests.set(body, request);
  }
  const texts: string[] = [];
  for (const code of Array.from(doc.querySelectorAll(SHARED.voyagerCode))) {
    if (!VOYAGER_ME_REQUEST_RE.test(requests.get(code.getAttribute('id') ?? '') ?? '')) texts.push(islandText(code));
  }
  return texts;
}

/**
 * The entities of the islands (also read by the company extractor). With `mention`, only islands whose text contains
 * it are parsed: a page holds several hundred kilobytes of islands, and the subject's are the ones naming its id.
 */
export function islandEntities(texts: string[], mention?: string): Json[] {
  const entities: Json[] = [];
  for (const text of texts) {
    if (mention !== undefined && !text.includes(mention)) continue;
    const blob = parse(text);
    if (!isRecord(blob)) continue;
    if (isRecord(blob.data) && /\.Me$/.test(str(blob.data.$type) ?? '')) continue; // the viewer ("me") island
    if (isRecord(blob.data)) entities.push(blob.data);
    if (Array.isArray(blob.included)) entities.push(...blob.included.filter(isRecord));
  }
  return entities;
}

const PROFILE_TYPE_RE = /\.identity\.(?:profile\.Profile|shared\.MiniProfile)$/;
const POSITION_TYPE_RE = /\.identity\.profile\.Position$/;

function isSubject(entity: Json, ref: LinkedInProfileRef): boolean {
  if (!PROFILE_TYPE_RE.test(str(entity.$type) ?? '')) return false;
  if (ref.isMemberId) return (str(entity.entityUrn) ?? '').endsWith(`:${ref.slug}`);
  const id = str(entity.publicIdentifier);
  return id !== undefined && parseLinkedInProfileUrl(`https://www.linkedin.com/in/${encodeURIComponent(id)}`)?.slug === ref.slug;
}

function isCurrent(position: Json): boolean {
  const range = isRecord(position.dateRange) ? position.dateRange : isRecord(position.timePeriod) ? position.timePeriod : undefined;
  return range !== undefined && range.end === undefined && range.endDate === undefined;
}

function companyUrl(position: Json): string | undefined {
  const urn = str(position.companyUrn) ?? str(position['*company']);
  const id = urn ? /^urn:li:(?:fsd_)?company:(\d+)$/.exec(urn)?.[1] : undefined;
  return id ? `https://www.linkedin.com/company/${id}` : undefined;
}

function location(profile: Json, entities: Json[]): string | undefined {
  const direct = str(profile.locationName) ?? str(profile.geoLocationName);
  if (direct) return direct;
  const geoUrn = isRecord(profile.geoLocation) ? str(profile.geoLocation['*geo']) ?? str(profile.geoLocation.geoUrn) : undefined;
  const geo = geoUrn ? entities.find((entity) => entity.entityUrn === geoUrn) : undefined;
  return geo ? str(geo.defaultLocalizedName) : undefined;
}

/** The subject's Voyager profile, or `undefined` when no island describes the URL's profile. */
export function readVoyagerProfile(doc: Document, ref: LinkedInProfileRef): StructuredProfile | undefined {
  const texts = islandTexts(doc);
  if (texts.length === 0) return undefined;
  // Only the islands that name the slug (or member id) can hold the subject's entity.
  const pool = islandEntities(texts, ref.slug);
  const candidates = pool.filter((entity) => isSubject(entity, ref) && str(entity.firstName));
  // A full Profile entity beats a MiniProfile.
  const profile = candidates.find((entity) => /\.Profile$/.test(str(entity.$type) ?? '')) ?? candidates[0];
  if (!profile) return undefined;

  const firstName = str(profile.firstName);
  const lastName = str(profile.lastName);
  const memberId = /:(ACo[A-Za-z0-9_-]+)$/.exec(str(profile.entityUrn) ?? '')?.[1];
  // Positions name the member id; the islands already parsed are not parsed again.
  const others = memberId ? islandEntities(texts.filter((text) => text.includes(memberId) && !text.includes(ref.slug))) : [];
  const position = memberId
    ? [...pool, ...others].find((entity) => POSITION_TYPE_RE.test(str(entity.$type) ?? '') && (str(entity.entityUrn) ?? '').includes(memberId) && isCurrent(entity))
    : undefined;
  const publicIdentifier = str(profile.publicIdentifier);

  return {
    strategy: 'voyager',
    fullName: collapseWhitespace([firstName, lastName].filter(Boolean).join(' ')) || undefined,
    firstName,
    lastName,
    headline: str(profile.headline),
    location: location(profile, pool),
    slug: publicIdentifier ? parseLinkedInProfileUrl(`https://www.linkedin.com/in/${encodeURIComponent(publicIdentifier)}`)?.slug : undefined,
    position: position && {
      title: str(position.title),
      companyName: str(position.companyName),
      companyUrl: companyUrl(position),
    },
  };
}

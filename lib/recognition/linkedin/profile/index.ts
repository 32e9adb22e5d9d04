/**
 * LinkedIn profile extractor (`linkedin.com/in/<slug>` on any LinkedIn host, sub-routes included).
 *
 * Order of trust (page-recognition.md §6.2): the URL names the subject; structured data scoped to that identity
 * (Voyager entity whose `publicIdentifier` is the slug, JSON-LD Person whose `url` is the profile) comes next; then
 * the rendered top card of whichever layout is on screen (SDUI, legacy Ember, public); the document title last. The
 * global nav (the signed-in viewer), sidebars ("People also viewed") and browsemap cards are never read: every DOM
 * query is scoped to the top card, the Experience card or the contact-info dialog.
 */
import { documentTitle } from '../../dom';
import { cleanName, collapseWhitespace, parseLinkedInProfileUrl, splitName } from '../../../domain/normalize';
import type { CompanyEntity, ContactEntity, Entity } from '../../../domain/page-context';
import { landmark, WEIGHT } from '../../read';
import type { EntityField, Extraction, Extractor, FieldStrategies, Found } from '../../types';
import { readJsonLdPerson } from './jsonld';
import { readLegacy } from './legacy';
import { pageNameSplit } from './names';
import { readPublic } from './public';
import { found, type DomReading, type Position, type ReadContext, type StructuredProfile } from './reading';
import { readSdui } from './sdui';
import { LEGACY, NOT_A_NAME, PUBLIC, SDUI } from './selectors';
import { readVoyagerProfile } from './voyager';


type Layout = 'sdui' | 'public' | 'legacy';

/** The layout, by its markers; cheap selectors first (on a page full of `ember…` ids, id suffix/substring tests are slow). */
function detectLayout(doc: Document): Layout {
  if (doc.querySelector(SDUI.marker)) return 'sdui';
  if (doc.querySelector(PUBLIC.topCard)) return 'public';
  if (doc.querySelector(LEGACY.name)) return 'legacy';
  return doc.querySelector(SDUI.idMarker) ? 'sdui' : 'legacy';
}

/** What the document title says: logged in "(3) Name | LinkedIn"; logged out "Name - Headline - Company | LinkedIn". */
function parseProfileTitle(title: string): { name?: string; headline?: string; company?: string } {
  const text = title.replace(/^\(\d+\+?\)\s*/, '');
  const match = /^(.*?)\s*\|\s*LinkedIn$/i.exec(text);
  if (!match?.[1]) return {};
  const segments = match[1].split(' | ');
  const parts = (segments[segments.length - 1] ?? '').split(/\s+[-–]\s+/).map(collapseWhitespace);
  const name = parts[0];
  if (!name || NOT_A_NAME.has(name.toLowerCase())) return {};
  if (parts.length < 3) return { name };
  return { name, headline: parts.slice(1, -1).join(' - '), company: parts[parts.length - 1] };
}

const first = <T>(...values: (T | undefined)[]): T | undefined => values.find((value) => value !== undefined);

/** A structured position as a `Position`. */
function structuredPosition(profile: StructuredProfile | undefined): Position | undefined {
  const position = profile?.position;
  if (!profile || !position || (!position.title && !position.companyName)) return undefined;
  return {
    title: found(position.title, profile.strategy),
    companyName: found(position.companyName, profile.strategy),
    companyUrl: found(position.companyUrl, profile.strategy),
  };
}

/** `chosen`, with the company page link of another source that names the same company when it has none itself. */
function withCompanyUrl(chosen: Position | undefined, others: (Position | undefined)[]): Position | undefined {
  const name = chosen?.companyName?.value.toLowerCase();
  if (!chosen || !name || chosen.companyUrl) return chosen;
  const companyUrl = others.find((other) => other?.companyUrl && other.companyName?.value.toLowerCase() === name)?.companyUrl;
  return companyUrl ? { ...chosen, companyUrl } : chosen;
}

const sameName = (a: string, b: string): boolean => cleanName(a).toLowerCase() === cleanName(b).toLowerCase();
const round = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;

interface Sources {
  dom: DomReading;
  voyager?: StructuredProfile;
  jsonLd?: StructuredProfile;
  title: ReturnType<typeof parseProfileTitle>;
}

/** Builds the subject contact, its current company, their field strategies and the provisional fields. */
function merge(ctx: ReadContext, { dom, voyager, jsonLd, title }: Sources): Extraction {
  const structured = voyager ?? jsonLd;
  const strategies: FieldStrategies = {};
  const contact: Omit<ContactEntity, 'confidence'> = { type: 'contact' };
  const set = (field: Exclude<keyof ContactEntity, 'type' | 'confidence'>, value: Found | undefined): void => {
    if (!value) return;
    contact[field] = value.value;
    strategies[field] = value.strategy;
  };

  const fullName = first(dom.fullName, found(structured?.fullName, structured?.strategy ?? 'voyager'), found(title.name, 'title'));
  set('fullName', fullName);
  // First and last name as the page splits them (Voyager, meta tags, how the page addresses the person), else at the first space.
  const split = voyager?.firstName
    ? { firstName: cleanName(voyager.firstName), lastName: voyager.lastName && cleanName(voyager.lastName), strategy: 'voyager' as const }
    : fullName && (pageNameSplit(ctx.doc, ctx.main, fullName.value) ?? { ...splitName(fullName.value), strategy: fullName.strategy });
  if (split) {
    set('firstName', found(split.firstName || undefined, split.strategy));
    set('lastName', found(split.lastName || undefined, split.strategy));
  }

  // Title and company: a current position (structured or Experience card) beats the headline and the top-card badge,
  // which are placeholders until the lazy Experience card renders.
  const position = first(structuredPosition(voyager), structuredPosition(jsonLd), dom.position);
  const headline = first(dom.headline, found(voyager?.headline, 'voyager'), found(title.headline, 'title'));
  const titleFound = position?.title ?? headline;
  const companyFrom = withCompanyUrl(
    position?.companyName ? position : first(dom.badgeCompany, title.company ? { companyName: found(title.company, 'title'), provisional: true } : undefined),
    [structuredPosition(voyager), structuredPosition(jsonLd), dom.position, dom.badgeCompany],
  );
  set('title', titleFound);
  set('companyName', companyFrom?.companyName);
  set('location', first(dom.location, found(structured?.location, structured?.strategy ?? 'voyager')));

  const slug = ctx.ref.isMemberId ? first(found(voyager?.slug, 'voyager'), found(dom.vanitySlug, 'dom-attr')) : undefined;
  const vanityUrl = slug ? parseLinkedInProfileUrl(`https://www.linkedin.com/in/${encodeURIComponent(slug.value)}`)?.canonical : undefined;
  set('linkedinUrl', vanityUrl && slug ? { value: vanityUrl, strategy: slug.strategy } : { value: ctx.ref.canonical, strategy: 'url' });
  set('photoUrl', first(dom.photoUrl, found(structured?.photoUrl, structured?.strategy ?? 'json-ld')));
  set('email', dom.email);
  set('phone', dom.phone);

  const provisional: EntityField[] = [];
  if (titleFound && titleFound !== position?.title) provisional.push('title');
  if (companyFrom?.provisional) provisional.push('companyName');
  const confidence = contactConfidence(dom, structured, fullName, titleFound === undefined || provisional.length > 0);

  const entities: Entity[] = [{ ...contact, confidence }];
  const allStrategies: FieldStrategies[] = [strategies];
  const company = companyFrom?.companyName;
  if (company) {
    const entity: Omit<CompanyEntity, 'confidence'> = { type: 'company', name: company.value };
    const companyStrategies: FieldStrategies = { name: company.strategy };
    if (companyFrom.companyUrl) {
      entity.linkedinUrl = companyFrom.companyUrl.value;
      companyStrategies.linkedinUrl = companyFrom.companyUrl.strategy;
    }
    const companyConfidence = round(WEIGHT[company.strategy] + (entity.linkedinUrl ? 0.05 : 0) - (companyFrom.provisional ? 0.1 : 0));
    entities.push({ ...entity, confidence: companyConfidence });
    allStrategies.push(companyStrategies);
  }
  return { entities, strategies: allStrategies, provisional };
}

/**
 * Confidence that the contact is the page's subject with the right fields: the name's source weight, +0.1 when
 * structured data scoped to the URL's profile exists, +0.05 when the rendered name agrees with it (capped at 0.5 when it
 * disagrees), +0.05 when the top card links the URL's profile (−0.2 when it links another: stale view), −0.1 when the
 * title/company are missing or only placeholders (lazy Experience card not rendered).
 */
function contactConfidence(dom: DomReading, structured: StructuredProfile | undefined, name: Found | undefined, provisional: boolean): number {
  if (!name) return 0.3; // Only the URL identifies the subject.
  let confidence = WEIGHT[name.strategy];
  if (structured) confidence += 0.1;
  if (dom.identity === 'match') confidence += 0.05;
  if (dom.identity === 'mismatch') confidence -= 0.2;
  if (provisional) confidence -= 0.1;
  if (dom.fullName && structured?.fullName) {
    if (sameName(dom.fullName.value, structured.fullName)) confidence += 0.05;
    else confidence = Math.min(confidence, 0.5);
  }
  return round(confidence);
}

/** Recognises a LinkedIn profile page in any of its three layouts. */
export const linkedinProfileExtractor: Extractor = {
  kind: 'linkedin-profile',
  matches: (url) => parseLinkedInProfileUrl(url.href) !== null,
  extract(doc, url) {
    const ref = parseLinkedInProfileUrl(url.href);
    if (!ref) return { entities: [], strategies: [] };
    const ctx: ReadContext = { doc, pageUrl: url.href, ref, main: landmark(doc) };
    const layout = detectLayout(doc);
    const dom = layout === 'sdui' ? readSdui(ctx) : layout === 'public' ? readPublic(ctx) : readLegacy(ctx);
    const voyager = readVoyagerProfile(doc, ref);
    // On /in/ACoAA… URLs a top card whose vanity link contradicts the scoped Voyager entity is a stale view.
    if (voyager?.slug && dom.vanitySlug && ctx.ref.isMemberId && dom.vanitySlug !== voyager.slug) {
      return { ...merge(ctx, { dom: { identity: 'mismatch' }, voyager, title: {} }), layout };
    }
    const sources: Sources = { dom, voyager, jsonLd: readJsonLdPerson(doc, ref), title: parseProfileTitle(documentTitle(doc)) };
    return { ...merge(ctx, sources), layout };
  },
};

/**
 * What each source of a LinkedIn profile page yields, and the helpers the layout readers share (identity check
 * against the URL, the current position in an Experience card, the contact-info overlay).
 */
import { readLines, resolveHref, textLines, visibleAll, visibleFirst, visibleText } from '../../dom';
import { canonicalLinkedInCompanyUrl, MEMBER_ID_RE, normalizeEmail, parseLinkedInProfileUrl, type LinkedInProfileRef } from '../../../domain/normalize';
import type { Found, Strategy } from '../../types';
import { DATE_LINE_RE, LABELS, PRESENT_RE, SHARED } from './selectors';

/** A current position: title and company, and the company's LinkedIn page when linked. */
export interface Position {
  title?: Found;
  companyName?: Found;
  companyUrl?: Found;
  /** True when the company is a placeholder (e.g. the first top-card badge, which could also be a school). */
  provisional?: boolean;
}

/** Whether a card is proven to show the URL's profile: it links to it, links only elsewhere, or has no profile link. */
export type Identity = 'match' | 'mismatch' | 'unknown';

/** What the rendered page (one layout reader) shows. */
export interface DomReading {
  fullName?: Found;
  headline?: Found;
  location?: Found;
  photoUrl?: Found;
  /** The current position from the Experience card (when it has rendered). */
  position?: Position;
  /** The top card's "current company" (a placeholder until Experience renders). */
  badgeCompany?: Position;
  email?: Found;
  phone?: Found;
  /** The subject's vanity slug as the top card links it (resolves `/in/ACoAA…` URLs). */
  vanitySlug?: string;
  identity: Identity;
}

/** A structured profile (Voyager entity or JSON-LD Person) already scoped to the URL's identity. */
export interface StructuredProfile {
  strategy: Extract<Strategy, 'voyager' | 'json-ld'>;
  fullName?: string;
  firstName?: string;
  lastName?: string;
  headline?: string;
  location?: string;
  photoUrl?: string;
  /** Vanity slug, when the structured data names one. */
  slug?: string;
  position?: { title?: string; companyName?: string; companyUrl?: string };
}

/** Everything a layout reader needs. */
export interface ReadContext {
  doc: Document;
  pageUrl: string;
  ref: LinkedInProfileRef;
  /** The page's `<main>` (or `[role=main]`), when it has one. */
  main: Element | null;
}

/** `value` as a `Found` with `strategy`, or `undefined` when empty. */
export function found(value: string | undefined, strategy: Strategy): Found | undefined {
  return value ? { value, strategy } : undefined;
}

/** Slugs of every profile linked from `scope`, resolved against the page URL. */
function linkedSlugs(scope: Element, pageUrl: string): string[] {
  const slugs: string[] = [];
  for (const link of Array.from(scope.querySelectorAll(SHARED.profileLink))) {
    const href = resolveHref(link, pageUrl);
    const slug = href ? parseLinkedInProfileUrl(href)?.slug : undefined;
    if (slug) slugs.push(slug);
  }
  return slugs;
}

/**
 * Whether `scope` (a top card) belongs to the URL's profile, judged from the profile links it contains. A stale card
 * left behind by SPA navigation links to the previous profile. For `/in/ACoAA…` URLs the card's vanity link cannot be
 * compared, so it only upgrades to "match" when the card links the member id itself.
 */
export function cardIdentity(scope: Element, ctx: ReadContext): { identity: Identity; vanitySlug?: string } {
  const slugs = linkedSlugs(scope, ctx.pageUrl);
  const vanitySlug = slugs.find((slug) => !MEMBER_ID_RE.test(slug));
  if (slugs.includes(ctx.ref.slug)) return { identity: 'match', vanitySlug };
  if (ctx.ref.isMemberId) return { identity: scope.getAttribute('id')?.includes(ctx.ref.slug) ? 'match' : 'unknown', vanitySlug };
  return { identity: slugs.length > 0 ? 'mismatch' : 'unknown' };
}

/** The top-level rows of an Experience card (not the roles nested in a grouped row). */
function topLevelItems(section: Element, itemSelector: string): Element[] {
  return visibleAll(section, itemSelector).filter((item) => {
    const parent = item.parentElement?.closest(itemSelector);
    return !parent || !section.contains(parent);
  });
}

/** A company `/company/` link inside a row, canonical. */
function companyLink(row: Element, pageUrl: string, strategy: Strategy): Found | undefined {
  for (const link of visibleAll(row, SHARED.companyLink)) {
    const href = resolveHref(link, pageUrl);
    const url = href ? canonicalLinkedInCompanyUrl(href) : null;
    if (url) return { value: url, strategy };
  }
  return undefined;
}

/** "Acme Analytics · Full-time" → "Acme Analytics". */
function companyFromLine(line: string | undefined): string | undefined {
  return line?.split(' · ')[0]?.trim() || undefined;
}

/** A date-range line: "Present" (localised), or a year with a range dash ("2019 - 2021"; not "Council 2012: …"). */
const isDateLine = (text: string): boolean => PRESENT_RE.test(text) || (DATE_LINE_RE.test(text) && /[-–—]/.test(text));

/**
 * The current role in one row read as lines: `[title, "Company · Employment type", date range, location]`, or for a
 * grouped row (one company, several roles) `[company, total duration, …, title, type, date range, …]`. The role is
 * the smallest block around the first date range that also holds a line above it; lines of the row above that block
 * are the company's header.
 */
function rowPosition(item: Element, pageUrl: string, strategy: Strategy): Position | undefined {
  const lines = readLines(item, undefined, isDateLine);
  const at = lines.findIndex((line) => isDateLine(line.text));
  const date = lines[at];
  if (!date || at < 1 || !PRESENT_RE.test(date.text)) return undefined;
  let block = date.el;
  while (block !== item && block.parentElement && !lines.slice(0, at).some((line) => block.contains(line.el))) block = block.parentElement;
  const header = lines.slice(0, at).filter((line) => !block.contains(line.el));
  const role = lines.slice(0, at).filter((line) => block.contains(line.el));
  const grouped = header.length > 0 && role.length > 0;
  return {
    title: found((grouped ? role : lines)[0]?.text, strategy),
    companyName: found(grouped ? companyFromLine(header[0]?.text) : at >= 2 ? companyFromLine(lines[1]?.text) : undefined, strategy),
    companyUrl: companyLink(item, pageUrl, strategy),
  };
}

/**
 * The first current position (its date range ends in "Present", localised) in an Experience card. Rows read as
 * unlabelled lines (see `rowPosition`); a row whose roles are rows themselves (legacy grouped rows) reads its company
 * first, then its nested roles.
 */
export function currentPosition(section: Element, itemSelector: string, pageUrl: string, strategy: Strategy): Position | undefined {
  for (const item of topLevelItems(section, itemSelector)) {
    let dated = false;
    for (const role of visibleAll(item, itemSelector)) {
      const lines = readLines(role, undefined, isDateLine);
      const date = lines.find((line) => isDateLine(line.text))?.text;
      dated ||= date !== undefined;
      if (date && PRESENT_RE.test(date)) {
        return {
          title: found(lines[0]?.text, strategy),
          companyName: found(companyFromLine(readLines(item, itemSelector, () => true)[0]?.text), strategy),
          companyUrl: companyLink(item, pageUrl, strategy),
        };
      }
    }
    // No nested role with a date (list items nested for other reasons, e.g. a media carousel): read the row itself.
    const position = dated ? undefined : rowPosition(item, pageUrl, strategy);
    if (position) return position;
  }
  return undefined;
}

/** The label text after a localised prefix: "Current company: Acme. Click to skip…" → "Acme. Click to skip…". */
export function afterLabel(label: string, prefixes: readonly string[]): string | undefined {
  const lower = label.toLowerCase();
  const prefix = prefixes.find((p) => lower.startsWith(p));
  if (prefix === undefined) return undefined;
  return label.slice(prefix.length).replace(/^\s*[:：]\s*/, '').trim();
}

const PHONE_RE = /^\+?[\d\s().\u00a0-]{6,24}$/;

/**
 * Email and phone from the contact-info overlay (`/overlay/contact-info/`), only when the dialog is visible and names
 * the URL's profile (it lists the profile link), so a dialog about someone else is never read.
 */
export function readContactDialog(ctx: ReadContext): Pick<DomReading, 'email' | 'phone'> {
  // The overlay is open only at its own route; elsewhere there is no dialog to look for.
  if (!ctx.pageUrl.includes('/overlay/contact-info')) return {};
  for (const dialog of visibleAll(ctx.doc, SHARED.contactDialog)) {
    const text = visibleText(dialog).toLowerCase();
    const ownsProfile = cardIdentity(dialog, ctx).identity === 'match' || text.includes(`linkedin.com/in/${ctx.ref.slug}`);
    if (!ownsProfile) continue;
    const mail = visibleFirst(dialog, SHARED.mailto)?.getAttribute('href');
    const email = mail ? normalizeEmail(mail) : null;
    const tel = visibleFirst(dialog, SHARED.tel)?.getAttribute('href')?.replace(/^tel:/i, '');
    let phone: Found | undefined = tel && PHONE_RE.test(tel.trim()) ? { value: tel.trim(), strategy: 'dom-attr' } : undefined;
    if (!phone) {
      const lines = textLines(dialog);
      const at = lines.findIndex((line) => (LABELS.phone as readonly string[]).includes(line.toLowerCase()));
      const next = at >= 0 ? lines[at + 1] : undefined;
      if (next && PHONE_RE.test(next)) phone = { value: next, strategy: 'label' };
    }
    return { email: found(email ?? undefined, 'dom-attr'), phone };
  }
  return {};
}

/** `img.src` of the first visible real profile photo in `scope` (not a ghost or `data:` placeholder). */
export function profilePhoto(scope: Element, selector: string, pageUrl: string, strategy: Strategy): Found | undefined {
  for (const img of visibleAll(scope, selector)) {
    const src = img.getAttribute('src') ?? '';
    if (!/^https?:|^\/\//i.test(src.trim()) || /ghost/i.test(src)) continue;
    try {
      return { value: new URL(src.trim(), pageUrl).href, strategy };
    } catch {
      continue;
    }
  }
  return undefined;
}

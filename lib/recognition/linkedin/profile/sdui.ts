/**
 * Reader for the server-driven UI (SDUI) profile, logged in, 2025–26: hashed classes, the name in the top card's
 * `<h2>`, unlabelled `<p>` lines (degree, headline twice, location before "Contact info"), company/school badges,
 * and lazily rendered cards (Experience may be missing until scrolled into view).
 */
import { isHidden, resolveHref, visibleAll, visibleFirst, visibleText } from '../../dom';
import { canonicalLinkedInCompanyUrl, parseLinkedInProfileUrl } from '../../../domain/normalize';
import { dropTrailingSentence, isNoiseLine, isSeparator } from './lines';
import { afterLabel, cardIdentity, currentPosition, found, profilePhoto, readContactDialog, type DomReading, type Position, type ReadContext } from './reading';
import { LABELS, SDUI } from './selectors';

/** The top card to read: the first visible one linking to the URL's profile, else one that links nowhere. */
function pickTopCard(ctx: ReadContext): { card?: Element; identity: DomReading['identity']; vanitySlug?: string } {
  const cards = visibleAll(ctx.doc, SDUI.topCard).filter((card) => {
    const outer = card.parentElement?.closest(SDUI.topCard);
    return !outer;
  });
  let fallback: { card?: Element; identity: DomReading['identity']; vanitySlug?: string } | undefined;
  for (const card of cards) {
    const { identity, vanitySlug } = cardIdentity(card, ctx);
    if (identity === 'match') return { card, identity, vanitySlug };
    if (identity === 'unknown') fallback ??= { card, identity, vanitySlug };
  }
  return fallback ?? { identity: cards.length > 0 ? 'mismatch' : 'unknown' };
}

/** The "Contact info" link: by its target, or (when it only opens a dialog, `href="#"`) by its localised text. */
function contactInfoLink(card: Element): Element | undefined {
  return visibleFirst(card, SDUI.contactInfoLink) ?? visibleAll(card, 'a').find((a) => (LABELS.contactInfo as readonly string[]).includes(visibleText(a).toLowerCase()));
}

/** The location line: the `<p>` just before the one holding the "Contact info" link (separators skipped). */
function locationLine(card: Element, link: Element | undefined): Element | undefined {
  const holder = link?.closest('p');
  if (!holder || !card.contains(holder)) return undefined;
  for (let el = holder.previousElementSibling; el; el = el.previousElementSibling) {
    if (isHidden(el, card)) continue;
    const text = visibleText(el);
    if (isSeparator(text)) continue;
    return el.localName === 'p' && !isNoiseLine(text) ? el : undefined;
  }
  return undefined;
}

/** The first top-card line that is not the name, degree, pronouns, a badge, a link, the location or "Contact info". */
function headlineLine(card: Element, skip: ReadonlySet<Element>, name: string | undefined, contact: Element | undefined): string | undefined {
  for (const p of visibleAll(card, SDUI.line)) {
    if (skip.has(p) || (contact && p.contains(contact))) continue;
    const container = p.closest(SDUI.notHeadline);
    if (container && card.contains(container)) continue;
    const text = visibleText(p);
    if (text && text !== name && !isNoiseLine(text)) return text;
  }
  return undefined;
}

/** The top card's current-company badge (`[role="button"]` holding a `<p>`); education badges are skipped. */
function companyBadge(card: Element, pageUrl: string): Position | undefined {
  for (const badge of visibleAll(card, SDUI.badge)) {
    const line = visibleFirst(badge, 'p');
    if (badge.localName === 'button' || badge.localName === 'a' || !line) continue;
    const label = badge.getAttribute('aria-label') ?? '';
    if (afterLabel(label, LABELS.education) !== undefined) continue;
    const labelled = afterLabel(label, LABELS.currentCompany);
    const name = visibleText(line) || (labelled && dropTrailingSentence(labelled));
    if (!name) continue;
    const strategy = labelled === undefined ? 'dom-attr' : 'label';
    const link = badge.closest('a[href*="/company/"]') ?? visibleFirst(badge, 'a[href*="/company/"]');
    const href = link ? resolveHref(link, pageUrl) : undefined;
    const url = href ? canonicalLinkedInCompanyUrl(href) : null;
    return {
      companyName: { value: name, strategy },
      companyUrl: found(url ?? undefined, strategy),
      // Without a label the badge is only "the first badge", which could be a school: a placeholder.
      provisional: labelled === undefined,
    };
  }
  return undefined;
}

/** The current position from an Experience card that belongs to the URL's profile (its test id ends with the slug). */
function experience(ctx: ReadContext): Position | undefined {
  for (const section of visibleAll(ctx.doc, SDUI.experience)) {
    const suffix = (section.getAttribute('data-testid') ?? '').replace(/^profile_Experience(?:TopLevel|Details)Section_/, '');
    const slug = suffix && suffix !== section.getAttribute('data-testid') ? parseLinkedInProfileUrl(`https://www.linkedin.com/in/${suffix}`)?.slug : undefined;
    if (slug && !ctx.ref.isMemberId && slug !== ctx.ref.slug) continue; // a stale card of the previous profile
    const position = currentPosition(section, SDUI.experienceItem, ctx.pageUrl, 'dom-attr');
    if (position) return position;
  }
  return undefined;
}

/** Reads an SDUI profile page. */
export function readSdui(ctx: ReadContext): DomReading {
  const { card, identity, vanitySlug } = pickTopCard(ctx);
  const reading: DomReading = { identity, vanitySlug, position: experience(ctx), ...readContactDialog(ctx) };
  if (!card) return reading;

  const nameEl = visibleFirst(card, SDUI.name);
  const name = nameEl ? visibleText(nameEl) : undefined;
  const contact = contactInfoLink(card);
  const location = locationLine(card, contact);
  reading.fullName = found(name, 'dom-attr');
  reading.location = found(location && visibleText(location), 'structure');
  reading.headline = found(headlineLine(card, new Set(location ? [location] : []), name, contact), 'structure');
  reading.photoUrl = profilePhoto(card, SDUI.photo, ctx.pageUrl, 'dom-attr');
  reading.badgeCompany = companyBadge(card, ctx.pageUrl);
  return reading;
}

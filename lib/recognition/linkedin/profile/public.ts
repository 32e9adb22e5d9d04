/**
 * Reader for the logged-out public ("guest") profile, 2024: `top-card-layout__*` classes, og tags with the country
 * subdomain (`uk.linkedin.com/in/<slug>`), a "current company" link in the top card, and an Experience list.
 */
import { metaContent, resolveHref, textLines, visibleFirst, visibleText } from '../../dom';
import { canonicalLinkedInCompanyUrl, parseLinkedInProfileUrl } from '../../../domain/normalize';
import { isNoiseLine } from './lines';
import { currentPosition, found, profilePhoto, type DomReading, type Identity, type Position, type ReadContext } from './reading';
import { PUBLIC } from './selectors';

/** `og:url` / canonical link against the URL: the public page names its own profile there. */
function pageIdentity(ctx: ReadContext): Identity {
  const href = metaContent(ctx.doc, 'og:url') ?? ctx.doc.querySelector(PUBLIC.canonical)?.getAttribute('href') ?? undefined;
  const slug = href ? parseLinkedInProfileUrl(href, ctx.pageUrl)?.slug : undefined;
  if (!slug) return 'unknown';
  return slug === ctx.ref.slug ? 'match' : 'mismatch';
}

function currentCompany(card: Element, pageUrl: string): Position | undefined {
  const link = visibleFirst(card, PUBLIC.currentCompany);
  const name = link ? visibleText(link) : undefined;
  if (!link || !name) return undefined;
  const href = resolveHref(link, pageUrl);
  return {
    companyName: { value: name, strategy: 'dom-attr' },
    companyUrl: found((href && canonicalLinkedInCompanyUrl(href)) || undefined, 'dom-attr'),
  };
}

/** Reads a logged-out public profile page. */
export function readPublic(ctx: ReadContext): DomReading {
  const identity = pageIdentity(ctx);
  const section = visibleFirst(ctx.doc, PUBLIC.experience);
  const reading: DomReading = {
    identity,
    position: section ? currentPosition(section, PUBLIC.experienceItem, ctx.pageUrl, 'dom-class') : undefined,
  };
  const card = visibleFirst(ctx.doc, PUBLIC.topCard);
  if (!card || identity === 'mismatch') return reading;

  const name = visibleFirst(card, PUBLIC.name);
  const headline = visibleFirst(card, PUBLIC.headline);
  const subline = visibleFirst(card, PUBLIC.subline);
  reading.fullName = found(name && visibleText(name), 'dom-class');
  reading.headline = found(headline && visibleText(headline), 'dom-class');
  reading.location = found(subline && textLines(subline).find((line) => !isNoiseLine(line)), 'dom-class');
  reading.photoUrl = profilePhoto(card, PUBLIC.photo, ctx.pageUrl, 'dom-class');
  reading.badgeCompany = currentCompany(card, ctx.pageUrl);
  return reading;
}

/**
 * Reader for the legacy Ember ("voyager-web") profile, logged in, ≤2025: utility classes (`text-heading-xlarge`,
 * `text-body-medium`), a "Current company" button with a localised aria-label, and an Experience `<section>` around
 * `<div id="experience">` whose strings are rendered twice (`aria-hidden` copy + `visually-hidden` copy).
 */
import { visibleAll, visibleFirst, visibleText } from '../../dom';
import { dropTrailingSentence } from './lines';
import { afterLabel, cardIdentity, currentPosition, found, profilePhoto, readContactDialog, type DomReading, type Position, type ReadContext } from './reading';
import { LABELS, LEGACY } from './selectors';

/** The "Current company: <X>. Click to skip to experience card" button (EN/FR/DE/ES…). */
function currentCompanyButton(card: Element): Position | undefined {
  for (const button of visibleAll(card, LEGACY.labelledButton)) {
    const labelled = afterLabel(button.getAttribute('aria-label') ?? '', LABELS.currentCompany);
    if (labelled === undefined) continue;
    const name = visibleText(button) || dropTrailingSentence(labelled);
    if (name) return { companyName: { value: name, strategy: 'label' } };
  }
  return undefined;
}

function experience(doc: Document, pageUrl: string): Position | undefined {
  const section = doc.querySelector(LEGACY.experienceAnchor)?.closest('section');
  return section ? currentPosition(section, LEGACY.experienceItem, pageUrl, 'dom-attr') : undefined;
}

/** Reads a legacy Ember profile page. */
export function readLegacy(ctx: ReadContext): DomReading {
  const nameEl = visibleFirst(ctx.doc, LEGACY.name);
  const card = nameEl ? nameEl.closest(LEGACY.topCard) ?? nameEl.closest('section') ?? nameEl.parentElement : null;
  const { identity, vanitySlug } = card ? cardIdentity(card, ctx) : { identity: 'unknown' as const, vanitySlug: undefined };
  const reading: DomReading = { identity, vanitySlug, position: experience(ctx.doc, ctx.pageUrl), ...readContactDialog(ctx) };
  if (!nameEl || !card || identity === 'mismatch') return reading;

  const headline = visibleFirst(card, LEGACY.headline);
  const location = visibleFirst(card, LEGACY.location);
  reading.fullName = found(visibleText(nameEl), 'dom-class');
  reading.headline = found(headline && visibleText(headline), 'dom-class');
  reading.location = found(location && visibleText(location), 'dom-class');
  reading.photoUrl = profilePhoto(card, LEGACY.photo, ctx.pageUrl, 'dom-class');
  reading.badgeCompany = currentCompanyButton(card);
  return reading;
}

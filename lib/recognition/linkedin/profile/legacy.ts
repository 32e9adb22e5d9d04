/**
 * Reader for the legacy Ember ("voyager-web") profile, logged in, 2018–2025, and the 2016 guest page: the name is the
 * page's first `<h1>`; the utility classes (`text-body-medium`, 2024) give the headline and location when present,
 * else the structure does (the headline is the first line under the name; the location is the element whose class
 * names a location, or the value labelled "Location"); a "Current company" button with a localised aria-label; an
 * Experience section (`#experience`, `#experience-section`) whose rows are `profile-component-entity` blocks (2024)
 * or list items (2016, 2018), their strings often rendered twice (`aria-hidden` copy + `visually-hidden` copy).
 */
import { readLines, visibleAll, visibleFirst, visibleText } from '../../dom';
import { CHROME, labelled, labelTable, shown } from '../../read';
import { dropTrailingSentence, isNoiseLine } from './lines';
import { afterLabel, cardIdentity, currentPosition, found, profilePhoto, readContactDialog, type DomReading, type Position, type ReadContext } from './reading';
import { LABELS, LEGACY } from './selectors';

/** Top-card labels of the 2016 guest page (`<dt>Location</dt>`, `<th>Current</th>`). */
const TOP_LABELS = /* @__PURE__ */ labelTable({ location: 'location|lieu|ort|ubicación', current: 'current|actuel|aktuell|actual' });

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
  if (!section) return undefined;
  // 2024 rows carry a stable attribute; older pages' rows are plain list items.
  const attr = section.querySelector(LEGACY.experienceItem) !== null;
  return currentPosition(section, attr ? LEGACY.experienceItem : 'li', pageUrl, attr ? 'dom-attr' : 'structure');
}

/** The first line under the name that is not noise (degree, pronouns, counts), a link or a button. */
function lineAfter(card: Element, name: Element): string | undefined {
  const lines = readLines(card, 'button, a');
  const at = lines.findIndex((line) => name.contains(line.el));
  return lines.slice(at + 1).find((line) => !name.contains(line.el) && !isNoiseLine(line.text))?.text;
}

/** Reads a legacy Ember profile page. */
export function readLegacy(ctx: ReadContext): DomReading {
  const nameEl = visibleFirst(ctx.doc, LEGACY.name) ?? (ctx.main ? shown(ctx.main, 'h1', CHROME)[0] : undefined);
  const card = nameEl ? nameEl.closest(LEGACY.topCard) ?? nameEl.closest('section') ?? nameEl.parentElement : null;
  const { identity, vanitySlug } = card ? cardIdentity(card, ctx) : { identity: 'unknown' as const, vanitySlug: undefined };
  const reading: DomReading = { identity, vanitySlug, position: experience(ctx.doc, ctx.pageUrl), ...readContactDialog(ctx) };
  if (!nameEl || !card || identity === 'mismatch') return reading;

  const headline = visibleFirst(card, LEGACY.headline);
  const location = visibleFirst(card, LEGACY.location);
  const labels = location ? undefined : labelled(card.querySelectorAll('dt, th'), card, TOP_LABELS);
  const classed = location ?? visibleFirst(card, LEGACY.locationWord);
  reading.fullName = found(visibleText(nameEl), 'dom-class');
  reading.headline = headline ? found(visibleText(headline), 'dom-class') : found(lineAfter(card, nameEl), 'structure');
  reading.location = found(classed && visibleText(classed), 'dom-class') ?? found(labels?.get('location') && visibleText(labels.get('location')!), 'label');
  reading.photoUrl = profilePhoto(card, LEGACY.photo, ctx.pageUrl, 'dom-class');
  const current = labels?.get('current');
  reading.badgeCompany = currentCompanyButton(card) ?? (current ? { companyName: found(readLines(current)[0]?.text, 'label') } : undefined);
  return reading;
}

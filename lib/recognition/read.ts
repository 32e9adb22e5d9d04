/**
 * Helpers shared by the company, search, Sales Navigator and CRM extractors: an entity draft that keeps the first
 * valid value of each field with the strategy that produced it (callers try strategies strongest first), validation
 * of every field on the way in, localised label/value reading, field tables, and confidence.
 */
import type { Entity } from '../domain/page-context';
import { deepClosest, isHidden, visibleLines } from './dom';
import { canonicalLinkedInCompanyUrl, canonicalLinkedInProfileUrl, collapseWhitespace, normalizeDomain, normalizeEmail, splitName } from '../domain/normalize';
import type { EntityField, Extraction, FieldStrategies, Strategy } from './types';

/** Base confidence of a value by the strategy that produced it (page-recognition.md §6.3). */
export const WEIGHT: Record<Strategy, number> = { url: 1, voyager: 0.9, 'json-ld': 0.85, meta: 0.85, 'dom-attr': 0.8, structure: 0.75, 'dom-class': 0.7, label: 0.6, title: 0.5, heuristic: 0.35 };

/** An entity being built: values, their strategies, and a confidence adjustment. */
export interface Draft {
  type: Entity['type'];
  v: Partial<Record<EntityField, string>>;
  s: FieldStrategies;
  bonus: number;
}

export const draft = (type: Entity['type']): Draft => ({ type, v: {}, s: {}, bonus: 0 });

/** Placeholders CRMs show for empty properties ("--", "—"). */
const BLANK_RE = /^(?:[-–—.…]*|n\/a)$/i;
const PHONE_RE = /^\+?[\d\s().\u00a0/-]{6,24}$/;
/** UI text and anonymised rows, never a person's or company's name (EN, FR, DE, ES). */
const NOT_A_NAME_RE = /^(?:linkedin|hubspot|salesforce|pipedrive|linkedin member|membre de linkedin|linkedin-mitglied|miembro de linkedin|(?:edit|modifier|bearbeiten|editar)\b.*)$/i;

/** Validates and normalises a field value; `null` rejects it (the next strategy gets its turn). */
function clean(field: EntityField, text: string): string | null {
  if (BLANK_RE.test(text) || text.length > 500) return null;
  if (field === 'email') return normalizeEmail(text);
  if (field === 'domain' || field === 'companyDomain') {
    const domain = normalizeDomain(text);
    return domain && !/(?:^|\.)linkedin\.com$/.test(domain) ? domain : null;
  }
  if (field === 'phone') return PHONE_RE.test(text) && /(?:\d\D*){6}/.test(text) ? text : null;
  if (field === 'linkedinUrl') return canonicalLinkedInProfileUrl(text) ?? canonicalLinkedInCompanyUrl(text);
  if (field === 'fullName' || field === 'name') return text.includes('@') || NOT_A_NAME_RE.test(text) ? null : text;
  return text;
}

/** Sets `field` from `value` unless it is already set or the value is invalid. Returns true when set. */
export function put(d: Draft, field: EntityField, value: string | null | undefined, strategy: Strategy): boolean {
  const text = value == null || d.v[field] !== undefined ? null : clean(field, collapseWhitespace(value));
  if (!text) return false;
  d.v[field] = text;
  d.s[field] = strategy;
  return true;
}

/** Sets a contact's displayed `fullName` and its `firstName`/`lastName` (honorifics, credentials removed). */
export function putName(d: Draft, value: string | null | undefined, strategy: Strategy): boolean {
  if (!put(d, 'fullName', value, strategy)) return false;
  const { firstName, lastName } = splitName(d.v.fullName ?? '');
  put(d, 'firstName', firstName, strategy);
  put(d, 'lastName', lastName, strategy);
  return true;
}

/** Sets the entity's name: a contact's `fullName` (and first/last), a company's `name`. */
export function setName(d: Draft, value: string | null | undefined, strategy: Strategy): boolean {
  return d.type === 'contact' ? putName(d, value, strategy) : put(d, 'name', value, strategy);
}

const round = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;

/**
 * The entities and strategies of an extraction. An entity's confidence is the weight of the strategy behind its name
 * (0.3 without a name: only the URL identifies it) plus its `bonus`. Drafts without any field are dropped.
 */
export function finish(drafts: Draft[], extra: Omit<Extraction, 'entities' | 'strategies'> = {}): Extraction {
  const kept = drafts.filter((d) => Object.keys(d.v).length > 0);
  return {
    entities: kept.map((d) => {
      const name = d.s[d.type === 'contact' ? 'fullName' : 'name'];
      return { type: d.type, ...d.v, confidence: round((name ? WEIGHT[name] : 0.3) + d.bonus) } as Entity;
    }),
    strategies: kept.map((d) => d.s),
    ...extra,
  };
}

/** The subject's company as a second entity, from the contact's `companyName`/`companyDomain` (same strategies). */
export function companyOf(d: Draft, crmId?: string | null, linkedinUrl?: string | null): Draft {
  const co = draft('company');
  const strategy = d.s.companyName ?? 'dom-attr';
  if (put(co, 'name', d.v.companyName, strategy)) {
    put(co, 'domain', d.v.companyDomain, d.s.companyDomain ?? strategy);
    put(co, 'linkedinUrl', linkedinUrl, strategy);
    put(co, 'crmId', crmId, strategy);
  }
  return co;
}

/** An employee-count range as shown: "201-500 employees", "1.001-5.000 Beschäftigte", "De 11 a 50 empleados". */
export const SIZE_RE = /\d.*(?:employee|employé|salarié|beschäftigte|mitarbeiter|empleado|trabajador)/i;

/** A label table: "key: label|label…" entries (compared lower-case, without a trailing colon) → label → key. */
export function labelTable(table: Record<string, string>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const key in table) for (const label of (table[key] ?? '').split('|')) labels.set(label, key);
  return labels;
}

function nextVisible(el: Element | null, root: Element): Element | undefined {
  for (let next = el?.nextElementSibling; next; next = next.nextElementSibling) if (!isHidden(next, root)) return next;
  return undefined;
}

/**
 * Label/value pairs among `elements` (in order; the first occurrence of a label wins): an element whose own text is a
 * known label (not in a button, link or tab, nor inside `off`), and as value its next visible sibling, or its parent's
 * when the label is alone in its parent (`<dt>`/`<dd>`, two sibling `<div>`s, `<th>`/`<td>`). `root` judges
 * `aria-hidden`; `labels` (from `labelTable`) says what each label means. Only elements whose text is a label are
 * judged for visibility, so passing every element of a large page stays cheap.
 */
export function labelled(elements: Iterable<Element>, root: Element, labels: Map<string, string>, off?: string): Map<string, Element> {
  const pairs = new Map<string, Element>();
  for (const el of elements) {
    let own = '';
    for (let node = el.firstChild; node; node = node.nextSibling) if (node.nodeType === 3) own += node.nodeValue ?? '';
    if (!own) continue;
    own = collapseWhitespace(own).toLowerCase().replace(/’/g, "'").replace(/[\s:*]+$/, '');
    const key = own.length < 40 ? labels.get(own) : undefined;
    if (!key || pairs.has(key) || deepClosest(el, 'button, a, [role="tab"], [role="button"]') || (off && el.closest(off)) || isHidden(el, root)) continue;
    const parent = el.parentElement;
    const value = nextVisible(el, root) ?? (parent && visibleLines(parent).join() === visibleLines(el).join() ? nextVisible(parent, root) : undefined);
    if (value) pairs.set(key, value);
  }
  return pairs;
}

/** Parts of a value element that are not the value: edit buttons, assistive text, the field's label, the object name. */
const NOT_VALUE = 'button, [role="button"], .slds-assistive-text, .assistiveText, .slds-form-element__label, .test-id__field-label, .entityNameTitle';

/** The first visible line of a value element (an `<input>`'s value); edit buttons and assistive text skipped. */
export function valueOf(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  return el.localName === 'input' ? el.getAttribute('value') ?? undefined : visibleLines(el, NOT_VALUE)[0];
}

/** `href` of the first link in (or being) `el` matching `selector`, resolved against the page URL. */
export function hrefIn(el: Element | null | undefined, selector: string, pageUrl: string): string | undefined {
  const href = (el?.matches(selector) ? el : el?.querySelector(selector))?.getAttribute('href');
  try {
    return href ? new URL(href, pageUrl).href : undefined;
  } catch {
    return undefined;
  }
}

/** A field's value in `el`: the `mailto:` address, a link's target for domains and URLs, a `tel:` link's text, else the first line. */
export function read(field: EntityField, el: Element | null | undefined, pageUrl: string): string | undefined {
  if (field === 'email') return hrefIn(el, 'a[href^="mailto:"]', pageUrl) ?? valueOf(el);
  if (/omain|Url/.test(field)) return hrefIn(el, 'a[href]', pageUrl) ?? valueOf(el);
  return valueOf((field === 'phone' && el?.querySelector('a[href^="tel:"]')) || el);
}

/** Field table rows: entity field, attribute key, label key ("-" for none). */
export type Rows = [EntityField, string, string][];
/** Parses "email email email|title jobtitle title" into rows. */
export const rows = (text: string): Rows => text.split('|').map((row) => row.split(' ') as [EntityField, string, string]);

/** Fills `d` from `table`: every field by attribute (`attr(key)` finds the element) first, then by label. */
export function record(d: Draft, table: Rows, attr: (key: string) => Element | undefined, labels: Map<string, Element>, pageUrl: string): void {
  for (const [field, key] of table) put(d, field, read(field, attr(key), pageUrl), 'dom-attr');
  for (const [field, , label] of table) put(d, field, read(field, labels.get(label), pageUrl), 'label');
}

/** The part of the page to read: `<main>` (or `[role=main]`), else the body. */
export function mainOf(doc: Document): Element {
  return landmark(doc) ?? doc.body ?? doc.documentElement;
}

/** The page's `<main>`, else its `[role="main"]` (the element selector alone is much cheaper on a large page). */
export function landmark(doc: Document): Element | null {
  return doc.querySelector('main') ?? doc.querySelector('[role="main"]');
}

/** Page chrome and overlays never describe the subject: navigation, sidebars, footers, tooltips, dialogs. */
export const CHROME = 'nav, aside, footer, [role="navigation"], [role="complementary"], [role="tooltip"], [role="dialog"]';

/** Visible matches of `selector` under `root` that are not inside `off` (page chrome by default). */
export function shown(root: Element, selector: string, off = CHROME): Element[] {
  return Array.from(root.querySelectorAll(selector)).filter((el) => !isHidden(el, root) && !el.closest(off));
}

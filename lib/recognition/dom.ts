/**
 * Read-only DOM helpers that give the same answer on a live page and on a document parsed with `DOMParser`
 * (contracts.md §1): visibility is judged from markup only (`hidden`, `aria-hidden="true"`, inline `display:none`),
 * never from layout (`innerText`, client rects); links are resolved against the page URL, never `document.baseURI`.
 */
import { collapseWhitespace } from '../domain/normalize';

const DISPLAY_NONE_RE = /(?:^|;)\s*display\s*:\s*none\b/i;

/**
 * Elements whose content is never shown. `noscript` matters for parity: a live page (scripting on) keeps its content
 * as raw text, while `DOMParser` (scripting off) parses it into elements.
 */
const INERT_TAGS = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);

/** Block-level tags: their text is separated from neighbouring text by a space. */
const BLOCK_TAGS = new Set(['p', 'div', 'li', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'ul', 'ol', 'dd', 'dt', 'tr', 'td']);

/** The parent element, or the shadow host when `el` is at the top of an open shadow root. */
export function parentOf(el: Element): Element | null {
  return el.parentElement ?? (el.parentNode as ShadowRoot | null)?.host ?? null;
}

/** The nearest ancestor-or-self of `el` matching `selector`, crossing open shadow-root boundaries. */
export function deepClosest(el: Element, selector: string): Element | null {
  for (let node: Element | null = el; node; node = parentOf(node)) if (node.matches(selector)) return node;
  return null;
}

/**
 * Every element under `root` (and in `root`'s own shadow root), descending into open shadow roots (`element.shadowRoot`):
 * a host is followed by its shadow tree, then by its light children. Works the same on light-DOM copies of a page.
 */
export function deepAll(root: ParentNode, out: Element[] = []): Element[] {
  const shadow = (root as Partial<Element>).shadowRoot;
  if (shadow) deepAll(shadow, out);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    out.push(el);
    if (el.shadowRoot) deepAll(el.shadowRoot, out);
  }
  return out;
}

function hiddenByMarkup(el: Element): boolean {
  return el.hasAttribute('hidden') || DISPLAY_NONE_RE.test(el.getAttribute('style') ?? '') || INERT_TAGS.has(el.localName);
}

/** True when markup hides `el` itself (not judging ancestors): `hidden`, inline `display:none`, `aria-hidden="true"`, inert tag. */
export function hiddenSelf(el: Element): boolean {
  return hiddenByMarkup(el) || el.getAttribute('aria-hidden') === 'true';
}

/**
 * True when markup hides `el`: `hidden`, inline `display:none` or an inert container on `el` or any ancestor, or
 * `aria-hidden="true"` on `el` or an ancestor up to and including `within`. `aria-hidden` is only judged inside
 * `within` (a card) because a modal such as the contact-info overlay may mark the whole application behind it
 * `aria-hidden` while it is still on screen.
 */
export function isHidden(el: Element, within?: Element | null): boolean {
  let ariaCounts = true;
  for (let node: Element | null = el; node; node = parentOf(node)) {
    if (hiddenByMarkup(node)) return true;
    if (ariaCounts && node.getAttribute('aria-hidden') === 'true') return true;
    if (node === within || within === undefined) ariaCounts = false;
  }
  return false;
}

/** Visible matches of `selector` under `root`, in document order (`aria-hidden` judged within `root` when it is an element). */
export function visibleAll(root: ParentNode, selector: string): Element[] {
  const within = isElement(root) ? root : undefined;
  return Array.from(root.querySelectorAll(selector)).filter((el) => !isHidden(el, within));
}

/** The first visible match of `selector` under `root`. */
export function visibleFirst(root: ParentNode, selector: string): Element | undefined {
  return visibleAll(root, selector)[0];
}

function isElement(node: ParentNode | Node): node is Element {
  return node.nodeType === 1;
}

/** The shadow host of the shadow tree `node` is in, if any. */
function hostOf(node: Node): Element | undefined {
  let current: Node | null = node;
  while (current && current.nodeType !== 11) current = current.parentNode;
  return (current as ShadowRoot | null)?.host ?? undefined;
}

/** The nodes `el` renders: its open shadow tree if it has one, else its children; a `<slot>` renders what its host assigns. */
function renderedChildren(el: Element): Node[] {
  if (el.shadowRoot) return Array.from(el.shadowRoot.childNodes);
  const host = el.localName === 'slot' ? hostOf(el) : undefined;
  if (host) {
    const name = el.getAttribute('name');
    const assigned = Array.from(host.childNodes).filter((node) => (isElement(node) ? node.getAttribute('slot') : null) === name || (!name && node.nodeType === 3));
    if (assigned.length > 0) return assigned;
  }
  return Array.from(el.childNodes);
}

function appendLines(node: Node, lines: string[][], skip: string | undefined): void {
  if (node.nodeType === 3) {
    lines[lines.length - 1]?.push(node.nodeValue ?? '');
    return;
  }
  if (!isElement(node)) return;
  if (hiddenSelf(node) || (skip && node.matches(skip))) return;
  const block = BLOCK_TAGS.has(node.localName);
  if (block) lines.push([]);
  for (const child of renderedChildren(node)) appendLines(child, lines, skip);
  if (block) lines.push([]);
}

/**
 * The text lines of `el` that markup leaves visible (hidden descendants and those matching `skip` left out), split at
 * block elements, whitespace collapsed, empty lines dropped. Open shadow roots are read as rendered.
 */
export function visibleLines(el: Element, skip?: string): string[] {
  const lines: string[][] = [[]];
  for (const child of renderedChildren(el)) appendLines(child, lines, skip);
  return lines.map((line) => collapseWhitespace(line.join(''))).filter(Boolean);
}

/** The text of `el` that markup leaves visible, whitespace collapsed (hidden descendants skipped). */
export function visibleText(el: Element, skip?: string): string {
  return visibleLines(el, skip).join(' ');
}

/**
 * The visible text lines of a card in document order. A line is an element with a visible text node of its own
 * ("<p>Head of <b>Data</b></p>" is one line); its descendants are not read again. Immediate repeats are dropped
 * (LinkedIn renders strings twice for screen readers). Subtrees matching `skip` below `scope` are left out (nested
 * cards).
 */
export function textLines(scope: Element, skip?: string): string[] {
  const lines: string[] = [];
  let taken: Element | undefined;
  for (const el of Array.from(scope.querySelectorAll('*'))) {
    if (taken?.contains(el)) continue;
    if (isHidden(el, scope)) continue;
    if (skip) {
      const nested = el.closest(skip);
      if (nested && nested !== scope && scope.contains(nested)) continue;
    }
    const ownText = Array.from(el.childNodes).some((node) => node.nodeType === 3 && (node.nodeValue ?? '').trim() !== '');
    if (!ownText) continue;
    taken = el;
    const text = visibleText(el);
    if (text && lines[lines.length - 1] !== text) lines.push(text);
  }
  return lines;
}

/** Screen-reader-only text (LinkedIn's `visually-hidden` copies, `sr-only`, `a11y-text`): markup says no eye sees it. */
const SCREEN_READER_ONLY_RE = /(?:^|\s)(?:visually-hidden|sr-only|a11y-text)(?:\s|$)/;

/** Where a line of what the eye reads breaks: blocks, and links and buttons (each one is its own unit of text). */
const BREAK_TAGS = new Set([...BLOCK_TAGS, 'a', 'button', 'header', 'footer', 'article', 'main', 'nav', 'aside', 'figure', 'label']);

/** A line of text as a reader sees it, and the element its first character is in. */
export interface Line {
  text: string;
  el: Element;
}

/**
 * The lines of text a sighted reader sees in `root`, in document order: what markup hides (`hidden`, inline
 * `display:none`, inert tags) and screen-reader-only copies are left out, while `aria-hidden` content is kept (LinkedIn
 * marks its visual copies `aria-hidden` and pairs them with a screen-reader copy). Lines break at blocks, links,
 * buttons and those visual copies; subtrees matching `skip` are left out; immediate repeats are dropped. With `until`,
 * reading stops after the first line it accepts (callers that need the lines above a date skip the descriptions).
 */
export function readLines(root: Element, skip?: string, until?: (text: string) => boolean): Line[] {
  const out: Line[] = [];
  let parts: string[] = [];
  let first: Element | undefined;
  let done = false;
  const flush = () => {
    const text = first && collapseWhitespace(parts.join(''));
    if (first && text && out[out.length - 1]?.text !== text) {
      out.push({ text, el: first });
      done = until?.(text) ?? false;
    }
    parts = [];
    first = undefined;
  };
  const walk = (node: Node) => {
    for (let child = node.firstChild; child && !done; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const value = child.nodeValue ?? '';
        if (!first && value.trim()) first = child.parentElement ?? undefined;
        parts.push(value);
      } else if (isElement(child) && !hiddenByMarkup(child) && !SCREEN_READER_ONLY_RE.test(child.getAttribute('class') ?? '') && !(skip && child.matches(skip))) {
        const breaks = BREAK_TAGS.has(child.localName) || child.getAttribute('aria-hidden') === 'true';
        if (breaks) flush();
        walk(child);
        if (breaks) flush();
      }
    }
  };
  walk(root);
  flush();
  return out;
}

/** True when markup hides `el` or an ancestor up to `root` (`hidden`, inline `display:none`, inert tags); `aria-hidden` is not judged. */
export function hiddenWithin(el: Element, root: Element): boolean {
  for (let node: Element | null = el; node && node !== root; node = node.parentElement) if (hiddenByMarkup(node)) return true;
  return false;
}

/** `el`'s `href` resolved against the page URL (not `document.baseURI`), or `undefined`. */
export function resolveHref(el: Element, pageUrl: string): string | undefined {
  const href = el.getAttribute('href');
  if (!href) return undefined;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return undefined;
  }
}

/** `el`'s `src` resolved against the page URL, or `undefined`. */
export function resolveSrc(el: Element, pageUrl: string): string | undefined {
  const src = el.getAttribute('src');
  if (!src) return undefined;
  try {
    return new URL(src, pageUrl).href;
  } catch {
    return undefined;
  }
}

/** The document's `<title>` text, whitespace collapsed. */
export function documentTitle(doc: Document): string {
  return collapseWhitespace(doc.querySelector('title')?.textContent ?? '');
}

/** `content` of the first `<meta>` whose `property` or `name` is `name`. */
export function metaContent(doc: Document, name: string): string | undefined {
  for (const meta of Array.from(doc.querySelectorAll('meta'))) {
    if (meta.getAttribute('property') === name || meta.getAttribute('name') === name) {
      const content = collapseWhitespace(meta.getAttribute('content') ?? '');
      if (content) return content;
    }
  }
  return undefined;
}

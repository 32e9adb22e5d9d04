/**
 * Page recognition (contracts.md §1): what the page in front of the user is about. Pure, read-only functions of
 * `(Document, url)`: no waiting, no fetching, no layout; the same answer on a live page and on a `DOMParser` copy.
 *
 * One extractor per page kind, each with a URL predicate (`./linkedin/profile`); the first whose predicate matches
 * the URL reads the document. URLs no extractor claims are `unknown`.
 */
import type { PageContext } from '../domain/page-context';
import { linkedinProfileExtractor } from './linkedin/profile';
import type { DetailedRecognition, Extractor } from './types';

export { classifySelection } from './classify';
export type { DetailedRecognition, EntityField, Extractor, FieldStrategies, Strategy } from './types';

/** Registered extractors, most specific first. Company, search, Sales Navigator and CRM extractors go here. */
const EXTRACTORS: readonly Extractor[] = [linkedinProfileExtractor];

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Recognises the page and reports, for every entity, which strategy produced each field (`strategies[i]` describes
 * `context.entities[i]`), plus the layout recognised and the subject's provisional fields.
 */
export function recognizePageDetailed(doc: Document, url: string): DetailedRecognition {
  const parsed = parseUrl(url);
  const extractor = parsed ? EXTRACTORS.find((candidate) => candidate.matches(parsed)) : undefined;
  if (!parsed || !extractor) return { context: { url, kind: 'unknown', entities: [] }, strategies: [] };
  const { entities, ...details } = extractor.extract(doc, parsed);
  return { context: { url, kind: extractor.kind, entities }, ...details };
}

/**
 * The page's kind and entities: on record pages the subject first, optionally followed by its current company, and
 * nothing else. `url` is the page URL; relative links resolve against it. Never throws on odd markup.
 */
export function recognizePage(doc: Document, url: string): PageContext {
  return recognizePageDetailed(doc, url).context;
}

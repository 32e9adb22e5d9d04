/**
 * Builds a recogniser from a list of extractors: the first whose URL predicate matches reads the document; URLs no
 * extractor claims are `unknown`. `index.ts` registers every page kind (the contract); `sites.ts` offers per-site
 * recognisers so a content script that only runs on one site bundles only that site's extractors.
 */
import type { DetailedRecognition, Extractor } from './types';

export type Recognizer = (doc: Document, url: string) => DetailedRecognition;

export function createRecognizer(extractors: readonly Extractor[]): Recognizer {
  return (doc, url) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // Not a URL: unknown.
    }
    const extractor = parsed && extractors.find((candidate) => candidate.matches(parsed));
    if (!parsed || !extractor) return { context: { url, kind: 'unknown', entities: [] }, strategies: [] };
    try {
      const { entities, ...details } = extractor.extract(doc, parsed);
      return { context: { url, kind: extractor.kind, entities }, ...details };
    } catch {
      // A document the extractor cannot read at all (e.g. no document element): the URL still gives the kind.
      return { context: { url, kind: extractor.kind, entities: [] }, strategies: [] };
    }
  };
}

/**
 * Types shared by the recognition modules. Domain types come from `lib/domain/page-context.ts` as types only, so
 * nothing here pulls zod into the content script.
 */
import type { CompanyEntity, ContactEntity, Entity, PageContext, PageKind } from '../domain/page-context';

/**
 * Where a field's value came from, strongest first (page-recognition.md §6.2): the URL itself, JSON-LD, a Voyager
 * data island, a `<meta>` tag, a stable attribute (`id`, `data-testid`, `data-anonymize`, `componentkey`), the page's
 * structure (headings, link shapes such as a profile link carrying a name, list items, the order of lines around an
 * anchor such as "Contact info"), a class name, a localised label (aria-label / label text), the document title, or a
 * heuristic (the position or wording of unlabelled text, such as the items of a "·"-separated info line).
 */
export type Strategy = 'url' | 'json-ld' | 'voyager' | 'meta' | 'dom-attr' | 'structure' | 'dom-class' | 'label' | 'title' | 'heuristic';

/** Fields an entity can carry (everything but `type` and `confidence`). */
export type EntityField = Exclude<keyof ContactEntity | keyof CompanyEntity, 'type' | 'confidence'>;

/** For one entity: which strategy produced each field it has. */
export type FieldStrategies = Partial<Record<EntityField, Strategy>>;

/** A value and the strategy that produced it. */
export interface Found {
  value: string;
  strategy: Strategy;
}

/** What an extractor reports: the entities (subject first) and, in parallel, where each field came from. */
export interface Extraction {
  entities: Entity[];
  strategies: FieldStrategies[];
  /** Which frontend the page was recognised as (e.g. "sdui", "legacy", "public"). */
  layout?: string;
  /** Field names of the subject whose values are placeholders until more of the page renders (lazy cards). */
  provisional?: EntityField[];
}

/**
 * One extractor per page kind. `matches` is a pure URL predicate; `extract` reads the document (read-only) and the
 * URL. New page kinds (company, search, Sales Navigator, CRMs) are added by registering another extractor.
 */
export interface Extractor {
  kind: Exclude<PageKind, 'unknown'>;
  matches(url: URL): boolean;
  extract(doc: Document, url: URL): Extraction;
}

/** `recognizePage`'s answer plus, per entity, the strategy behind each field (for a selector health report). */
export interface DetailedRecognition extends Omit<Extraction, 'entities'> {
  context: PageContext;
}

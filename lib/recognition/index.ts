/**
 * Page recognition (contracts.md §1): what the page in front of the user is about. Pure, read-only functions of
 * `(Document, url)`: no waiting, no fetching, no layout; the same answer on a live page and on a `DOMParser` copy.
 *
 * One extractor per page kind, each with a URL predicate (see `sites.ts` for the lists): LinkedIn profile, company
 * and people search, Sales Navigator lead, account and search/list, HubSpot contact and company, Salesforce
 * Lightning Contact, Lead and Account, Pipedrive person, organization and deal. URLs no extractor claims are `unknown`.
 */
import type { PageContext } from '../domain/page-context';
import { createRecognizer } from './recognizer';
import { CRM_EXTRACTORS, LINKEDIN_EXTRACTORS } from './sites';
import type { DetailedRecognition } from './types';

export { classifySelection } from './classify';
export type { DetailedRecognition, EntityField, Extractor, FieldStrategies, Strategy } from './types';

const recognizeAll = /* @__PURE__ */ createRecognizer([...LINKEDIN_EXTRACTORS, ...CRM_EXTRACTORS]);

/**
 * Recognises the page and reports, for every entity, which strategy produced each field (`strategies[i]` describes
 * `context.entities[i]`), plus the layout recognised and the subject's provisional fields.
 */
export function recognizePageDetailed(doc: Document, url: string): DetailedRecognition {
  return recognizeAll(doc, url);
}

/**
 * The page's kind and entities: on record pages the subject first, optionally followed by its current company, and
 * nothing else; on list pages every row in page order. `url` is the page URL; relative links resolve against it.
 * Never throws on odd markup.
 */
export function recognizePage(doc: Document, url: string): PageContext {
  return recognizeAll(doc, url).context;
}

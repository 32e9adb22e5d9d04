/**
 * Which of a page context's fields a recogniser can fill from the URL alone, and which only the rendered page gives.
 * Free of zod: the content scripts use it and stay small.
 */
import type { PageContext } from './page-context';

/** Fields a recogniser can fill from the URL alone (with the entity's type and confidence). */
export const FROM_URL: ReadonlySet<string> = new Set(['type', 'confidence', 'crmId', 'linkedinUrl', 'salesNavUrl']);

/** True when the page itself (not only its URL) told recognition something: the page has rendered its subject. */
export function readFromPage(context: PageContext): boolean {
  return context.entities.some((entity) => Object.keys(entity).some((field) => !FROM_URL.has(field)));
}

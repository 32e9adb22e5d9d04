/**
 * How much of a page a report may carry: the background refuses more, so the content script trims to these first
 * (an overlong field is cut, never the whole report dropped). Plain constants, no zod: the content script stays small.
 */
export const PAGE_TEXT_MAX = 2000;
export const PAGE_URL_MAX = 8192;
export const PAGE_ENTITIES_MAX = 1000;

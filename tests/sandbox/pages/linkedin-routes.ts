/**
 * Which sandbox page answers a linkedin.com URL (used by the e2e harness's `routeLinkedIn`, tests/e2e/harness.ts):
 *
 * - `/in/<slug>…` → `/__sandbox/pages/linkedin/in/<slug>` (`?layout=` when a layout is forced);
 * - `/search/results/people/?…` → `/__sandbox/pages/linkedin/search?…` (the query is passed on, so `people=<slug>,…`
 *   picks the people; without it, the default list);
 * - `/company/<slug-or-id>…` (any sub-route) → `/__sandbox/pages/linkedin/company/<slug-or-id>`.
 *
 * Anything else → `undefined`.
 */
export type LinkedInLayout = 'sdui' | 'legacy' | 'public';

export function sandboxPathForLinkedIn(url: URL, layout?: LinkedInLayout): string | undefined {
  const profile = /^\/in\/([^/]+)/.exec(url.pathname);
  if (profile) return `/__sandbox/pages/linkedin/in/${profile[1]}${layout ? `?layout=${layout}` : ''}`;
  if (/^\/search\/results\/people\/?$/.test(url.pathname)) return `/__sandbox/pages/linkedin/search${url.search}`;
  const company = /^\/company\/([^/]+)/.exec(url.pathname);
  if (company) return `/__sandbox/pages/linkedin/company/${company[1]}`;
  return undefined;
}

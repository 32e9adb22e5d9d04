/** Is the company Lusha found the one on the user's page? (Lusha's company search has no LinkedIn identifier.) */
import { canonicalLinkedInCompanyUrl } from '../../domain/normalize';

/** A LinkedIn company page's handle (`acme-analytics`, or a numeric id) from any form of its URL. */
function linkedInHandle(url: string): string | undefined {
  return /\/company\/([^/?#]+)/.exec(canonicalLinkedInCompanyUrl(url) ?? '')?.[1];
}

/**
 * Whether the company Lusha found by name is the one whose LinkedIn page the user is on: false when Lusha names
 * another LinkedIn page (another company of that name). A numeric page id cannot be compared with a vanity name, and a
 * match without a LinkedIn page cannot be checked: both count as the same.
 */
export function sameLinkedInCompany(pageUrl: string, found: string | undefined): boolean {
  const page = linkedInHandle(pageUrl);
  const theirs = found ? linkedInHandle(found) : undefined;
  if (!page || !theirs || /^\d+$/.test(page) || /^\d+$/.test(theirs)) return true;
  return page === theirs;
}

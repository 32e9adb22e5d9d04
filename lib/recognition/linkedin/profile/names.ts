/**
 * Where a name with three or more words splits into first and last name, as the page itself splits it: the guest
 * page's `profile:first_name` / `profile:last_name` meta tags, else the first name the page addresses the person by
 * ("Message Sri Lalitha", "Sri Lalitha has verifications", "Laxmi Kant has a premium account"). Two-word names split
 * at the space without help.
 */
import { metaContent } from '../../dom';
import { cleanName } from '../../../domain/normalize';
import { CHROME } from '../../read';
import type { Strategy } from '../../types';

export interface NameSplit {
  firstName: string;
  lastName?: string;
  strategy: Strategy;
}

const words = (text: string): string[] => cleanName(text).split(' ').filter(Boolean);

/** How many of `tokens` open `label` as whole words, when fewer than all of them do (0 when none or all). */
function addressedWords(label: string, tokens: string[]): number {
  const said = label.split(/[\s’'.,:;!?()]+/);
  const at = said.indexOf(tokens[0] ?? '');
  if (at < 0) return 0;
  let count = 0;
  while (count < tokens.length && said[at + count] === tokens[count]) count += 1;
  return count < tokens.length ? count : 0;
}

/** The page's own split of `fullName`, or undefined (two-word names, or nothing on the page says). */
export function pageNameSplit(doc: Document, scope: Element | null, fullName: string): NameSplit | undefined {
  const tokens = words(fullName);
  const metaFirst = metaContent(doc, 'profile:first_name');
  const metaLast = metaContent(doc, 'profile:last_name');
  if (metaFirst && cleanName(fullName).startsWith(cleanName(metaFirst))) {
    return { firstName: cleanName(metaFirst), lastName: metaLast && (cleanName(metaLast) || undefined), strategy: 'meta' };
  }
  if (tokens.length < 3 || !scope) return undefined;
  const votes = new Map<number, number>();
  for (const el of Array.from(scope.querySelectorAll('[aria-label]'))) {
    const count = addressedWords(el.getAttribute('aria-label') ?? '', tokens);
    // Sidebars address other people ("Message Sri Devi"): only the page's own labels count.
    if (count > 0 && el.closest(CHROME)) continue;
    if (count > 0) votes.set(count, (votes.get(count) ?? 0) + 1);
  }
  const [best] = [...votes].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [];
  return best ? { firstName: tokens.slice(0, best).join(' '), lastName: tokens.slice(best).join(' '), strategy: 'label' } : undefined;
}

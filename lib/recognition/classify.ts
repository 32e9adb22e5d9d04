/**
 * Classifies selected text for the context-menu lookup (page-recognition.md §2.8): email, then URL (LinkedIn profile
 * or company, or another site's domain), then bare domain, then a person's name with an optional company. Anything
 * else, including long or hostile text, gives `null`.
 */
import type { Lookup } from '../domain/page-context';
import {
  canonicalLinkedInCompanyUrl,
  canonicalLinkedInProfileUrl,
  cleanName,
  collapseWhitespace,
  isCredential,
  isLinkedInHost,
  normalizeDomain,
  normalizeEmail,
  toHttpUrl,
} from '../domain/normalize';

const MAX_LENGTH = 200;

/** C0/C1 controls (tab, CR and LF aside), bidi overrides and invisible formatting characters. */
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const HOSTILE_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]/;

/** File names look like domains ("report.pdf"); these extensions are never read as top-level domains. */
const FILE_EXTENSIONS = new Set(['txt', 'pdf', 'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'csv', 'json', 'html', 'htm', 'js', 'ts', 'exe', 'zip', 'mp3', 'mp4', 'mov']);

/** Lower-case particles allowed inside a name ("Ludwig van Beethoven", "Ana de la Cruz"). */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ter', 'ten', 'bin', 'ibn', 'al', 'el', 'y', 'zu']);

const NAME_TOKEN_RE = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u;
const COMPANY_RE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} &'’.,()+/!:-]*$/u;

/** A token starts like a name: upper-case or caseless letter, or a known particle. */
function nameLike(token: string): boolean {
  if (PARTICLES.has(token)) return true;
  const initial = token.charAt(0);
  return NAME_TOKEN_RE.test(token) && (initial !== initial.toLowerCase() || initial === initial.toUpperCase());
}

function person(namePart: string, companyPart?: string): Lookup | null {
  const name = cleanName(namePart, false);
  const tokens = name.split(' ').filter(Boolean);
  if (tokens.length < 2 || tokens.length > 5 || name.length > 80 || !tokens.every(nameLike)) return null;
  if (PARTICLES.has(tokens[0] ?? '') || PARTICLES.has(tokens[tokens.length - 1] ?? '')) return null;
  const lookup: Lookup = { kind: 'name', firstName: tokens[0] ?? '', lastName: tokens.slice(1).join(' ') };
  if (companyPart === undefined) return lookup;
  const company = collapseWhitespace(companyPart);
  if (!company || company.length > 100 || !COMPANY_RE.test(company)) return null;
  return { ...lookup, companyName: company };
}

/** "First Last", "First Last at Company", "First Last @ Company", "First Last, Company" (", PhD" is not a company). */
function classifyName(text: string): Lookup | null {
  const at = /^(.+?)\s+(?:at|@)\s+(.+)$/i.exec(text) ?? /^([^@]+?)\s*@\s*(.+)$/.exec(text);
  if (at?.[1] && at[2]) return person(at[1], at[2]);
  const comma = text.indexOf(',');
  if (comma > 0) {
    const rest = text.slice(comma + 1);
    if (rest.split(',').every((part) => isCredential(part, false))) return person(text);
    return person(text.slice(0, comma), rest);
  }
  return person(text);
}

/** A URL or bare domain: LinkedIn profile/company, another site's domain, or `null`. */
function classifyLink(text: string): Lookup | null {
  const url = toHttpUrl(text);
  if (!url) return null;
  if (isLinkedInHost(url.hostname)) {
    const profile = canonicalLinkedInProfileUrl(url.href);
    if (profile) return { kind: 'linkedin-profile', linkedinUrl: profile };
    const company = canonicalLinkedInCompanyUrl(url.href);
    if (company) return { kind: 'linkedin-company', linkedinUrl: company };
    const unwrapped = normalizeDomain(url.href); // a /redir/redirect?url= wrapper
    return unwrapped && unwrapped !== 'linkedin.com' && !unwrapped.endsWith('.linkedin.com') ? { kind: 'domain', domain: unwrapped } : null;
  }
  const hasScheme = /^https?:\/\//i.test(text);
  if (!hasScheme && !/^[\p{L}\p{N}.-]+\.[\p{L}]{2,63}\.?(?::\d+)?(?:[/?#].*)?$/u.test(text)) return null;
  const domain = normalizeDomain(url.href);
  if (!domain) return null;
  if (!hasScheme && FILE_EXTENSIONS.has(domain.slice(domain.lastIndexOf('.') + 1))) return null;
  return { kind: 'domain', domain };
}

/**
 * What a text selection refers to: `{kind:'email'}`, `{kind:'linkedin-profile'|'linkedin-company'}` (canonical URL),
 * `{kind:'domain'}` (another site), `{kind:'name'}` (first/last, optional company), or `null` for anything else
 * (empty, longer than 200 characters, control or bidi characters, markup, sentences).
 */
export function classifySelection(text: string): Lookup | null {
  if (typeof text !== 'string' || text.length > 4 * MAX_LENGTH || HOSTILE_RE.test(text)) return null;
  const value = collapseWhitespace(text);
  if (!value || value.length > MAX_LENGTH) return null;

  if (/[<>]/.test(value)) {
    // Only "Name <email>" may carry angle brackets.
    const bracketed = /^[^<>]*<([^<>\s]+@[^<>\s]+)>$/.exec(value)?.[1];
    const email = bracketed ? normalizeEmail(bracketed) : null;
    return email ? { kind: 'email', email } : null;
  }
  if (!/\s/.test(value)) {
    if (/^mailto:/i.test(value) || /^[^/:]+@/.test(value)) {
      const email = normalizeEmail(value);
      return email ? { kind: 'email', email } : null;
    }
    return classifyLink(value);
  }
  return classifyName(value);
}

/**
 * The one normalisation of identities (contracts.md §1, page-recognition.md §4), shared by recognition, the provider
 * clients, the CRM matcher and the stores' keys, so one company or person gets one key everywhere. Pure functions of
 * strings: no DOM, no runtime dependency. Every helper returns `null` or `undefined` (or omits a field) rather than
 * guess when its input is not what it claims to be.
 */

const LINKEDIN_ORIGIN = 'https://www.linkedin.com';

/** A LinkedIn member id used in place of a vanity slug (`/in/ACoAA…`); case matters, so it is never lower-cased. */
export const MEMBER_ID_RE = /^ACo[A-Za-z0-9_-]{20,}$/;

/**
 * Trims and collapses every run of whitespace (including no-break and narrow no-break spaces) to one space, and drops
 * zero-width spaces.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\u200b\u2060]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Parses `href` as an http(s) URL. Relative hrefs resolve against `base`; without a base, a scheme-less input such as
 * `acme.example/about` or `www.linkedin.com/in/x` is read as `https://…`. Other schemes (`javascript:`, `data:`,
 * `mailto:`…) give `null`.
 */
export function toHttpUrl(href: string, base?: string): URL | null {
  const text = href.trim();
  if (!text || /[\s<>"]/.test(text)) return null;
  let url: URL;
  try {
    if (base !== undefined) url = new URL(text, base);
    else if (/^https?:\/\//i.test(text)) url = new URL(text);
    else if (text.startsWith('//')) url = new URL(`https:${text}`);
    // "scheme:" not followed by a port number: javascript:, mailto:, data:, ftp: …
    else if (/^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) return null;
    else url = new URL(`https://${text}`);
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
}

/** True for `linkedin.com` and any subdomain (`www.`, country subdomains such as `uk.` or `fr.`). */
export function isLinkedInHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'linkedin.com' || host.endsWith('.linkedin.com');
}

/** Percent-decodes (leniently), NFC-normalises and lower-cases a vanity slug; member ids keep their case. */
function normalizeSlug(raw: string): string | null {
  let slug = raw;
  try {
    slug = decodeURIComponent(raw);
  } catch {
    // A malformed escape: keep the raw text, it is still the identifier the page used.
  }
  slug = slug.normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (!slug || /[\s/?#\\<>"\u0000-\u001f\u007f]/.test(slug)) return null;
  return MEMBER_ID_RE.test(slug) ? slug : slug.toLowerCase();
}

/** A LinkedIn profile reference read from a URL. */
export interface LinkedInProfileRef {
  /** Percent-decoded, NFC, lower-cased vanity slug, or a member id (`ACoAA…`, case kept). */
  slug: string;
  /** True when `slug` is a member id rather than a vanity name. */
  isMemberId: boolean;
  /** `https://www.linkedin.com/in/<slug>`. */
  canonical: string;
}

/** Reads `/in/<slug>` (with any sub-route, query or fragment) from a LinkedIn URL on any LinkedIn host. */
export function parseLinkedInProfileUrl(href: string, base?: string): LinkedInProfileRef | null {
  const url = toHttpUrl(href, base);
  if (!url || !isLinkedInHost(url.hostname)) return null;
  const match = /^\/in\/([^/]+)/.exec(url.pathname);
  const slug = match?.[1] === undefined ? null : normalizeSlug(match[1]);
  if (!slug) return null;
  return { slug, isMemberId: MEMBER_ID_RE.test(slug), canonical: `${LINKEDIN_ORIGIN}/in/${slug}` };
}

/**
 * Canonical profile URL `https://www.linkedin.com/in/<slug>`: host `www.linkedin.com` whatever subdomain the link
 * used, slug percent-decoded and lower-cased, no query, fragment, trailing slash or sub-route. A member id
 * (`/in/ACoAA…`) keeps its case, because LinkedIn ids are case-sensitive. `null` when `href` is not a profile URL.
 */
export function canonicalLinkedInProfileUrl(href: string, base?: string): string | null {
  return parseLinkedInProfileUrl(href, base)?.canonical ?? null;
}

/**
 * Canonical company URL `https://www.linkedin.com/company/<slug-or-numeric-id>` (sub-routes such as `about/`,
 * `people/` dropped). A Sales Navigator account `/sales/company/<id>` maps to the public `/company/<id>`.
 */
export function canonicalLinkedInCompanyUrl(href: string, base?: string): string | null {
  const url = toHttpUrl(href, base);
  if (!url || !isLinkedInHost(url.hostname)) return null;
  const match = /^\/(?:sales\/)?company\/([^/]+)/.exec(url.pathname);
  const slug = match?.[1] === undefined ? null : normalizeSlug(match[1]);
  return slug ? `${LINKEDIN_ORIGIN}/company/${slug.toLowerCase()}` : null;
}

/**
 * Bare lower-case host of a website (`acme.example`): no scheme, `www.`, port, path or trailing dot; IDNs in punycode.
 * LinkedIn's `/redir/redirect?url=` and `/safety/go?url=` wrappers are unwrapped. IP addresses and single-label hosts
 * give `null`.
 */
export function normalizeDomain(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  let url = toHttpUrl(collapseWhitespace(input));
  for (let depth = 0; url && isLinkedInHost(url.hostname) && depth < 3; depth += 1) {
    if (!/^\/(?:redir\/redirect|safety\/go)\/?$/.test(url.pathname)) break;
    const target = url.searchParams.get('url');
    url = target ? toHttpUrl(target) : null;
  }
  if (!url) return undefined;
  const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\d*\./, '');
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (!host.includes('.') || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return undefined;
  return host;
}

const EMAIL_RE =
  /^([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+)@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

/**
 * Email as a lookup key: trimmed, `mailto:` and `?query` removed (a `mailto:` link gives its first recipient, also in the
 * `Name <address>` form or as `?to=`), surrounding `<>`/quotes/punctuation removed, domain lower-cased (the local part
 * keeps its case). Validated against the WHATWG "valid email address" grammar plus length and dot rules; `null` when
 * invalid.
 */
export function normalizeEmail(input: string): string | null {
  let text = input.trim();
  if (/^mailto:/i.test(text)) {
    const [to = '', query = ''] = text.slice(7).split('?');
    try {
      text = decodeURIComponent(to || (/(?:^|&)to=([^&]*)/i.exec(query)?.[1] ?? ''));
    } catch {
      return null;
    }
    text = text.split(',')[0] ?? '';
    text = /<([^<>]*)>/.exec(text)?.[1] ?? text;
  }
  text = text.split('?')[0] ?? '';
  text = text.trim().replace(/^[<("'[]+/, '').replace(/[>)"'\].,;:!]+$/, '');
  if (text.length > 254) return null;
  const match = EMAIL_RE.exec(text);
  const local = match?.[1];
  const domain = match?.[2]?.toLowerCase();
  if (!local || !domain || local.length > 64) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld)) return null;
  return `${local}@${domain}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------

/** Leading honorifics, compared lower-case without dots. */
const HONORIFICS = new Set([
  'dr', 'prof', 'professor', 'mr', 'mrs', 'ms', 'mx', 'miss', 'sir', 'dame', 'rev', 'hon', // EN
  'mme', 'mlle', 'pr', // FR
  'herr', 'frau', 'dipl-ing', 'ing', 'mag', // DE / AT
  'sr', 'sra', 'srta', 'dra', 'lic', 'don', 'doña', // ES
  'dott', 'dottssa', 'avv', // IT
]);

/** Credentials, compared lower-case without dots. */
const CREDENTIALS = new Set([
  'phd', 'mba', 'cpa', 'cfa', 'pmp', 'md', 'msc', 'ma', 'ms', 'bsc', 'ba', 'bs', 'jd', 'llm', 'mph', 'dds', 'rn',
  'cissp', 'cism', 'cisa', 'ceng', 'pe', 'peng', 'acca', 'fcca', 'cima', 'cgma', 'cipd', 'sphr', 'phr', 'shrm-cp',
  'shrm-scp', 'dba', 'edd', 'esq', 'mfa', 'mpa', 'meng', 'beng', 'cfp', 'caia', 'frm', 'csm', 'pcc', 'mcc', 'acc',
  'itil', 'psm', 'safe', 'ccie', 'frcs', 'facs', 'np', 'pa-c', 'lcsw', 'dphil', 'mphil', 'mres',
]);

/** Mixed-case spellings recognised as credentials when they end a name without a comma ("Ana Ruiz PhD"). */
const MIXED_CASE_CREDENTIALS = new Set(['PhD', 'Ph.D.', 'MSc', 'M.Sc.', 'BSc', 'B.Sc.', 'EdD', 'MEng', 'BEng', 'DPhil', 'MPhil', 'Esq.', 'LLM', 'LL.M.']);

const key = (token: string): string => token.toLowerCase().replace(/\./g, '');

/** True when `part` (one comma-separated tail piece) is a known credential; `loose` also accepts acronyms like "CGMA". */
export function isCredential(part: string, loose = true): boolean {
  const text = part.trim();
  if (CREDENTIALS.has(key(text))) return true;
  return loose && /^[A-Z][A-Za-z.-]{1,11}$/.test(text) && (text.match(/[A-Z]/g)?.length ?? 0) >= 2;
}

/** Emoji, pictographs, other symbols, and the joiners/selectors that glue emoji together. */
const SYMBOLS_RE = /\p{Extended_Pictographic}|\p{So}|\u200d|\ufe0e|\ufe0f|\u20e3/gu;

/**
 * A person's name reduced to the name itself: emoji and symbols, LinkedIn artefacts ("· 2nd"), parentheticals
 * ("(she/her)"), trailing " | …" taglines, leading honorifics ("Dr.", "Prof. Dr.") and trailing credentials (", PhD",
 * ", MBA, CPA", " MBA") removed; whitespace collapsed. The result is what `firstName`/`lastName` are split from; the
 * displayed `fullName` is never cleaned.
 */
export function cleanName(raw: string, looseCredentials = true): string {
  let text = collapseWhitespace(raw.replace(SYMBOLS_RE, ' '));
  text = text.replace(/\s*[·•].*$/, ''); // "Ana Ruiz · 2nd"
  text = text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '); // "(she/her)", "[Open to work]"
  text = text.replace(/\s+[|–—-]\s+.*$/, ''); // "Ana Ruiz | Growth", "Ana Ruiz - Hiring"
  text = collapseWhitespace(text);

  // Trailing credentials after commas: "Ana Ruiz, PhD", "Ana Ruiz, MBA, CPA".
  const parts = text.split(',');
  let end = parts.length;
  while (end > 1 && isCredential(parts[end - 1] ?? '', looseCredentials)) end -= 1;
  text = collapseWhitespace(parts.slice(0, end).join(','));

  const tokens = text.split(' ').filter((token) => token !== '');
  // Trailing credentials without a comma ("Ana Ruiz MBA"): upper-case or well-known mixed-case spellings only, so
  // that a surname such as "Ma" is kept.
  while (tokens.length > 1) {
    const last = tokens[tokens.length - 1] ?? '';
    const upper = last === last.toUpperCase() && /\p{Lu}/u.test(last);
    if (!(CREDENTIALS.has(key(last)) && (upper || MIXED_CASE_CREDENTIALS.has(last)))) break;
    tokens.pop();
  }
  // Leading honorifics ("Dr.", "Prof. Dr."), keeping at least one token.
  while (tokens.length > 1 && HONORIFICS.has(key(tokens[0] ?? ''))) tokens.shift();
  return tokens.join(' ').replace(/^[\s,;:'"“”‘’-]+|[\s,;:'"“”‘’-]+$/g, '');
}

/** First and last name of a person. A field is absent when the name does not have it. */
export interface NameParts {
  firstName?: string;
  lastName?: string;
}

/**
 * Splits a displayed name into first name (first token) and last name (the rest) after `cleanName`.
 * "Dr. Ana Ruiz, PhD" → { firstName: "Ana", lastName: "Ruiz" }; "Ana van der Berg" → lastName "van der Berg".
 */
export function splitName(raw: string): NameParts {
  const tokens = cleanName(raw).split(' ').filter((token) => token !== '');
  const [first, ...rest] = tokens;
  const parts: NameParts = {};
  if (first) parts.firstName = first;
  if (rest.length > 0) parts.lastName = rest.join(' ');
  return parts;
}

/**
 * Is Lusha's match the person the page (or the user) means? A search by LinkedIn URL, email or name can bring back a
 * record that names someone else, or the right person at a company they have left: revealing then pays for the
 * wrong data. This compares what the page shows with Lusha's preview, forgivingly (accents, case, punctuation,
 * honorifics and credentials, middle names, legal suffixes, `www.`), and says what disagrees. Only what both sides
 * show is compared: a side that shows no company cannot disagree about it.
 */
import type { ContactPreview } from '../domain/contact';
import { cleanName, normalizeDomain } from '../domain/normalize';
import type { Subject } from './subject';

/** What the page or the user says about the person. */
export interface ExpectedPerson {
  fullName?: string;
  firstName?: string;
  lastName?: string;
  companyName?: string;
  companyDomain?: string;
}

export interface MatchVerdict {
  /** Lusha's record names another person. */
  nameDiffers: boolean;
  /** Lusha's record places them at another company. */
  companyDiffers: boolean;
}

/** Lower case, without accents, with every run of punctuation or spaces made one space. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A name's words, honorifics and credentials left out ("Dr. Ana María Ruiz-Vega, PhD" → ana maria ruiz vega). */
function nameWords(person: { fullName?: string; firstName?: string; lastName?: string }): string[] {
  const raw = person.firstName || person.lastName ? [person.firstName, person.lastName].filter(Boolean).join(' ') : (person.fullName ?? '');
  return fold(cleanName(raw)).split(' ').filter(Boolean);
}

/** `short`'s words appear in `long`, in order (middle names and second surnames may be left out). */
function inOrder(short: string[], long: string[]): boolean {
  let at = 0;
  for (const word of long) if (word === short[at]) at += 1;
  return at === short.length;
}

/**
 * The same person's name: the same first name (or its initial) and the same last word, or one name's words all in the
 * other in order ("Ana Ruiz" and "Ana María Ruiz García"). Unknown on either side: no disagreement.
 */
export function sameName(a: { fullName?: string; firstName?: string; lastName?: string }, b: { fullName?: string; firstName?: string; lastName?: string }): boolean {
  const x = nameWords(a);
  const y = nameWords(b);
  if (x.length === 0 || y.length === 0) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 2 && inOrder(short, long)) return true;
  const firstAgrees = x[0] === y[0] || (x[0]!.length === 1 && y[0]!.startsWith(x[0]!)) || (y[0]!.length === 1 && x[0]!.startsWith(y[0]!));
  return firstAgrees && x.at(-1) === y.at(-1);
}

/** Words a company's name may carry or drop without being another company. */
const LEGAL_FORMS = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'kg', 'se', 'sa', 'sas', 'sarl',
  'srl', 'spa', 'sl', 'slu', 'bv', 'nv', 'oy', 'oyj', 'ab', 'as', 'asa', 'aps', 'pty', 'kk', 'the', 'group', 'holding', 'holdings',
]);

function companyWords(name: string): string[] {
  return fold(name)
    .split(' ')
    .filter((word) => word && !LEGAL_FORMS.has(word));
}

/** `part` appears in `whole` as consecutive words. */
function contains(whole: string[], part: string[]): boolean {
  if (part.length === 0) return false;
  for (let start = 0; start + part.length <= whole.length; start += 1) if (part.every((word, index) => whole[start + index] === word)) return true;
  return false;
}

/** The domain without `www.` and without its first label's subdomains ("eu.acme.example" and "acme.example" agree). */
function sameDomain(a: string, b: string): boolean {
  const x = normalizeDomain(a);
  const y = normalizeDomain(b);
  if (!x || !y) return true;
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/**
 * The same company: by domain when both sides show one, else by name without legal forms, one name's words found
 * whole in the other's ("Northwind" and "Northwind Analytics Ltd"). Unknown on either side: no disagreement.
 */
export function sameCompany(a: { companyName?: string; companyDomain?: string }, b: { companyName?: string; companyDomain?: string }): boolean {
  if (a.companyDomain && b.companyDomain) return sameDomain(a.companyDomain, b.companyDomain);
  if (!a.companyName || !b.companyName) return true;
  const x = companyWords(a.companyName);
  const y = companyWords(b.companyName);
  if (x.length === 0 || y.length === 0) return fold(a.companyName) === fold(b.companyName);
  return contains(x, y) || contains(y, x);
}

/** What disagrees between what the page (or the user) says and Lusha's preview. */
export function matchPreview(expected: ExpectedPerson, preview: ContactPreview): MatchVerdict {
  return {
    nameDiffers: !sameName(expected, preview),
    companyDiffers: !sameCompany(expected, preview),
  };
}

/** "Ana Ruiz at Northwind", or as much of it as is known. */
export function personLine(person: ExpectedPerson): string {
  const name = person.fullName ?? ([person.firstName, person.lastName].filter(Boolean).join(' ') || 'someone');
  const company = person.companyName ?? person.companyDomain;
  return company ? `${name} at ${company}` : name;
}

/** What the page shows about the subject, or what the user typed ("First Last at Company"); nothing to compare else. */
export function expectedOf(subject: Subject | null): ExpectedPerson | undefined {
  if (subject?.entity) return subject.entity;
  if (subject?.lookup.kind === 'name') return { firstName: subject.lookup.firstName, lastName: subject.lookup.lastName, companyName: subject.lookup.companyName };
  return undefined;
}

/**
 * "Lusha’s match: Ana Ruiz at Northwind; this page: Ana Ruiz at Contoso." when Lusha's record disagrees with the page
 * (or with what the user asked for), else undefined.
 */
export function mismatchNote(subject: Subject | null, preview: ContactPreview): string | undefined {
  const expected = expectedOf(subject);
  if (!expected || !subject) return undefined;
  const verdict = matchPreview(expected, preview);
  if (!verdict.nameDiffers && !verdict.companyDiffers) return undefined;
  const theirs = subject.source === 'page' ? 'this page' : 'you asked for';
  return `Lusha’s match: ${personLine(preview)}; ${theirs}: ${personLine(expected)}.`;
}

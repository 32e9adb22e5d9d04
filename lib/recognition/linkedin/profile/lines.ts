/** Classifies the unlabelled text lines of a profile top card. */
import { COUNT_RE, DEGREE_RE, PRONOUNS } from './selectors';

/** "·", "•", "|" or nothing. */
export function isSeparator(text: string): boolean {
  return text.replace(/[·•|\s]/g, '') === '';
}

/** "She/Her", "il/lui". */
export function isPronouns(text: string): boolean {
  const words = text.replace(/[()]/g, '').split('/').map((word) => word.trim().toLowerCase());
  return words.length >= 2 && words.every((word) => PRONOUNS.has(word));
}

/** Lines that are never a headline or a location: separators, connection degree, pronouns, follower counts. */
export function isNoiseLine(text: string): boolean {
  return isSeparator(text) || DEGREE_RE.test(text) || isPronouns(text) || COUNT_RE.test(text);
}

/** Drops the last sentence of an aria-label: "Acme. Click to skip to experience card" → "Acme". */
export function dropTrailingSentence(text: string): string {
  return text.replace(/\.\s+[^.]*\.?$/, '').trim();
}

/**
 * Scores a recognised page against what a person reads on it (real-pages.expected.ts): every expected field is worth
 * one point when the value is exactly right; a field the page does not show but the recogniser reports, and every
 * field of an entity that should not be there, counts as one expected point missed. Also reports the faults that fail
 * the real-page test outright: a wrong page kind, an entity naming someone else (its name or LinkedIn URL is not the
 * expected entity's at that position), and any decoy (viewer, mutual connections, sidebars) in the context.
 * Pure; used by real-pages.test.ts and scripts/recognition-health.ts.
 */
import type { Entity, PageContext } from '../domain/page-context';
import type { ExpectedEntity, RealPage } from './real-pages.expected';

/** Fields that are not scored: `photoUrl` is not part of the contract, `confidence` is not a value read from the page. */
const UNSCORED = new Set(['type', 'confidence', 'photoUrl']);

export interface PageScore {
  file: string;
  kind: PageContext['kind'];
  right: number;
  expected: number;
  wrongKind: boolean;
  /** Entities naming someone or something other than the expected entity at their position. */
  wrongEntities: string[];
  /** Decoys found anywhere in the context. */
  decoys: string[];
  /** One line per missed point: "entity#field: got … expected …". */
  misses: string[];
}

const scored = (entity: Entity | ExpectedEntity | undefined): [string, string][] =>
  Object.entries(entity ?? {}).filter((pair): pair is [string, string] => !UNSCORED.has(pair[0]) && typeof pair[1] === 'string');

const identity = (entity: Entity | ExpectedEntity): string | undefined =>
  (entity.type === 'contact' ? entity.fullName : entity.name) ?? entity.linkedinUrl;

/** Scores `context` (what `recognizePage` returned) against `page`. */
export function scoreRealPage(page: RealPage, context: PageContext): PageScore {
  const score: PageScore = { file: page.file, kind: context.kind, right: 0, expected: 0, wrongKind: context.kind !== page.kind, wrongEntities: [], decoys: [], misses: [] };
  const count = Math.max(page.entities.length, context.entities.length);
  for (let i = 0; i < count; i += 1) {
    const want = page.entities[i];
    const got = context.entities[i];
    const gotFields = new Map(scored(got));
    for (const [field, value] of scored(want)) {
      score.expected += 1;
      const actual = gotFields.get(field);
      if (actual === value && got?.type === want?.type) score.right += 1;
      else score.misses.push(`${i}.${field}: got ${JSON.stringify(actual)} expected ${JSON.stringify(value)}`);
      gotFields.delete(field);
    }
    for (const [field, value] of gotFields) {
      score.expected += 1;
      score.misses.push(`${i}.${field}: got ${JSON.stringify(value)} expected nothing`);
    }
    if (got) {
      const name = identity(got);
      const sameType = want?.type === got.type;
      const nameWrong = got.type === 'contact' ? got.fullName !== undefined && got.fullName !== want?.fullName : got.name !== undefined && got.name !== want?.name;
      const urlWrong = got.linkedinUrl !== undefined && got.linkedinUrl !== want?.linkedinUrl;
      if (!want || !sameType || nameWrong || urlWrong) score.wrongEntities.push(`${i}: ${got.type} ${JSON.stringify(name)}`);
    }
  }
  const text = JSON.stringify(context.entities);
  score.decoys = (page.decoys ?? []).filter((decoy) => text.includes(decoy));
  return score;
}

/** Sum of many page scores. */
export function totalScore(scores: PageScore[]): { right: number; expected: number; ratio: number } {
  const right = scores.reduce((sum, s) => sum + s.right, 0);
  const expected = scores.reduce((sum, s) => sum + s.expected, 0);
  return { right, expected, ratio: expected === 0 ? 1 : right / expected };
}

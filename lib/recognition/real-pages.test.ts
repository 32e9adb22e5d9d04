/**
 * Recognition on real pages LinkedIn served (2016–2026), read from `../shared/real-pages/pages/` beside the project
 * (never copied into it; skipped with a notice when the folder is absent). Each page is parsed with DOMParser (linkedom)
 * and scored against what a person reads on it (real-pages.expected.ts). Fails on a wrong page kind, an entity that
 * names someone else, a decoy (viewer, mutual connections, sidebars) anywhere in the result, or an overall score
 * below 98 %.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { recognizePage } from './index';
import { REAL_PAGES } from './real-pages.expected';
import { scoreRealPage, totalScore, type PageScore } from './real-pages.score';

const DIR = join(__dirname, '../../../shared/real-pages/pages');
const present = existsSync(DIR);
if (!present) console.warn(`real-pages.test: ${DIR} not found; the real-page recognition tests are skipped.`);

const scores: PageScore[] = present
  ? REAL_PAGES.map((page) => {
      const doc = new DOMParser().parseFromString(readFileSync(join(DIR, page.file), 'utf8'), 'text/html') as unknown as Document;
      return scoreRealPage(page, recognizePage(doc, page.url));
    })
  : [];

describe.skipIf(!present)('real LinkedIn pages', () => {
  it('has expectations for every page in the folder', () => {
    const files = readdirSync(DIR).filter((file) => file.endsWith('.html')).sort();
    expect(REAL_PAGES.map((page) => page.file).sort()).toEqual(files);
  });

  it.each(scores.map((score) => [score.file, score] as const))('%s: right kind, nobody else, no decoys', (_file, score) => {
    expect(score.wrongKind, `kind ${score.kind}`).toBe(false);
    expect(score.wrongEntities).toEqual([]);
    expect(score.decoys).toEqual([]);
  });

  it('reads at least 98 % of the fields a person reads', () => {
    const byKind = new Map<string, PageScore[]>();
    for (const score of scores) byKind.set(score.kind, [...(byKind.get(score.kind) ?? []), score]);
    const total = totalScore(scores);
    const lines = [...byKind].map(([kind, list]) => {
      const sub = totalScore(list);
      return `  ${kind.padEnd(18)} ${sub.right}/${sub.expected}`;
    });
    const misses = scores.flatMap((score) => score.misses.map((miss) => `  ${score.file} ${miss}`));
    console.log(`real pages: ${total.right}/${total.expected} fields right (${(total.ratio * 100).toFixed(1)} %)\n${lines.join('\n')}${misses.length ? `\nmissed:\n${misses.join('\n')}` : ''}`);
    expect(total.ratio).toBeGreaterThanOrEqual(0.98);
  });
});

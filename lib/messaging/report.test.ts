import { describe, expect, it } from 'vitest';
import { pageContextSchema, type PageContext } from '../domain/page-context';
import { PAGE_ENTITIES_MAX, PAGE_TEXT_MAX } from '../domain/page-limits';
import { fitReport } from './report';

describe('fitReport', () => {
  it('cuts an overlong field instead of losing the whole report, so the background still accepts it', () => {
    const hostile: PageContext = {
      url: 'https://www.linkedin.com/in/ana-ruiz',
      kind: 'linkedin-profile',
      entities: [{ type: 'contact', fullName: 'Ana Ruiz', title: 'x'.repeat(PAGE_TEXT_MAX * 3), confidence: 0.9 }],
    };
    expect(pageContextSchema.safeParse(hostile).success).toBe(false);
    const fitted = fitReport(hostile);
    expect(pageContextSchema.safeParse(fitted).success).toBe(true);
    expect(fitted.entities[0]).toMatchObject({ fullName: 'Ana Ruiz' });
    expect((fitted.entities[0] as { title: string }).title).toHaveLength(PAGE_TEXT_MAX);
  });

  it('keeps at most the entities the background takes, and drops empty strings', () => {
    const many: PageContext = {
      url: 'https://www.linkedin.com/search/results/people/',
      kind: 'linkedin-search',
      entities: Array.from({ length: PAGE_ENTITIES_MAX + 5 }, (_, index) => ({ type: 'contact' as const, fullName: `P ${index}`, title: '', confidence: 0.5 })),
    };
    const fitted = fitReport(many);
    expect(fitted.entities).toHaveLength(PAGE_ENTITIES_MAX);
    expect(fitted.entities[0]).not.toHaveProperty('title');
    expect(pageContextSchema.safeParse(fitted).success).toBe(true);
  });
});

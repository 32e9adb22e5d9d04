/**
 * Selector health over every recognition fixture and every real LinkedIn page: `npx tsx scripts/recognition-health.ts`
 * (wired as `npm run health`).
 *
 * For each fixture in tests/fixtures/<site>/ it prints the page kind recognised, whether the result still equals the
 * fixture's expected.json, the layout, and each entity's fields with the strategy that produced them (url, json-ld,
 * voyager, meta, dom-attr, structure, dom-class, label, title, heuristic). When ../shared/real-pages/pages/ is present
 * it does the same for each real page, with its score against what a person reads on it (real-pages.expected.ts).
 * Then, per page kind, how often each field was found and by which strategies. A field that only the title or a
 * heuristic still finds is where selectors have started to rot.
 * Options: --json (one JSON object), --site <name> (one fixture site only; real pages are site "real").
 * Exits 1 when a fixture no longer matches or a real page is misread (wrong kind, someone else, under 98 %).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { recognizePageDetailed } from '../lib/recognition/index';
import { measureRecognition } from '../lib/recognition/bench';
import { REAL_PAGES } from '../lib/recognition/real-pages.expected';
import { scoreRealPage, totalScore, type PageScore } from '../lib/recognition/real-pages.score';

const ROOT = join(import.meta.dirname, '..', 'tests', 'fixtures');
const REAL = join(import.meta.dirname, '..', '..', 'shared', 'real-pages', 'pages');
const SITES = ['linkedin', 'salesnav', 'hubspot', 'salesforce', 'pipedrive'];
const args = process.argv.slice(2);
const only = args.includes('--site') ? args[args.indexOf('--site') + 1] : undefined;

/** Object keys sorted recursively, so that two contexts compare regardless of key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

interface Row {
  fixture: string;
  kind: string;
  matches: boolean;
  /** Real pages: fields right / fields a person reads. */
  score?: string;
  layout?: string;
  provisional: string[];
  p50: number;
  entities: { type: string; confidence: number; fields: Record<string, string> }[];
}

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html') as unknown as Document;

/** One row of the report: what recognition gave on `doc` at `url`, field by field. */
function report(fixture: string, doc: Document, url: string, matches: boolean, score?: string): Row {
  const result = recognizePageDetailed(doc, url);
  return {
    fixture,
    kind: result.context.kind,
    matches,
    score,
    layout: result.layout,
    provisional: result.provisional ?? [],
    p50: measureRecognition(doc, url, 5).p50,
    entities: result.context.entities.map((entity, i) => ({
      type: entity.type,
      confidence: entity.confidence,
      fields: Object.fromEntries(Object.entries(result.strategies[i] ?? {}).map(([field, strategy]) => [field, strategy ?? '?'])),
    })),
  };
}

const rows: Row[] = [];
for (const site of SITES.filter((s) => !only || s === only)) {
  for (const file of readdirSync(join(ROOT, site)).filter((f) => f.endsWith('.html')).sort()) {
    const base = join(ROOT, site, file.slice(0, -5));
    const url = readFileSync(`${base}.url`, 'utf8').trim();
    const doc = parse(readFileSync(`${base}.html`, 'utf8'));
    let expected: unknown;
    try {
      expected = JSON.parse(readFileSync(`${base}.expected.json`, 'utf8'));
    } catch {
      expected = undefined;
    }
    const matches = JSON.stringify(canonical(expected)) === JSON.stringify(canonical(recognizePageDetailed(doc, url).context));
    rows.push(report(`${site}/${file.slice(0, -5)}`, doc, url, matches));
  }
}

const scores: PageScore[] = [];
if (!existsSync(REAL)) console.warn(`(${REAL} not found: real pages not reported)`);
else if (!only || only === 'real') {
  for (const page of REAL_PAGES) {
    const doc = parse(readFileSync(join(REAL, page.file), 'utf8'));
    const score = scoreRealPage(page, recognizePageDetailed(doc, page.url).context);
    scores.push(score);
    const fault = score.wrongKind || score.wrongEntities.length > 0 || score.decoys.length > 0;
    rows.push(report(`real/${page.file.slice(0, -5)}`, doc, page.url, !fault && score.right === score.expected, `${score.right}/${score.expected}`));
  }
}

/** Per kind: for each field, how many fixtures' entities had it, by which strategies. */
const byKind = new Map<string, { fixtures: number; fields: Map<string, Map<string, number>> }>();
for (const row of rows) {
  const entry = byKind.get(row.kind) ?? { fixtures: 0, fields: new Map() };
  entry.fixtures += 1;
  for (const entity of row.entities) {
    for (const [field, strategy] of Object.entries(entity.fields)) {
      const key = `${entity.type}.${field}`;
      const counts = entry.fields.get(key) ?? new Map<string, number>();
      counts.set(strategy, (counts.get(strategy) ?? 0) + 1);
      entry.fields.set(key, counts);
    }
  }
  byKind.set(row.kind, entry);
}

const total = totalScore(scores);
const realFault = scores.some((score) => score.wrongKind || score.wrongEntities.length > 0 || score.decoys.length > 0) || (scores.length > 0 && total.ratio < 0.98);
const failures = rows.filter((row) => !row.matches && !row.fixture.startsWith('real/'));
if (args.includes('--json')) {
  const summary = Object.fromEntries(
    [...byKind].map(([kind, entry]) => [kind, { fixtures: entry.fixtures, fields: Object.fromEntries([...entry.fields].map(([f, c]) => [f, Object.fromEntries(c)])) }]),
  );
  const real = scores.length ? { right: total.right, expected: total.expected, misses: scores.flatMap((score) => score.misses.map((miss) => `${score.file} ${miss}`)) } : undefined;
  console.log(JSON.stringify({ fixtures: rows, summary, failures: failures.map((row) => row.fixture), real }, null, 2));
} else {
  const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
  const width = Math.max(...rows.map((row) => row.fixture.length), 7) + 2;
  console.log(`${pad('page', width)}${pad('kind', 19)}${pad('ok', 8)}${pad('layout', 8)}${pad('ms', 6)}entities: field=strategy`);
  for (const row of rows) {
    const entities = row.entities
      .map((e) => `${e.type}(${e.confidence}) ${Object.entries(e.fields).map(([f, s]) => `${f}=${s}`).join(' ')}`)
      .join('  |  ');
    const provisional = row.provisional.length ? `  [provisional: ${row.provisional.join(', ')}]` : '';
    const ok = row.score ?? (row.matches ? 'ok' : 'NO');
    console.log(`${pad(row.fixture, width)}${pad(row.kind, 19)}${pad(ok, 8)}${pad(row.layout ?? '-', 8)}${pad(row.p50.toFixed(1), 6)}${entities || '(no entities)'}${provisional}`);
  }
  console.log('\nPer page kind: field: strategy×pages (fixtures and real pages)');
  for (const [kind, entry] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`\n${kind} (${entry.fixtures} pages)`);
    for (const [field, counts] of entry.fields) {
      console.log(`  ${pad(field, 22)}${[...counts].map(([strategy, n]) => `${strategy}×${n}`).join(' ')}`);
    }
  }
  console.log(`\n${rows.length - scores.length} fixtures, ${failures.length} not matching their expected.json${failures.length ? `: ${failures.map((row) => row.fixture).join(', ')}` : ''}`);
  if (scores.length) {
    console.log(`${scores.length} real pages: ${total.right}/${total.expected} fields right (${(total.ratio * 100).toFixed(1)} %)`);
    for (const score of scores) for (const miss of score.misses) console.log(`  ${score.file} ${miss}`);
  }
}
process.exitCode = failures.length > 0 || realFault ? 1 : 0;

/**
 * Selector health over every recognition fixture: `npx tsx scripts/recognition-health.ts` (wired as `npm run health`).
 *
 * For each fixture in tests/fixtures/<site>/ it prints the page kind recognised, whether the result still equals the
 * fixture's expected.json, the layout, and each entity's fields with the strategy that produced them (url, json-ld,
 * voyager, dom-attr, dom-class, label, title, heuristic); then, per page kind, how often each field was found and by
 * which strategies. A field that only the title or a heuristic still finds is where selectors have started to rot.
 * Options: --json (one JSON object), --site <name> (one site only). Exits 1 when a fixture no longer matches.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { recognizePageDetailed } from '../lib/recognition/index';
import { measureRecognition } from '../lib/recognition/bench';

const ROOT = join(import.meta.dirname, '..', 'tests', 'fixtures');
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
  layout?: string;
  provisional: string[];
  p50: number;
  entities: { type: string; confidence: number; fields: Record<string, string> }[];
}

const rows: Row[] = [];
for (const site of SITES.filter((s) => !only || s === only)) {
  for (const file of readdirSync(join(ROOT, site)).filter((f) => f.endsWith('.html')).sort()) {
    const base = join(ROOT, site, file.slice(0, -5));
    const url = readFileSync(`${base}.url`, 'utf8').trim();
    const doc = new DOMParser().parseFromString(readFileSync(`${base}.html`, 'utf8'), 'text/html') as unknown as Document;
    const result = recognizePageDetailed(doc, url);
    let expected: unknown;
    try {
      expected = JSON.parse(readFileSync(`${base}.expected.json`, 'utf8'));
    } catch {
      expected = undefined;
    }
    rows.push({
      fixture: `${site}/${file.slice(0, -5)}`,
      kind: result.context.kind,
      matches: JSON.stringify(canonical(expected)) === JSON.stringify(canonical(result.context)),
      layout: result.layout,
      provisional: result.provisional ?? [],
      p50: measureRecognition(doc, url, 5).p50,
      entities: result.context.entities.map((entity, i) => ({
        type: entity.type,
        confidence: entity.confidence,
        fields: Object.fromEntries(Object.entries(result.strategies[i] ?? {}).map(([field, strategy]) => [field, strategy ?? '?'])),
      })),
    });
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

const failures = rows.filter((row) => !row.matches);
if (args.includes('--json')) {
  const summary = Object.fromEntries(
    [...byKind].map(([kind, entry]) => [kind, { fixtures: entry.fixtures, fields: Object.fromEntries([...entry.fields].map(([f, c]) => [f, Object.fromEntries(c)])) }]),
  );
  console.log(JSON.stringify({ fixtures: rows, summary, failures: failures.map((row) => row.fixture) }, null, 2));
} else {
  const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));
  const width = Math.max(...rows.map((row) => row.fixture.length), 7) + 2;
  console.log(`${pad('fixture', width)}${pad('kind', 19)}${pad('ok', 4)}${pad('layout', 8)}${pad('ms', 6)}entities: field=strategy`);
  for (const row of rows) {
    const entities = row.entities
      .map((e) => `${e.type}(${e.confidence}) ${Object.entries(e.fields).map(([f, s]) => `${f}=${s}`).join(' ')}`)
      .join('  |  ');
    const provisional = row.provisional.length ? `  [provisional: ${row.provisional.join(', ')}]` : '';
    console.log(`${pad(row.fixture, width)}${pad(row.kind, 19)}${pad(row.matches ? 'ok' : 'NO', 4)}${pad(row.layout ?? '-', 8)}${pad(row.p50.toFixed(1), 6)}${entities || '(no entities)'}${provisional}`);
  }
  console.log('\nPer page kind: field: strategy×fixtures');
  for (const [kind, entry] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`\n${kind} (${entry.fixtures} fixtures)`);
    for (const [field, counts] of entry.fields) {
      console.log(`  ${pad(field, 22)}${[...counts].map(([strategy, n]) => `${strategy}×${n}`).join(' ')}`);
    }
  }
  console.log(`\n${rows.length} fixtures, ${failures.length} not matching their expected.json${failures.length ? `: ${failures.map((row) => row.fixture).join(', ')}` : ''}`);
}
process.exitCode = failures.length > 0 ? 1 : 0;

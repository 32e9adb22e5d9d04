/**
 * Raw Lusha signal results (schemas-signals.ts) → Sidecar's `Signal` (lib/domain/signal.ts). Pure functions.
 *
 * The spec types only `linkedinActivityIntent` items; the other item fields come from the spec's contact example
 * (`signalDate`, `previousCompany`, `newCompany`) and the V2 examples (`baselineEmployeesCount`, `historicalAvg`,
 * `changeRatePercent`, `articleTitle`, …). Each field is looked up under every name seen in those sources; what is
 * not mapped stays in `raw`.
 */
import { z } from 'zod';
import type { Signal, SignalCategory, SignalRole } from '../../domain/signal';
import type { LushaSignalItem, LushaSignalsResult } from './schemas-signals';
import { itemFailure, normalizeDomain } from './to-domain';
import type { EntitySignalsOutcome } from './types';

type EntityType = Signal['entity']['type'];

/** Result keys that describe the entity, not a signal list. */
const RESULT_KEYS = new Set(['id', 'companyName', 'domain', 'error', 'clientReferenceId', 'name']);
/** Item keys that repeat the entity; dropped from `raw`. */
const ENTITY_ECHO_KEYS = new Set(['companyId', 'companyName', 'domain', 'personId', 'contactId']);

const jsonSchema = z.json();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed non-empty string (numbers become strings), else undefined. */
function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A finite number, or a numeric string read as one, else undefined. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Category, direction and window of a signal type name. */
export function classifySignalType(type: string): Pick<Signal, 'category' | 'direction' | 'period'> {
  const headcount = /^headcount(Increase|Decrease)(\d+m)$/.exec(type);
  if (headcount) return { category: 'headcount', direction: headcount[1] === 'Increase' ? 'increase' : 'decrease', period: headcount[2] };
  const change = /^(websiteTraffic|itSpend)(Increase|Decrease)$/.exec(type);
  if (change) {
    const category: SignalCategory = change[1] === 'websiteTraffic' ? 'website-traffic' : 'it-spend';
    return { category, direction: change[2] === 'Increase' ? 'increase' : 'decrease' };
  }
  if (type === 'companyChange') return { category: 'job-change' };
  if (type === 'promotion') return { category: 'promotion' };
  if (type.startsWith('surgeInHiring')) return { category: 'hiring', direction: 'increase' };
  if (type.endsWith('News')) return { category: 'news' };
  if (type === 'linkedinActivityIntent') return { category: 'intent' };
  return { category: 'other' };
}

/** Reads an item field by field, remembering which keys were used so the rest can go to `raw`. */
class ItemReader {
  readonly used = new Set<string>();

  constructor(private readonly item: LushaSignalItem) {}

  /** The first of `keys` that `read` accepts. */
  first<T>(keys: readonly string[], read: (value: unknown) => T | undefined): T | undefined {
    for (const key of keys) {
      const value = read(this.item[key]);
      if (value !== undefined) {
        this.used.add(key);
        return value;
      }
    }
    return undefined;
  }

  text(...keys: string[]): string | undefined {
    return this.first(keys, str);
  }

  number(...keys: string[]): number | undefined {
    return this.first(keys, num);
  }

  /** Every key not read, as JSON, minus the entity echoes. */
  rest(entityId: string): Record<string, z.infer<typeof jsonSchema>> {
    const raw: Record<string, z.infer<typeof jsonSchema>> = {};
    for (const [key, value] of Object.entries(this.item)) {
      if (this.used.has(key) || ENTITY_ECHO_KEYS.has(key) || value === undefined) continue;
      if (key === 'id' && str(value) === entityId) continue;
      const json = jsonSchema.safeParse(value);
      if (json.success) raw[key] = json.data;
    }
    return raw;
  }
}

function role(reader: ItemReader, company: string[], domain: string[], title: string[]): SignalRole | undefined {
  const value: SignalRole = {};
  const c = reader.text(...company);
  const d = reader.first(domain, (v) => normalizeDomain(str(v)));
  const t = reader.text(...title);
  if (c !== undefined) value.company = c;
  if (d !== undefined) value.companyDomain = d;
  if (t !== undefined) value.title = t;
  return Object.keys(value).length > 0 ? value : undefined;
}

/** One vendor item of signal type `type` about an entity → a `Signal`. */
export function toSignal(entity: { type: EntityType; id: string }, type: string, item: LushaSignalItem): Signal {
  const reader = new ItemReader(item);
  const signal: Signal = { provider: 'lusha', entity, type, ...classifySignalType(type), topics: [], raw: {} };
  const set = <K extends keyof Signal>(key: K, value: Signal[K] | undefined) => {
    if (value !== undefined) signal[key] = value;
  };

  set('id', reader.text('signalId'));
  set('date', reader.text('signalDate', 'articlePublishedDate', 'activityPublicationDate', 'eventEffectiveDate', 'date'));
  set('title', reader.text('articleTitle', 'title'));
  set('summary', reader.text('eventSummary', 'activitySummary', 'articleHighlight', 'summary'));
  set('url', reader.text('articleUrl', 'activityUrl', 'url'));
  set('subtype', reader.text('eventType', 'signalCategory'));
  set('previous', role(reader, ['previousCompany', 'previousCompanyName'], ['previousDomain', 'previousCompanyDomain'], ['previousTitle', 'previousJobTitle']));
  set(
    'current',
    role(
      reader,
      ['newCompany', 'currentCompany', 'currentCompanyName'],
      ['newDomain', 'currentDomain', 'newCompanyDomain'],
      ['newTitle', 'currentTitle', 'newJobTitle', 'currentJobTitle'],
    ),
  );
  set(
    'value',
    reader.number('newEmployeesCount', 'lastMonthVisits', 'newJobsPostedLastWeek', 'newJobsPostedLast4Weeks', 'estimatedAnnualItSpend', 'currentValue', 'value'),
  );
  set('previousValue', reader.number('baselineEmployeesCount', 'historicalAvg', 'previousValue'));
  set('deltaPercent', reader.number('changeRatePercent', 'changePercent'));
  if (signal.value !== undefined && signal.previousValue !== undefined) signal.delta = signal.value - signal.previousValue;
  set('department', reader.text('department', 'currentDepartments'));
  const state = str(item.state);
  const country = str(item.country);
  if (signal.category === 'hiring' && (state || country)) {
    signal.location = [state, country].filter(Boolean).join(', ');
    if (state) reader.used.add('state');
    if (country) reader.used.add('country');
  }
  const topics = item.intentTopics;
  if (Array.isArray(topics)) {
    signal.topics = topics.flatMap((t) => {
      const name = isRecord(t) ? str(t.topic) : str(t);
      return name === undefined ? [] : [name];
    });
    if (signal.topics.length === topics.length) reader.used.add('intentTopics');
  }
  signal.raw = reader.rest(entity.id);
  return signal;
}

/** Newest first; undated last; ties keep their order. */
function byDateDesc(a: Signal, b: Signal): number {
  if (a.date === b.date) return 0;
  if (a.date === undefined) return 1;
  if (b.date === undefined) return -1;
  return a.date < b.date ? 1 : -1;
}

/** Every signal list of one result → signals, newest first. Non-object items are skipped. */
export function toSignals(entityType: EntityType, entityId: string, result: LushaSignalsResult): Signal[] {
  const signals: Signal[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (RESULT_KEYS.has(key) || !Array.isArray(value)) continue;
    for (const item of value as unknown[]) {
      if (isRecord(item)) signals.push(toSignal({ type: entityType, id: entityId }, key, item));
    }
  }
  return signals.sort(byDateDesc);
}

/**
 * A signals response's results → one outcome per requested id, in request order. A requested id with no result
 * is 'not-found'; results for ids nobody asked for are appended after them.
 */
export function toSignalsOutcomes(entityType: EntityType, requestedIds: readonly string[], results: readonly LushaSignalsResult[]): EntitySignalsOutcome[] {
  const byId = new Map<string, EntitySignalsOutcome>();
  const extra: EntitySignalsOutcome[] = [];
  for (const result of results) {
    const id = str(result.id);
    if (id === undefined) continue;
    const outcome: EntitySignalsOutcome = result.error
      ? { id, ...itemFailure(result.error) }
      : { id, status: 'found', signals: toSignals(entityType, id, result) };
    if (requestedIds.includes(id) && !byId.has(id)) byId.set(id, outcome);
    else extra.push(outcome);
  }
  const ordered = requestedIds.map((id): EntitySignalsOutcome => byId.get(id) ?? { id, status: 'not-found', message: 'no result for this id' });
  return [...ordered, ...extra];
}

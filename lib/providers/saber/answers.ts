/**
 * Saber's `answer` object → Sidecar's tagged `Answer` (docs/providers.md §2.3.1, §3.4). Pure, no I/O.
 *
 * Saber tags the answer and nests the value under the camel-cased type: `{"type":"open_text","openText":{"value":
 * "…"}}`, `{"type":"number","number":{"value":14491}}`. Also read, because documents disagree: the snake-cased key
 * (`"open_text": {…}`), a bare value under the key (`"number": 5`), a `value` beside `type`, and an untagged scalar
 * (typed by the signal's `answerType`). `json_schema` has no `value` wrapper. `currency` may be a string.
 * The contact-shaped types are undocumented: their payload is kept as `raw` JSON (without a `{value}` wrapper if it
 * has one). A known type whose value has the wrong shape is an issue with its path (→ 'unexpected-response'); an
 * unknown type is kept whole as `{type:'unknown'}`; a null value reads as "no answer".
 */
import { RAW_ANSWER_TYPES, type Answer, type JsonValue, type RawAnswerType } from '../../domain/saber-answer';

/** Why an answer could not be read, and where (relative to the answer). */
export interface AnswerIssue {
  path: (string | number)[];
  message: string;
}

export type DecodedAnswer = { ok: true; answer: Answer | null } | { ok: false; issue: AnswerIssue };

type JsonObject = { [key: string]: JsonValue };
type ScalarType = 'boolean' | 'number' | 'percentage' | 'currency' | 'url' | 'list' | 'open_text';

const SCALAR_TYPES: readonly string[] = ['boolean', 'number', 'percentage', 'currency', 'url', 'list', 'open_text'] satisfies ScalarType[];
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalarType = (type: string): type is ScalarType => SCALAR_TYPES.includes(type);
const isRawType = (type: string): type is RawAnswerType => (RAW_ANSWER_TYPES as readonly string[]).includes(type);

const camel = (type: string): string => type.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

const ok = (answer: Answer | null): DecodedAnswer => ({ ok: true, answer });
const fail = (path: (string | number)[], message: string): DecodedAnswer => ({ ok: false, issue: { path, message } });

/** `answer.openText` or `answer.open_text`, with the key it was found under. */
function payloadOf(answer: JsonObject, type: string): { key: string; value: JsonValue } | undefined {
  for (const key of [camel(type), type]) {
    const value = answer[key];
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/** A number, or a numeric string (thousands separators and a trailing % are tolerated). */
function toNumber(value: JsonValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/,/g, '').replace(/%$/, '').trim();
  return NUMERIC.test(text) ? Number(text) : undefined;
}

/** A typed value → an Answer of `type`, or an issue at `path`. */
function scalarAnswer(type: ScalarType, value: JsonValue, path: (string | number)[]): DecodedAnswer {
  if (value === null) return ok(null);
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return ok({ type, value });
      if (value === 'true' || value === 'false') return ok({ type, value: value === 'true' });
      return fail(path, 'expected boolean');
    case 'number':
    case 'percentage': {
      const number = toNumber(value);
      return number === undefined ? fail(path, 'expected number') : ok({ type, value: number });
    }
    case 'currency': {
      if (typeof value !== 'string' && typeof value !== 'number') return fail(path, 'expected string or number');
      const text = String(value).trim();
      const amount = toNumber(text);
      return ok(amount === undefined ? { type, value: text } : { type, value: text, amount });
    }
    case 'url':
    case 'open_text':
      return typeof value === 'string' ? ok({ type, value }) : fail(path, 'expected string');
    case 'list': {
      if (!Array.isArray(value)) return fail(path, 'expected array');
      const items: string[] = [];
      for (const [index, item] of value.entries()) {
        if (typeof item === 'string') items.push(item);
        else if (typeof item === 'number') items.push(String(item));
        else return fail([...path, index], 'expected string');
      }
      return ok({ type, value: items });
    }
  }
}

/** The value of a tagged scalar answer: `{value}` under the type's key, a bare value there, or `value` beside `type`. */
function taggedScalar(answer: JsonObject, type: ScalarType): DecodedAnswer {
  const payload = payloadOf(answer, type);
  if (payload) {
    if (isObject(payload.value)) {
      const inner = payload.value.value;
      if (inner === undefined) return fail([payload.key, 'value'], 'missing');
      return scalarAnswer(type, inner, [payload.key, 'value']);
    }
    return scalarAnswer(type, payload.value, [payload.key]);
  }
  const beside = answer.value;
  if (beside !== undefined) return scalarAnswer(type, beside, ['value']);
  return fail([camel(type)], 'missing');
}

/** Everything but `type`: the raw payload of an undocumented answer type when it has no key of its own. */
function withoutType(answer: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(answer).filter(([key]) => key !== 'type'));
}

/** A tagged answer object. */
function tagged(answer: JsonObject, type: string): DecodedAnswer {
  if (isScalarType(type)) return taggedScalar(answer, type);
  if (type === 'json_schema') {
    const payload = payloadOf(answer, type);
    if (!payload) return fail([camel(type)], 'missing');
    return ok(payload.value === null ? null : { type, value: payload.value });
  }
  if (isRawType(type)) {
    // Unwrapped like the documented types when Saber uses the same `{value}` wrapper; otherwise kept whole.
    const payload = payloadOf(answer, type);
    if (!payload) return ok({ type, raw: withoutType(answer) });
    const inner = isObject(payload.value) ? payload.value.value : undefined;
    return ok({ type, raw: inner !== undefined ? inner : payload.value });
  }
  return ok({ type: 'unknown', vendorType: type, raw: answer });
}

/**
 * Read one `answer`. `answerType` (the signal's) types an untagged answer. Undefined and null are "no answer".
 */
export function decodeAnswer(raw: JsonValue | undefined, answerType?: string): DecodedAnswer {
  if (raw === undefined || raw === null) return ok(null);
  if (isObject(raw) && typeof raw.type === 'string' && raw.type.trim() !== '') return tagged(raw, raw.type.trim());
  if (isObject(raw) && raw.type !== undefined) return fail(['type'], 'expected string');

  // Untagged: trust the signal's answerType.
  const type = answerType?.trim() ?? '';
  if (isScalarType(type)) {
    return isObject(raw) && raw.value !== undefined ? scalarAnswer(type, raw.value, ['value']) : scalarAnswer(type, raw, []);
  }
  if (type === 'json_schema') return ok({ type, value: raw });
  if (isRawType(type)) return ok({ type, raw });
  return ok({ type: 'unknown', vendorType: type === '' ? 'untyped' : type, raw });
}

/**
 * A small SOQL and SOSL engine for the Salesforce stand-in: enough of the grammar for what a client like Sidecar
 * sends, with Salesforce's error codes for what it does not understand.
 *
 * SOQL: `SELECT f, Rel.f FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST]] [LIMIT n] [OFFSET n]`;
 * conditions `=`, `!=`, `<>`, `<`, `<=`, `>`, `>=`, `LIKE`, `IN (…)`, `NOT IN (…)`, `AND`, `OR`, `NOT`, parentheses;
 * values are quoted strings (`\'` and `\\` escapes), numbers, `true`/`false`/`null` and dates. Text compares
 * case-insensitively, as in Salesforce.
 * SOSL: `FIND {term} [IN ALL|NAME|EMAIL|PHONE FIELDS] RETURNING Obj(f, …) [, Obj(f, …)] [LIMIT n]`.
 */

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'MALFORMED_SEARCH',
    message: string,
  ) {
    super(message);
  }
}

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string; value?: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new SoqlError('MALFORMED_QUERY', 'unterminated string literal');
        const d = source[i] ?? '';
        if (d === '\\') {
          const next = source[i + 1] ?? '';
          // `\%` and `\_` stay escaped: they mean a literal % or _ to LIKE.
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === '%' || next === '_' ? `\\${next}` : next;
          i += 2;
          continue;
        }
        if (d === "'") {
          i++;
          break;
        }
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: `'${value}'`, value });
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(source.slice(i))?.[1];
    if (op) {
      tokens.push({ kind: 'op', text: op });
      i += op.length;
      continue;
    }
    if ('(),'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    const word = /^[A-Za-z0-9_.:+-]+/.exec(source.slice(i))?.[0];
    if (!word) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${c}'`);
    tokens.push({ kind: /^-?\d+(\.\d+)?$/.test(word) ? 'number' : 'word', text: word });
    i += word.length;
  }
  return tokens;
}

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; field: string; op: string; value: unknown }
  | { kind: 'in'; field: string; values: unknown[]; negated: boolean };

export interface SoqlQuery {
  fields: string[];
  object: string;
  where?: Condition;
  orderBy?: { field: string; descending: boolean };
  limit?: number;
  offset?: number;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  next(): Token {
    const token = this.tokens[this.i++];
    if (!token) throw new SoqlError('MALFORMED_QUERY', 'unexpected end of query');
    return token;
  }
  isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && token.text.toUpperCase() === text;
  }
  expectWord(text: string): void {
    const token = this.next();
    if (token.kind !== 'word' || token.text.toUpperCase() !== text) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${token.text}', expected ${text}`);
  }
  expectPunct(text: string): void {
    const token = this.next();
    if (token.text !== text) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${token.text}', expected '${text}'`);
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }

  value(): unknown {
    const token = this.next();
    if (token.kind === 'string') return token.value ?? '';
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'TRUE') return true;
      if (upper === 'FALSE') return false;
      if (upper === 'NULL') return null;
      if (/^\d{4}-\d{2}-\d{2}/.test(token.text)) return token.text;
    }
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${token.text}'`);
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isWord('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }
  conjunction(): Condition {
    let left = this.unary();
    while (this.isWord('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }
  unary(): Condition {
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', inner: this.unary() };
    }
    if (this.peek()?.text === '(') {
      this.next();
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    const field = this.next();
    if (field.kind !== 'word') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${field.text}'`);
    if (this.isWord('IN') || (this.isWord('NOT') && this.isWord('IN', 1))) {
      const negated = this.isWord('NOT');
      if (negated) this.next();
      this.next();
      this.expectPunct('(');
      const values: unknown[] = [this.value()];
      while (this.peek()?.text === ',') {
        this.next();
        values.push(this.value());
      }
      this.expectPunct(')');
      return { kind: 'in', field: field.text, values, negated };
    }
    if (this.isWord('LIKE')) {
      this.next();
      return { kind: 'compare', field: field.text, op: 'LIKE', value: this.value() };
    }
    const op = this.next();
    if (op.kind !== 'op') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${op.text}'`);
    return { kind: 'compare', field: field.text, op: op.text, value: this.value() };
  }
}

/** Parses a SOQL query; throws SoqlError MALFORMED_QUERY on what it does not understand. */
export function parseSoql(source: string): SoqlQuery {
  const p = new Parser(tokenize(source));
  p.expectWord('SELECT');
  const fields: string[] = [];
  for (;;) {
    const token = p.next();
    if (token.kind !== 'word') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${token.text}'`);
    fields.push(token.text);
    if (p.peek()?.text !== ',') break;
    p.next();
  }
  p.expectWord('FROM');
  const object = p.next();
  if (object.kind !== 'word') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${object.text}'`);
  const query: SoqlQuery = { fields, object: object.text };
  if (p.isWord('WHERE')) {
    p.next();
    query.where = p.condition();
  }
  if (p.isWord('ORDER')) {
    p.next();
    p.expectWord('BY');
    const field = p.next().text;
    let descending = false;
    if (p.isWord('ASC') || p.isWord('DESC')) descending = p.next().text.toUpperCase() === 'DESC';
    if (p.isWord('NULLS')) {
      p.next();
      p.next();
    }
    query.orderBy = { field, descending };
  }
  if (p.isWord('LIMIT')) {
    p.next();
    query.limit = Number(p.next().text);
  }
  if (p.isWord('OFFSET')) {
    p.next();
    query.offset = Number(p.next().text);
  }
  if (!p.done()) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${p.peek()?.text ?? ''}'`);
  return query;
}

/** Reads a field (`Email`, `Account.Name`) of a record; undefined when the field does not exist. */
export type FieldReader = (record: Record<string, unknown>, field: string) => { exists: boolean; value: unknown };

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value)).toLowerCase();

function likeRegex(pattern: string): RegExp {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      body += pattern[i + 1] === '%' ? '%' : '_';
      i++;
    } else body += c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, 'is');
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = text(a);
  const y = text(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `condition` holds for `record`; throws INVALID_FIELD for a field the object lacks. */
export function evaluate(condition: Condition, record: Record<string, unknown>, read: FieldReader, object: string): boolean {
  const field = (name: string) => {
    const found = read(record, name);
    if (!found.exists) throw new SoqlError('INVALID_FIELD', `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
    return found.value;
  };
  switch (condition.kind) {
    case 'and':
      return evaluate(condition.left, record, read, object) && evaluate(condition.right, record, read, object);
    case 'or':
      return evaluate(condition.left, record, read, object) || evaluate(condition.right, record, read, object);
    case 'not':
      return !evaluate(condition.inner, record, read, object);
    case 'in': {
      const value = field(condition.field);
      const found = condition.values.some((v) => (v === null ? value === null || value === undefined : text(v) === text(value)));
      return condition.negated ? !found : found;
    }
    case 'compare': {
      const value = field(condition.field);
      const empty = value === null || value === undefined || value === '';
      switch (condition.op) {
        case '=':
          return condition.value === null ? empty : !empty && text(value) === text(condition.value);
        case '!=':
        case '<>':
          return condition.value === null ? !empty : text(value) !== text(condition.value);
        case 'LIKE':
          return !empty && likeRegex(String(condition.value)).test(String(value));
        case '<':
          return !empty && compare(value, condition.value) < 0;
        case '<=':
          return !empty && compare(value, condition.value) <= 0;
        case '>':
          return !empty && compare(value, condition.value) > 0;
        case '>=':
          return !empty && compare(value, condition.value) >= 0;
        default:
          throw new SoqlError('MALFORMED_QUERY', `unexpected operator ${condition.op}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SOSL

export interface SoslQuery {
  term: string;
  scope: 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';
  returning: { object: string; fields: string[] }[];
  limit?: number;
}

/** Parses `FIND {term} [IN x FIELDS] RETURNING Obj(f, …), …`; reserved characters in the term are `\`-escaped. */
export function parseSosl(source: string): SoslQuery {
  const match = /^\s*FIND\s+\{((?:\\.|[^}\\])*)\}\s*(?:IN\s+(ALL|NAME|EMAIL|PHONE)\s+FIELDS\s*)?RETURNING\s+(.+?)(?:\s+LIMIT\s+(\d+))?\s*$/is.exec(source);
  if (!match) throw new SoqlError('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.');
  const term = (match[1] ?? '').replace(/\\(.)/g, '$1').trim();
  if (term.length < 2) throw new SoqlError('MALFORMED_SEARCH', 'search term must be longer than one character');
  const returning: SoslQuery['returning'] = [];
  const parts = (match[3] ?? '').match(/[A-Za-z_]+(?:__c)?\s*(?:\([^)]*\))?/g) ?? [];
  for (const part of parts) {
    const [, object, fields] = /^([A-Za-z_]+(?:__c)?)\s*(?:\(([^)]*)\))?$/.exec(part.trim()) ?? [];
    if (!object) throw new SoqlError('MALFORMED_SEARCH', `unexpected token: ${part}`);
    returning.push({ object, fields: (fields ?? 'Id').split(',').map((f) => f.trim()).filter(Boolean) });
  }
  const scope = ((match[2] ?? 'ALL').toUpperCase() as SoslQuery['scope']);
  return { term, scope, returning, ...(match[4] ? { limit: Number(match[4]) } : {}) };
}

/** Whether a value matches a SOSL term (case-insensitive; `*` and `?` wildcards; otherwise a word or substring). */
export function soslMatches(value: unknown, term: string): boolean {
  if (value === null || value === undefined || value === '') return false;
  const t = term.toLowerCase();
  const v = String(value).toLowerCase();
  if (t.includes('*') || t.includes('?')) {
    const regex = new RegExp(t.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join(''), 's');
    return regex.test(v);
  }
  return v.includes(t);
}

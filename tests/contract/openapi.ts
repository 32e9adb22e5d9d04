/**
 * OpenAPI 3.0 → ajv, for contract tests: loads a spec (YAML), lists its operations, matches a recorded request to
 * its operation, and validates request bodies, parameters and response bodies against the spec's schemas.
 *
 * OpenAPI 3.0 schemas are not JSON Schema: `nullable: true` becomes a `null` alternative, `example(s)` are
 * dropped, and `$ref: '#/components/schemas/X'` resolves inside one registered document. Request bodies are
 * checked "closed" (every object with `properties` gets `additionalProperties: false` unless it says otherwise),
 * because Lusha answers 400 "property X should not exist" to unknown properties; responses stay open.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface Operation {
  method: string;
  /** The path template, e.g. `/v3/companies/signals/filters/{filterType}`. */
  path: string;
  operationId: string;
  node: JsonObject;
}

export interface OpenApiSpec {
  doc: JsonObject;
  operations: Operation[];
}

export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a YAML or JSON OpenAPI document and lists its operations. */
export function loadOpenApi(file: string): OpenApiSpec {
  const doc = parse(readFileSync(file, 'utf8')) as JsonObject;
  const operations: Operation[] = [];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const node = item[method];
      if (!isObject(node)) continue;
      operations.push({ method: method.toUpperCase(), path, operationId: typeof node.operationId === 'string' ? node.operationId : `${method} ${path}`, node });
    }
  }
  return { doc, operations };
}

const DROP_KEYS = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator']);

/** One OpenAPI schema node → a JSON Schema node (see the module comment). */
export function toJsonSchema(node: Json, options: { closed: boolean; insideCombiner?: boolean }): Json {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, options));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROP_KEYS.has(key) || key === 'nullable') continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, { closed: options.closed })]));
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = toJsonSchema(value, { closed: options.closed, insideCombiner: true });
    } else {
      out[key] = toJsonSchema(value, { closed: options.closed });
    }
  }
  const combined = 'allOf' in node || 'anyOf' in node || 'oneOf' in node;
  if (options.closed && !options.insideCombiner && !combined && isObject(node.properties) && !('additionalProperties' in node)) {
    out.additionalProperties = false;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Validators over one spec: open (responses) and closed (requests) copies of `components.schemas`. */
export function createSpecValidator(spec: OpenApiSpec, patches: (schemas: JsonObject) => void = () => undefined) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const components = isObject(spec.doc.components) ? spec.doc.components : {};
  const rawSchemas = structuredClone(isObject(components.schemas) ? components.schemas : {});
  patches(rawSchemas);
  for (const closed of [false, true]) {
    const schemas = Object.fromEntries(Object.entries(rawSchemas).map(([k, v]) => [k, toJsonSchema(v, { closed })]));
    ajv.addSchema({ $id: `urn:spec:${closed ? 'closed' : 'open'}`, components: { schemas } } as JsonObject);
  }
  const cache = new Map<string, ValidateFunction>();

  /** Compiles an inline schema node (refs resolve inside the open or closed document). */
  function compile(node: Json, closed: boolean): ValidateFunction {
    const key = `${closed}:${JSON.stringify(node)}`;
    let fn = cache.get(key);
    if (!fn) {
      const converted = JSON.parse(
        JSON.stringify(toJsonSchema(node, { closed })).replace(/"#\/components\/schemas\//g, `"urn:spec:${closed ? 'closed' : 'open'}#/components/schemas/`),
      ) as JsonObject;
      fn = ajv.compile(converted);
      cache.set(key, fn);
    }
    return fn;
  }

  function check(node: Json | undefined, value: unknown, closed: boolean): SchemaCheck {
    if (node === undefined) return { valid: false, errors: ['no schema in the spec'] };
    const fn = compile(node, closed);
    const valid = fn(value);
    return { valid, errors: valid ? [] : describe(fn.errors) };
  }

  /** Follows `$ref: '#/components/responses/X'` (and similar) one level. */
  function deref(node: Json | undefined): Json | undefined {
    if (!isObject(node) || typeof node.$ref !== 'string') return node;
    const parts = node.$ref.replace(/^#\//, '').split('/');
    let target: Json | undefined = spec.doc;
    for (const part of parts) target = isObject(target) ? target[part] : undefined;
    return target;
  }

  function jsonSchemaOf(content: Json | undefined): Json | undefined {
    const media = isObject(content) ? content['application/json'] : undefined;
    return isObject(media) ? media.schema : undefined;
  }

  return {
    /** The request body against the operation's requestBody schema (closed); `mediaType` picks a non-JSON one. */
    requestBody(op: Operation, body: unknown, mediaType = 'application/json'): SchemaCheck {
      const requestBody = deref(op.node.requestBody);
      const content = isObject(requestBody) ? requestBody.content : undefined;
      const media = isObject(content) ? content[mediaType] : undefined;
      return check(mediaType === 'application/json' ? jsonSchemaOf(content) : isObject(media) ? media.schema : undefined, body, true);
    },
    /**
     * Path and query parameters against the operation's parameter schemas; unknown query names fail. With `coerce`,
     * query strings are read as their schema's type first (arrays split on commas, booleans, numbers), as servers do.
     */
    parameters(op: Operation, pathParams: Record<string, string>, query: URLSearchParams, options: { coerce?: boolean } = {}): SchemaCheck {
      const errors: string[] = [];
      const declared = (Array.isArray(op.node.parameters) ? op.node.parameters : []).map(deref).filter(isObject);
      for (const param of declared) {
        const name = String(param.name);
        const value = param.in === 'path' ? pathParams[name] : param.in === 'query' ? (query.get(name) ?? undefined) : undefined;
        if (value === undefined) {
          if (param.required === true) errors.push(`${param.in} parameter ${name} is required`);
          continue;
        }
        const result = check(param.schema, options.coerce ? coerceParam(param.schema, value) : value, false);
        errors.push(...result.errors.map((e) => `${param.in} parameter ${name}: ${e}`));
      }
      for (const name of new Set(query.keys())) {
        if (!declared.some((p) => p.in === 'query' && p.name === name)) errors.push(`query parameter ${name} is not in the spec`);
      }
      return { valid: errors.length === 0, errors };
    },
    /** Whether the spec declares this status for the operation. */
    declares(op: Operation, status: number): boolean {
      return isObject(op.node.responses) && String(status) in op.node.responses;
    },
    /** A response body against the operation's schema for `status` (open); `fallback` when it declares none. */
    response(op: Operation, status: number, body: unknown, fallback?: string): SchemaCheck {
      const responses = isObject(op.node.responses) ? op.node.responses : {};
      const response = deref(responses[String(status)]);
      const schema = jsonSchemaOf(isObject(response) ? response.content : undefined) ?? (fallback ? { $ref: `#/components/schemas/${fallback}` } : undefined);
      return check(schema, body, false);
    },
    /** A body against a named component schema (open). */
    component(name: string, body: unknown): SchemaCheck {
      return check({ $ref: `#/components/schemas/${name}` }, body, false);
    },
  };
}

/** A query string value as its schema's type: `a,b` → ['a','b'] for arrays, `true` → true, `10` → 10. */
function coerceParam(schema: Json | undefined, value: string): unknown {
  const type = isObject(schema) ? schema.type : undefined;
  if (type === 'array') return value.split(',');
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** The operation a concrete request path belongs to, and its path parameters. Literal segments win over templates. */
export function matchOperation(spec: OpenApiSpec, method: string, path: string): { op: Operation; params: Record<string, string> } | undefined {
  const segments = path.split('/');
  const candidates = spec.operations
    .filter((op) => op.method === method.toUpperCase())
    .map((op) => ({ op, parts: op.path.split('/') }))
    .filter(({ parts }) => parts.length === segments.length)
    .sort((a, b) => a.parts.filter((p) => p.startsWith('{')).length - b.parts.filter((p) => p.startsWith('{')).length);
  for (const { op, parts } of candidates) {
    const params: Record<string, string> = {};
    const ok = parts.every((part, i) => {
      const actual = segments[i] ?? '';
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) return part === actual;
      params[name] = decodeURIComponent(actual);
      return actual !== '';
    });
    if (ok) return { op, params };
  }
  return undefined;
}

/**
 * Response handling shared by the provider clients: the error factory each client builds from its own message
 * table, the `detail` of an error body, and JSON → zod parsing. Provider-neutral: each client keeps its own wording.
 */
import type { z } from 'zod';
import { SidecarError, type ErrorKind, type SidecarErrorData } from '../domain/errors';

/** What a provider error carries besides its kind and our message. */
export type ErrorExtra = Omit<SidecarErrorData, 'kind' | 'message'>;

/** Builds a SidecarError of `kind` with the provider's own message for it. */
export type ProviderErrorFactory<K extends ErrorKind> = (kind: K, extra?: ErrorExtra) => SidecarError;

/** The error factory for a provider whose plain sentences are `messages`. */
export function errorFactory<K extends ErrorKind>(messages: Readonly<Record<K, string>>): ProviderErrorFactory<K> {
  return (kind, extra = {}) => new SidecarError({ kind, message: messages[kind], ...extra });
}

/** A short, single-line excerpt of a non-JSON body for `detail`. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** `detail` for an error response whose body said nothing we could read. */
export function statusDetail(status: number, bodyText: string): string {
  return bodyText.trim() === '' ? `HTTP ${status} with an empty body` : `HTTP ${status}: ${excerpt(bodyText)}`;
}

/** JSON text → schema output, or the provider's 'unexpected-response' error naming what was wrong and where. */
export function parseBody<S extends z.ZodType>(
  bodyText: string,
  schema: S,
  status: number,
  providerError: ProviderErrorFactory<'unexpected-response'>,
  salvage?: (json: unknown) => ErrorExtra,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    const kind = /^\s*</.test(bodyText) ? 'an HTML page' : bodyText.trim() === '' ? 'an empty body' : 'invalid JSON';
    throw providerError('unexpected-response', { status, detail: `expected JSON, got ${kind}: ${excerpt(bodyText)}` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    // What the body still says about itself (a charge, say) must not be lost with the parse.
    throw providerError('unexpected-response', { ...salvage?.(json), status, detail });
  }
  return parsed.data;
}

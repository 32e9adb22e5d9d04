/** Plumbing the CRM stand-ins share: request ids, credentials from headers, form bodies, and their logs. */
import type { IncomingHttpHeaders } from 'node:http';
import { loggableBody, RequestLog, type ApiRequest, type RequestLogEntry } from '../http';

/** A header's first value, trimmed ('' when absent). */
export function header(headers: IncomingHttpHeaders, name: string): string {
  const raw = headers[name.toLowerCase()];
  return ((Array.isArray(raw) ? raw[0] : raw) ?? '').trim();
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearer(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header(headers, 'authorization'))?.[1];
}

/** A form-encoded body as a plain object (last value wins). */
export function parseForm(raw: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw).entries());
}

/** Deterministic UUID-shaped ids from a counter (correlation ids, request ids). */
export function createIdSource(prefix: number) {
  let counter = 0;
  return {
    uuid: () => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
    reset: () => {
      counter = 0;
    },
  };
}

/** A stand-in's request log and write counter, for `GET /__sandbox/state`. */
export class StandInLog {
  private log = new RequestLog();
  writes = 0;

  add(request: ApiRequest, status: number, at: number, account?: string): void {
    const entry: RequestLogEntry = { method: request.method, path: request.path, status, at: new Date(at).toISOString(), body: loggableBody(request.rawBody) };
    if (account) entry.account = account;
    this.log.add(entry);
  }

  list(): RequestLogEntry[] {
    return this.log.list();
  }

  clear(): void {
    this.log.clear();
    this.writes = 0;
  }
}

/** Case- and accent-insensitive text for comparisons. */
export function fold(value: string): string {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** Lower-case, URL-decoded text: how the stand-ins compare stored LinkedIn URLs and emails. */
export function foldUrl(value: string): string {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // Compare as given.
  }
  return decoded.normalize('NFC').toLowerCase().trim();
}

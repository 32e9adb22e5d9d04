/** Tiny HTTP plumbing shared by the sandbox routes (node:http only). */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A request, fully read, independent of the socket. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A response to write: JSON (`json`) or text/HTML (`text` with its content type). */
export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  contentType?: string;
}

/** A JSON response. */
export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return { status, json: body, ...(headers ? { headers } : {}) };
}

/** An HTML response. */
export function html(status: number, body: string): ApiResponse {
  return { status, text: body, contentType: 'text/html; charset=utf-8' };
}

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 1_000_000;

/** Reads the whole body as UTF-8; rejects past `MAX_BODY_BYTES`. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Writes `response` to the socket, adding `extraHeaders`. */
export function send(res: ServerResponse, response: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  const isJson = response.text === undefined;
  const body = isJson ? JSON.stringify(response.json ?? null) : (response.text ?? '');
  res.writeHead(response.status, {
    'content-type': isJson ? 'application/json; charset=utf-8' : (response.contentType ?? 'text/plain; charset=utf-8'),
    'content-length': String(Buffer.byteLength(body)),
    ...extraHeaders,
    ...response.headers,
  });
  res.end(body);
}

/** Parses a JSON body; an empty body is `{}` (as body-parser would leave it). */
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/** One logged request. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** ISO timestamp. */
  at: string;
  /** Parsed JSON body, the raw text if it was not JSON, or null when empty. */
  body: unknown;
  /** Sandbox key name when the request authenticated as one of ours. */
  account?: string;
}

/** A request log that keeps only the newest `cap` entries. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(readonly cap = 5000) {}

  /** Appends an entry, dropping the oldest past the cap. */
  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
  }

  /** A copy of the entries, oldest first. */
  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  /** Empties the log. */
  clear(): void {
    this.entries = [];
  }
}

/** What a logged body looks like: parsed JSON when possible, the (truncated) raw text otherwise. */
export function loggableBody(raw: string): unknown {
  if (raw.trim() === '') return null;
  const parsed = parseJson(raw);
  return parsed.ok ? parsed.value : raw.slice(0, 10_000);
}

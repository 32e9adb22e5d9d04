/**
 * Fault injection for the sandbox's vendor routes (Lusha under /v3, Saber under /v1, anything not under
 * /__sandbox). A fault matches a path (exact, or a prefix ending in `*`) and optionally a method, and fires for
 * the next `times` matching calls:
 *
 *  - `latency`    wait `ms`, then answer normally (every matching call until cleared, unless `times` is set)
 *  - `status`     answer `status` with the vendor's error body for it (or `body`), and `headers`
 *  - `malformed-json`  200 (or `status`) with a complete response whose JSON is broken (or `text`)
 *  - `truncated`  200 JSON cut short: `cut: 'body'` (default) sends a complete response holding half a document;
 *                 `cut: 'connection'` promises the whole length, sends half and destroys the socket
 *  - `html`       an HTML error page (default 502, a proxy's "Bad Gateway") instead of JSON
 *  - `drop`       destroy the socket without answering
 *  - `corrupt`    (with `phase: 'after'`) the real answer with its `requestId` and `billing` kept and the rest made
 *                 unreadable: a charged 2xx whose body fails the client's schema
 *
 * By default a fault answers instead of the vendor (`phase: 'before'`: nothing is handled, nothing charged). With
 * `phase: 'after'` the call is handled first (and charged, as the vendor would), then the fault replaces its answer:
 * a 5xx after the charge, a connection dropped after it, a malformed or truncated charged body.
 *
 * Control: `POST /__sandbox/faults` with one fault, a list, or `{ faults: [...] }`; `GET` lists the active ones and
 * what fired; `DELETE` (or `POST /__sandbox/reset`) clears them. From code: `sandbox.faults.add(...)`.
 *
 * The server calls `apply(req, res, path)` before dispatching; `true` means the fault answered (or dropped) the
 * call and the server must do nothing more. Vendors register their error bodies per path prefix
 * (`registerVendor('/v3/', lushaFaultBody)`); unregistered prefixes get `{ statusCode, message }`.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { json, parseJson, type ApiRequest, type ApiResponse } from './http';

export const FAULT_KINDS = ['latency', 'status', 'malformed-json', 'truncated', 'html', 'drop', 'corrupt'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    /** `/v3/contacts/search`, or a prefix ending in `*` such as `/v3/*`. Never a `/__sandbox` path. */
    path: z
      .string()
      .regex(/^\//, 'path must start with /')
      .refine((p) => !p.startsWith('/__sandbox'), 'control routes cannot be faulted'),
    /** Only calls with this method (any when absent). */
    method: z.string().min(1).optional(),
    /** How many matching calls it affects. Default 1; latency defaults to every call until cleared. */
    times: z.number().int().min(1).optional(),
    /** latency: milliseconds to wait. */
    ms: z.number().int().min(0).max(120_000).optional(),
    /**
     * latency: wait `before` the call is handled (a client that goes away meanwhile is never served or charged), or
     * `after` it (the call is handled and charged at once; only the answer is late, and lost if the client goes away).
     * Other kinds: answer `before` the call is handled (the default: nothing charged), or replace the real answer
     * `after` it was handled (and charged).
     */
    phase: z.enum(['before', 'after']).optional(),
    /** status: the HTTP status (required); html / malformed-json / truncated: the status to send instead of the default. */
    status: z.number().int().min(100).max(599).optional(),
    /** status: the JSON body instead of the vendor's. */
    body: z.unknown().optional(),
    /** malformed-json / html / truncated: the raw text to send (truncated cuts it). */
    text: z.string().optional(),
    /** Extra response headers. */
    headers: z.record(z.string(), z.string()).optional(),
    /** truncated: how to cut (see the module comment). */
    cut: z.enum(['body', 'connection']).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.kind === 'latency' && spec.ms === undefined) ctx.addIssue({ code: 'custom', message: 'latency needs ms' });
    if (spec.kind === 'status' && spec.status === undefined) ctx.addIssue({ code: 'custom', message: 'status needs status' });
    if (spec.kind === 'corrupt' && spec.phase !== 'after') ctx.addIssue({ code: 'custom', message: "corrupt needs phase 'after'" });
  });
export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** An active fault: its spec, how many uses are left (null = until cleared) and how often it fired. */
export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number | null;
  fired: number;
}

/** One call a fault affected. */
export interface FaultFiring {
  id: number;
  kind: FaultKind;
  method: string;
  path: string;
  at: string;
}

/** A vendor's error body (and headers) for a status, used by `status` faults without a `body`. */
export type VendorErrorBody = (status: number, path: string) => { body: unknown; headers?: Record<string, string> };

export interface FaultInjector {
  /** Validates and activates faults; throws a ZodError on a bad spec. Returns the active list. */
  add(spec: unknown): ActiveFault[];
  /** Removes every fault (and the firing history). */
  clear(): void;
  list(): ActiveFault[];
  /** What fired, oldest first (newest 1000). */
  history(): FaultFiring[];
  /** Uses `errorBody` for `status` faults on paths starting with `prefix`. */
  registerVendor(prefix: string, errorBody: VendorErrorBody): void;
  /** Applies the faults matching this call; `true` when the call was answered or dropped here. */
  apply(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
  /**
   * After the vendor handled a call: `true` when an `after` fault (armed by `apply`) answered in its place (or
   * dropped the connection); the server must then send nothing.
   */
  finish(req: IncomingMessage, res: ServerResponse, response: ApiResponse): boolean;
  /** Serves `GET|POST|DELETE /__sandbox/faults`; undefined for any other path. */
  route(request: ApiRequest): ApiResponse | undefined;
}

const DEFAULT_MALFORMED = '{"requestId":"sandbox-fault","results":[{"id":"4389000001",}],"billing":';
const DEFAULT_TRUNCATE_SOURCE = JSON.stringify({
  requestId: '00000000-0000-4000-8000-000000000000',
  results: [{ id: '4389000001', firstName: 'Ana', lastName: 'Ruiz', jobTitle: { title: 'VP of Sales' } }],
  billing: { creditsCharged: 0, resultsReturned: 1 },
});

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  return spec.path.endsWith('*') ? path.startsWith(spec.path.slice(0, -1)) : path === spec.path;
}

/** Reads and discards the request body, so the answer does not race an unread upload. */
function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    req.on('end', resolve);
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.resume();
  });
}

/** Waits `ms`; resolves false early if the client goes away (so nothing is written to a dead socket). */
function wait(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve(true);
    }, ms);
    res.once('close', onClose);
  });
}

/** Lets the call be handled now but holds its answer back `ms`; a client gone by then never gets it. */
function delayAnswer(res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    setTimeout(() => {
      if (!res.destroyed) end(...args);
    }, ms);
    return res;
  }) as typeof res.end;
}

/** The real answer's JSON with its id and billing kept and its results unreadable. */
function corrupted(response: ApiResponse): string {
  const body = response.json;
  const keep = typeof body === 'object' && body !== null ? body as Record<string, unknown> : {};
  return JSON.stringify({
    ...(keep.requestId === undefined ? {} : { requestId: keep.requestId }),
    ...(keep.billing === undefined ? {} : { billing: keep.billing }),
    ...(keep.id === undefined ? {} : { id: keep.id }),
    results: 'unreadable',
    status: 42,
  });
}

function write(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function createFaultInjector(): FaultInjector {
  let active: ActiveFault[] = [];
  let fired: FaultFiring[] = [];
  let nextId = 1;
  const vendors: { prefix: string; errorBody: VendorErrorBody }[] = [];
  /** Faults armed by `apply` to replace the answer of a call once it was handled. */
  const armed = new WeakMap<ServerResponse, ActiveFault>();

  function consume(fault: ActiveFault, method: string, path: string): void {
    fault.fired += 1;
    if (fault.remaining !== null) fault.remaining -= 1;
    if (fault.remaining === 0) active = active.filter((f) => f !== fault);
    fired.push({ id: fault.id, kind: fault.spec.kind, method, path, at: new Date().toISOString() });
    if (fired.length > 1000) fired = fired.slice(-1000);
  }

  function vendorBody(status: number, path: string): { body: unknown; headers?: Record<string, string> } {
    const vendor = vendors.find((v) => path.startsWith(v.prefix));
    return vendor ? vendor.errorBody(status, path) : { body: { statusCode: status, message: STATUS_CODES[status] ?? 'Error' } };
  }

  function respond(fault: ActiveFault, req: IncomingMessage, res: ServerResponse, path: string): void {
    const { spec } = fault;
    const headers = spec.headers ?? {};
    switch (spec.kind) {
      case 'status': {
        const status = spec.status ?? 500;
        const vendor = vendorBody(status, path);
        const body = spec.body === undefined ? vendor.body : spec.body;
        write(res, status, 'application/json; charset=utf-8', JSON.stringify(body), { ...vendor.headers, ...headers });
        return;
      }
      case 'malformed-json':
        write(res, spec.status ?? 200, 'application/json; charset=utf-8', spec.text ?? DEFAULT_MALFORMED, headers);
        return;
      case 'html': {
        const status = spec.status ?? 502;
        write(res, status, 'text/html', spec.text ?? htmlPage(status), headers);
        return;
      }
      case 'truncated': {
        const full = Buffer.from(spec.text ?? DEFAULT_TRUNCATE_SOURCE, 'utf8');
        const half = full.subarray(0, Math.floor(full.length / 2));
        if (spec.cut === 'connection') {
          res.writeHead(spec.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(full.length), ...headers });
          res.write(half, () => res.destroy());
          return;
        }
        res.writeHead(spec.status ?? 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(half.length), ...headers });
        res.end(half);
        return;
      }
      case 'drop':
        req.socket.destroy();
        return;
      case 'corrupt':
      case 'latency':
        return;
    }
  }

  /** An `after` fault in place of the vendor's real answer (which it may reuse: corrupt, truncated). */
  function replace(fault: ActiveFault, req: IncomingMessage, res: ServerResponse, response: ApiResponse, path: string): void {
    const { spec } = fault;
    const real = response.text ?? JSON.stringify(response.json ?? null);
    switch (spec.kind) {
      case 'corrupt':
        write(res, response.status, 'application/json; charset=utf-8', corrupted(response), spec.headers ?? {});
        return;
      case 'truncated':
        respond({ ...fault, spec: { ...spec, text: spec.text ?? real, status: spec.status ?? response.status } }, req, res, path);
        return;
      default:
        respond(fault, req, res, path);
    }
  }

  const list = (): ActiveFault[] => active.map((f) => ({ ...f, spec: { ...f.spec } }));

  const injector: FaultInjector = {
    add(spec) {
      const raw = typeof spec === 'object' && spec !== null && !Array.isArray(spec) && 'faults' in spec ? (spec as { faults: unknown }).faults : spec;
      const specs = z.array(faultSpecSchema).min(1).parse(Array.isArray(raw) ? raw : [raw]);
      for (const s of specs) {
        const remaining = s.times ?? (s.kind === 'latency' ? null : 1);
        active.push({ id: nextId++, spec: s, remaining, fired: 0 });
      }
      return list();
    },
    clear() {
      active = [];
      fired = [];
    },
    list,
    history: () => [...fired],
    registerVendor(prefix, errorBody) {
      vendors.push({ prefix, errorBody });
      vendors.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    async apply(req, res, path) {
      if (path.startsWith('/__sandbox')) return false;
      const method = req.method ?? 'GET';
      const latencies = active.filter((f) => f.spec.kind === 'latency' && matches(f.spec, method, path));
      for (const fault of latencies) consume(fault, method, path);
      const late = latencies.filter((f) => f.spec.phase === 'after').reduce((sum, f) => sum + (f.spec.ms ?? 0), 0);
      if (late > 0) delayAnswer(res, late);
      const delay = latencies.filter((f) => f.spec.phase !== 'after').reduce((sum, f) => sum + (f.spec.ms ?? 0), 0);
      if (delay > 0 && !(await wait(delay, res))) return true;
      const fault = active.find((f) => f.spec.kind !== 'latency' && matches(f.spec, method, path));
      if (!fault) return false;
      consume(fault, method, path);
      if (fault.spec.phase === 'after') {
        armed.set(res, fault);
        return false;
      }
      await drain(req);
      respond(fault, req, res, path);
      return true;
    },
    finish(req, res, response) {
      const fault = armed.get(res);
      if (!fault) return false;
      armed.delete(res);
      replace(fault, req, res, response, new URL(req.url ?? '/', 'http://sandbox.invalid').pathname);
      return true;
    },
    route(request) {
      if (request.path !== '/__sandbox/faults') return undefined;
      switch (request.method) {
        case 'GET':
          return json(200, { faults: list(), fired: fired.slice(-100) });
        case 'DELETE':
          injector.clear();
          return json(200, { ok: true, faults: [] });
        case 'POST': {
          const body = parseJson(request.rawBody);
          if (!body.ok) return json(400, { statusCode: 400, message: 'Invalid fault', errors: ['invalid JSON'] });
          try {
            return json(200, { ok: true, faults: injector.add(body.value) });
          } catch (error) {
            const errors = error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) : [String(error)];
            return json(400, { statusCode: 400, message: 'Invalid fault', errors });
          }
        }
        default:
          return json(405, { statusCode: 405, message: `Cannot ${request.method} ${request.path}` });
      }
    },
  };
  return injector;
}

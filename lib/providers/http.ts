/**
 * Request plumbing shared by the provider clients: a deadline (our timeout plus the caller's signal) that every
 * await of one HTTP exchange races against, the classification of a failure, and the API-key checks and scrubbing.
 * Provider-neutral: each client keeps its own error constructor and wording. Runs in the MV3 service worker: only
 * `setTimeout` and `AbortController`.
 */
import { SidecarError } from '../domain/errors';

/** Why an awaited step of a request failed. */
export type FailureKind = 'caller-abort' | 'timeout' | 'network';

export interface DeadlineOptions {
  /** Our own budget for the whole exchange (fetch and body read). */
  timeoutMs: number;
  /** The caller's signal; its abort is forwarded, and its reason is what a 'caller-abort' should reject with. */
  signal: AbortSignal | undefined;
  /** Names the provider in the timeout reason: `${label} request timed out`. */
  label: string;
}

export interface Deadline {
  /** Pass to `fetch`. Aborts on our timeout (a "TimeoutError" DOMException) or with the caller's reason. */
  readonly signal: AbortSignal;
  /** `promise`, or a rejection as soon as `signal` aborts, even if whatever produced `promise` ignores the signal. */
  race<T>(promise: Promise<T>): Promise<T>;
  /**
   * What a rejection of `race` (or of anything awaited under this deadline) means. The caller's abort wins unless
   * our timeout fired first; a "TimeoutError" from the fetch itself is a timeout too; anything else is the network.
   */
  classify(error: unknown): FailureKind;
  /** Clear the timer and stop listening to the caller's signal. Call once the exchange is over; idempotent. */
  dispose(): void;
}

/**
 * Start the deadline of one request. Throws the caller's reason at once if `signal` is already aborted, as `fetch`
 * would; nothing is scheduled then.
 */
export function withDeadline({ timeoutMs, signal: caller, label }: DeadlineOptions): Deadline {
  caller?.throwIfAborted();

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`${label} request timed out`, 'TimeoutError'));
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  // Settles when we abort, even if an injected fetch ignores its signal.
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason as unknown), { once: true });
  });
  aborted.catch(() => undefined);

  return {
    signal: controller.signal,
    race: <T>(promise: Promise<T>) => Promise.race([promise, aborted]),
    classify(error) {
      if (caller?.aborted && !timedOut) return 'caller-abort';
      if (timedOut || (error instanceof Error && error.name === 'TimeoutError')) return 'timeout';
      return 'network';
    },
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** An API key is sent as a header value: visible ASCII only (fetch would otherwise throw with the key in its message). */
export const HEADER_SAFE = /^[\x21-\x7e]+$/;

export interface KeyProblem {
  kind: 'missing-key' | 'bad-key';
  detail: string;
}

/** Why a (trimmed) key cannot be sent, or undefined when it can. */
export function keyProblem(apiKey: string): KeyProblem | undefined {
  if (apiKey === '') return { kind: 'missing-key', detail: 'no API key configured' };
  if (!HEADER_SAFE.test(apiKey)) return { kind: 'bad-key', detail: 'API key contains characters a header cannot carry' };
  return undefined;
}

/** Replace the key anywhere in a SidecarError's text, in case a server or runtime echoed it. */
export function scrubKey(error: SidecarError, apiKey: string): SidecarError {
  if (apiKey === '') return error;
  const clean = (s: string | undefined) => (s === undefined ? undefined : s.split(apiKey).join('[api key]'));
  const data = { ...error.data, message: clean(error.data.message) ?? '' };
  const detail = clean(error.data.detail);
  if (detail !== undefined) data.detail = detail;
  return new SidecarError(data);
}

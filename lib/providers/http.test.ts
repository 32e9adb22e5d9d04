import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SidecarError } from '../domain/errors';
import { HEADER_SAFE, keyProblem, scrubKey, withDeadline } from './http';

/** A promise that never settles: a fetch or body read that ignores its signal. */
const never = <T>() => new Promise<T>(() => undefined);

/** The rejection of `promise`, or a failure if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('withDeadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes through what settles in time', async () => {
    const deadline = withDeadline({ timeoutMs: 1_000, signal: undefined, label: 'Test' });
    await expect(deadline.race(Promise.resolve('body'))).resolves.toBe('body');
    const failure = new TypeError('fetch failed');
    await expect(deadline.race(Promise.reject(failure))).rejects.toBe(failure);
    expect(deadline.signal.aborted).toBe(false);
    deadline.dispose();
  });

  it('times out a step that ignores its signal, with a labelled TimeoutError', async () => {
    const deadline = withDeadline({ timeoutMs: 1_000, signal: undefined, label: 'Test' });
    const raced = rejectionOf(deadline.race(never()));

    await vi.advanceTimersByTimeAsync(999);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);

    const error = await raced;
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'TimeoutError', message: 'Test request timed out' });
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(error);
    expect(deadline.classify(error)).toBe('timeout');
    // Once timed out, whatever the step rejected with is a timeout.
    expect(deadline.classify(new TypeError('fetch failed'))).toBe('timeout');
    deadline.dispose();
  });

  it('times out a later step too (a body that never finishes)', async () => {
    const deadline = withDeadline({ timeoutMs: 1_000, signal: undefined, label: 'Test' });
    await expect(deadline.race(Promise.resolve('response'))).resolves.toBe('response');
    const body = rejectionOf(deadline.race(never()));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(deadline.classify(await body)).toBe('timeout');
    deadline.dispose();
  });

  it('classifies a TimeoutError from the fetch itself as a timeout', () => {
    const deadline = withDeadline({ timeoutMs: 1_000, signal: undefined, label: 'Test' });
    expect(deadline.classify(new DOMException('The operation timed out.', 'TimeoutError'))).toBe('timeout');
    deadline.dispose();
  });

  it('classifies anything else as a network failure', () => {
    const deadline = withDeadline({ timeoutMs: 1_000, signal: undefined, label: 'Test' });
    expect(deadline.classify(new TypeError('fetch failed'))).toBe('network');
    expect(deadline.classify('socket closed')).toBe('network');
    expect(deadline.classify(undefined)).toBe('network');
    deadline.dispose();
  });

  it('forwards a caller abort, settling a step that ignores its signal, and classifies it as the caller’s', async () => {
    const caller = new AbortController();
    const deadline = withDeadline({ timeoutMs: 1_000, signal: caller.signal, label: 'Test' });
    const raced = rejectionOf(deadline.race(never()));

    const reason = new DOMException('user closed the panel', 'AbortError');
    caller.abort(reason);

    const error = await raced;
    expect(error).toBe(reason);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(reason);
    expect(deadline.classify(error)).toBe('caller-abort');
    // Whatever the step rejected with: the caller's abort wins.
    expect(deadline.classify(new DOMException('x', 'TimeoutError'))).toBe('caller-abort');
    expect(deadline.classify(new TypeError('fetch failed'))).toBe('caller-abort');
    deadline.dispose();
  });

  it('keeps a timeout a timeout when the caller aborts afterwards', async () => {
    const caller = new AbortController();
    const deadline = withDeadline({ timeoutMs: 1_000, signal: caller.signal, label: 'Test' });
    const raced = rejectionOf(deadline.race(never()));
    await vi.advanceTimersByTimeAsync(1_000);
    caller.abort();
    const error = await raced;
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(deadline.classify(error)).toBe('timeout');
    deadline.dispose();
  });

  it('throws the caller’s reason at once when their signal is already aborted, scheduling nothing', () => {
    const caller = new AbortController();
    const reason = new DOMException('gone', 'AbortError');
    caller.abort(reason);
    const add = vi.spyOn(caller.signal, 'addEventListener');

    let thrown: unknown;
    try {
      withDeadline({ timeoutMs: 1_000, signal: caller.signal, label: 'Test' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(add).not.toHaveBeenCalled();
  });

  it('schedules one timer and one caller listener, and dispose removes both', async () => {
    const caller = new AbortController();
    const add = vi.spyOn(caller.signal, 'addEventListener');
    const remove = vi.spyOn(caller.signal, 'removeEventListener');

    const deadline = withDeadline({ timeoutMs: 1_000, signal: caller.signal, label: 'Test' });
    expect(vi.getTimerCount()).toBe(1);
    expect(add).toHaveBeenCalledTimes(1);
    const listener = add.mock.calls[0]?.[1];

    deadline.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(remove).toHaveBeenCalledWith('abort', listener);

    // After dispose neither the timer nor a late caller abort reaches the request.
    await vi.advanceTimersByTimeAsync(5_000);
    caller.abort();
    expect(deadline.signal.aborted).toBe(false);

    deadline.dispose(); // idempotent
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no unhandled rejection when the deadline fires with nothing racing it', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const deadline = withDeadline({ timeoutMs: 10, signal: undefined, label: 'Test' });
      await vi.advanceTimersByTimeAsync(10);
      expect(deadline.signal.aborted).toBe(true);
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).not.toHaveBeenCalled();
      deadline.dispose();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('keyProblem', () => {
  it('names a missing key', () => {
    expect(keyProblem('')).toEqual({ kind: 'missing-key', detail: 'no API key configured' });
  });

  it('names a key a header cannot carry', () => {
    for (const key of ['abc def', 'clé', 'abc\n', 'tab\tkey', '\u0000']) {
      expect(keyProblem(key)).toEqual({ kind: 'bad-key', detail: 'API key contains characters a header cannot carry' });
    }
  });

  it('accepts visible ASCII', () => {
    expect(keyProblem('sk_live-123.ABC~!')).toBeUndefined();
    expect(HEADER_SAFE.test('!~')).toBe(true);
  });
});

describe('scrubKey', () => {
  it('replaces the key in message and detail, keeping everything else', () => {
    const error = new SidecarError({ kind: 'network', message: 'sent KEY123 twice: KEY123', detail: 'header api_key=KEY123', status: 502 });
    const clean = scrubKey(error, 'KEY123');
    expect(clean).toBeInstanceOf(SidecarError);
    expect(clean.kind).toBe('network');
    expect(clean.message).toBe('sent [api key] twice: [api key]');
    expect(clean.data).toEqual({ kind: 'network', message: 'sent [api key] twice: [api key]', detail: 'header api_key=[api key]', status: 502 });
  });

  it('adds no detail when there was none', () => {
    const clean = scrubKey(new SidecarError({ kind: 'timeout', message: 'slow' }), 'KEY123');
    expect('detail' in clean.data).toBe(false);
  });

  it('returns the error itself for an empty key', () => {
    const error = new SidecarError({ kind: 'timeout', message: 'slow' });
    expect(scrubKey(error, '')).toBe(error);
  });
});

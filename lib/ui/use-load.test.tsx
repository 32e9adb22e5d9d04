// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { SidecarError } from '../domain/errors';
import { useLoad } from './use-load';

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('useLoad', () => {
  it('reads once per request value, not per render', async () => {
    const read = vi.fn(async (request: { id: string }) => request.id.toUpperCase());
    const { result, rerender } = renderHook(({ id }) => useLoad({ id }, read), { initialProps: { id: 'a' } });
    await waitFor(() => expect(result.current.data).toBe('A'));
    rerender({ id: 'a' });
    rerender({ id: 'a' });
    expect(read).toHaveBeenCalledTimes(1);
    rerender({ id: 'b' });
    await waitFor(() => expect(result.current.data).toBe('B'));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('never lets an older request’s late answer land on a newer one', async () => {
    const slow = deferred<string>();
    const read = vi.fn((request: string) => (request === 'old' ? slow.promise : Promise.resolve('new answer')));
    const { result, rerender } = renderHook(({ request }) => useLoad(request, read), { initialProps: { request: 'old' } });
    rerender({ request: 'new' });
    await waitFor(() => expect(result.current.data).toBe('new answer'));
    await act(async () => slow.resolve('old answer'));
    expect(result.current.data).toBe('new answer');
  });

  it('starts blank for another request, keeps what is shown while reloading the same one', async () => {
    let answer = 'first';
    const gate = { current: deferred<void>() };
    const read = vi.fn(async (request: string) => {
      await gate.current.promise;
      return `${request}:${answer}`;
    });
    const { result, rerender } = renderHook(({ request }) => useLoad(request, read), { initialProps: { request: 'x' } });
    await act(async () => gate.current.resolve());
    await waitFor(() => expect(result.current.data).toBe('x:first'));
    gate.current = deferred();
    answer = 'second';
    act(() => result.current.reload());
    expect(result.current).toMatchObject({ data: 'x:first', loading: true });
    await act(async () => gate.current.resolve());
    await waitFor(() => expect(result.current.data).toBe('x:second'));
    gate.current = deferred();
    rerender({ request: 'y' });
    expect(result.current).toMatchObject({ data: undefined, loading: true });
  });

  it('turns a failure into error data and reads nothing while disabled', async () => {
    const read = vi.fn(async () => {
      throw new SidecarError({ kind: 'server', message: 'down' });
    });
    const { result, rerender } = renderHook(({ enabled }) => useLoad('r', read, { enabled }), { initialProps: { enabled: false } });
    expect(result.current.loading).toBe(false);
    expect(read).not.toHaveBeenCalled();
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.error?.kind).toBe('server'));
  });

  it('shows a paid answer set over the read until the request changes', async () => {
    const read = vi.fn(async () => 'quote');
    const { result } = renderHook(() => useLoad('r', read));
    await waitFor(() => expect(result.current.data).toBe('quote'));
    act(() => result.current.set('paid answer'));
    expect(result.current.data).toBe('paid answer');
  });
});

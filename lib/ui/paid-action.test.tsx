// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { SidecarError } from '../domain/errors';

const sendMessage = vi.fn();
vi.mock('../messaging/client', () => ({ sendMessage: (...args: unknown[]) => sendMessage(...args) }));
const { usePaidAction, useLostAnswer } = await import('./paid-action');

beforeEach(() => sendMessage.mockReset());
afterEach(cleanup);

describe('usePaidAction', () => {
  it('asks when the background needs a confirmation, then sends the confirmed price under the same click id', async () => {
    const run = vi.fn(async (_arg: string, confirmed: number | undefined, _intentId: string) => {
      if (confirmed === undefined) throw new SidecarError({ kind: 'needs-confirmation', message: 'confirm', credits: 5 });
      return 'ok';
    });
    const done = vi.fn();
    const { result } = renderHook(() => usePaidAction(run, done));
    act(() => result.current.start('phones'));
    await waitFor(() => expect(result.current.confirm).toEqual({ credits: 5 }));
    act(() => result.current.confirmed({}));
    await waitFor(() => expect(done).toHaveBeenCalledWith('ok', 'phones'));
    expect(run.mock.calls.map((call) => call[1])).toEqual([undefined, 5]);
    expect(run.mock.calls[0]![2]).toBe(run.mock.calls[1]![2]);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('saves a raised threshold before paying', async () => {
    sendMessage.mockResolvedValue({});
    const run = vi.fn(async (_arg: void, confirmed: number | undefined, _intentId: string) => {
      if (confirmed === undefined) throw new SidecarError({ kind: 'needs-confirmation', message: 'confirm', credits: 1 });
      return 1;
    });
    const { result } = renderHook(() => usePaidAction(run));
    act(() => result.current.start());
    await waitFor(() => expect(result.current.confirm).toBeDefined());
    act(() => result.current.confirmed({ autoConfirmUnder: 3 }));
    await waitFor(() => expect(run).toHaveBeenCalledTimes(2));
    expect(sendMessage).toHaveBeenCalledWith('saveSettings', { autoConfirmUnder: 3 });
  });

  it('makes "Try again" after an answered failure a new click, with a new id', async () => {
    const run = vi.fn(async (_arg: void, _confirmed: number | undefined, _intentId: string): Promise<never> => {
      throw new SidecarError({ kind: 'server', message: 'down' });
    });
    const { result } = renderHook(() => usePaidAction(run));
    act(() => result.current.start());
    await waitFor(() => expect(result.current.error?.kind).toBe('server'));
    act(() => result.current.retry());
    await waitFor(() => expect(run).toHaveBeenCalledTimes(2));
    expect(run.mock.calls[0]![2]).not.toBe(run.mock.calls[1]![2]);
  });

  it('cancelling the prompt sends nothing more', async () => {
    const run = vi.fn(async () => {
      throw new SidecarError({ kind: 'needs-confirmation', message: 'confirm', credits: 2 });
    });
    const { result } = renderHook(() => usePaidAction(run));
    act(() => result.current.start());
    await waitFor(() => expect(result.current.confirm).toBeDefined());
    act(() => result.current.cancel());
    expect(result.current.confirm).toBeUndefined();
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe('useLostAnswer', () => {
  it('follows a lost answer until the background has found out what it cost', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      sendMessage.mockResolvedValueOnce({ state: 'uncertain' }).mockResolvedValueOnce({ state: 'settled', charged: 1 });
      const { result } = renderHook(() => useLostAnswer({ kind: 'network', message: 'lost', mayHaveCharged: 1, intentId: 'c-1' }));
      expect(result.current).toEqual({ mayHaveCharged: 1, settled: false });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(3000);
      });
      await waitFor(() => expect(result.current).toEqual({ charged: 1, settled: true }));
      expect(sendMessage).toHaveBeenCalledWith('getIntent', { intentId: 'c-1' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows nothing for a failure that cost nothing', () => {
    const { result } = renderHook(() => useLostAnswer({ kind: 'server', message: 'x' }));
    expect(result.current).toBeUndefined();
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

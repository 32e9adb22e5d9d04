/**
 * One paid action in the panel (signals, a company's extras, decision makers, a Saber question): the price is on
 * the button before anything is spent; the background answers `needs-confirmation` with the price when the user's
 * threshold asks for it, the panel shows the confirmation, and only the confirmed amount is sent back, for the
 * same request (`arg`) the user started.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { SidecarError, type SidecarErrorData } from '../domain/errors';
import { sendMessage } from '../messaging/client';

export interface PaidAction<A> {
  busy: boolean;
  error?: SidecarErrorData;
  /** Set while the confirmation prompt is open: the credits it asks for. */
  confirm?: { credits: number };
  /** What the last start asked for (the question, the fields, the mode), for the prompt's wording. */
  arg?: A;
  /** Starts the action for `arg` (asks first when the background says so). */
  start(arg: A): void;
  /** Starts the last action again (after a failure). */
  retry(): void;
  /** The user agreed in the prompt, optionally raising the "don't ask under" threshold. */
  confirmed(options: { autoConfirmUnder?: number }): void;
  cancel(): void;
}

export function errorData(error: unknown): SidecarErrorData {
  return SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Something went wrong inside Sidecar. Try again.' };
}

export function usePaidAction<T, A = void>(run: (arg: A, confirmedCredits?: number) => Promise<T>, onDone?: (result: T, arg: A) => void): PaidAction<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SidecarErrorData>();
  const [confirm, setConfirm] = useState<{ credits: number }>();
  const [arg, setArg] = useState<A>();
  // The latest callbacks, for `execute` (stable) to call: set after each render, before any effect runs.
  const runRef = useRef(run);
  const doneRef = useRef(onDone);
  useLayoutEffect(() => {
    runRef.current = run;
    doneRef.current = onDone;
  });

  const execute = useCallback(async (value: A, confirmedCredits?: number) => {
    setArg(() => value);
    setBusy(true);
    setError(undefined);
    setConfirm(undefined);
    try {
      const result = await runRef.current(value, confirmedCredits);
      doneRef.current?.(result, value);
    } catch (caught) {
      const data = errorData(caught);
      if (data.kind === 'needs-confirmation' && data.credits !== undefined) setConfirm({ credits: data.credits });
      else setError(data);
    } finally {
      setBusy(false);
    }
  }, []);

  return {
    busy,
    error,
    confirm,
    arg,
    start: (value) => void execute(value),
    retry: () => void execute(arg as A),
    confirmed: ({ autoConfirmUnder }) => {
      const credits = confirm?.credits;
      void (async () => {
        if (autoConfirmUnder !== undefined) await sendMessage('saveSettings', { autoConfirmUnder }).catch(() => undefined);
        await execute(arg as A, credits);
      })();
    },
    cancel: () => setConfirm(undefined),
  };
}

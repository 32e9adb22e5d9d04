/**
 * The one confirm-then-pay flow of the panel (reveals, a lookup with automatic lookups off, signals, a company's
 * extras, people at a company, Saber questions): the price is on the button before anything is spent; the background
 * answers `needs-confirmation` with the price when the user's threshold asks for it, the panel shows the
 * confirmation, and only the confirmed amount is sent back, for the same request the user started.
 *
 * Each click has an id of its own (the intent's): if the background stops while answering, the message is sent again
 * with the same id and joins the click instead of paying twice. When an answer was lost after the call left (it may
 * have been charged), the panel follows what Sidecar finds out, and "Try again" is a new click at its price.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorDataOf, type SidecarErrorData } from '../domain/errors';
import { sendMessage } from '../messaging/client';

/** What became of a paid click whose answer was lost. */
export interface LostAnswer {
  /** The most it may have cost, while Sidecar finds out. */
  mayHaveCharged?: number;
  /** What it was charged, once found out. */
  charged?: number;
  settled: boolean;
}

export interface PaidAction<A> {
  busy: boolean;
  error?: SidecarErrorData;
  /** Set while the confirmation prompt is open: the credits it asks for. */
  confirm?: { credits: number };
  /** What the last start asked for (the question, the fields, the mode), for the prompt's wording. */
  arg?: A;
  /** Starts the action for `arg` (asks first when the background says so). */
  start(arg: A): void;
  /** Asks before starting, whatever the user's threshold (something about it needs a second look): `credits` is its price. */
  ask(arg: A, credits: number): void;
  /** Starts the last action again: a new click. */
  retry(): void;
  /** The user agreed in the prompt, optionally raising the "don't ask under" threshold. */
  confirmed(options: { autoConfirmUnder?: number }): void;
  cancel(): void;
}

export function errorData(error: unknown): SidecarErrorData {
  return errorDataOf(error);
}

/** A fresh id for one click. */
export function newIntentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `c-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Follows a lost answer until Sidecar has found out what it cost (free reads of the background's record). */
export function useLostAnswer(error: SidecarErrorData | undefined): LostAnswer | undefined {
  const intentId = error?.mayHaveCharged !== undefined ? error.intentId : undefined;
  const [lost, setLost] = useState<LostAnswer>();
  useEffect(() => {
    if (!intentId || error?.mayHaveCharged === undefined) {
      setLost(undefined);
      return;
    }
    setLost({ mayHaveCharged: error.mayHaveCharged, settled: false });
    let stopped = false;
    const check = async () => {
      const intent = await sendMessage('getIntent', { intentId }).catch(() => undefined);
      if (stopped) return;
      if (intent?.state === 'settled') {
        setLost({ charged: intent.charged ?? 0, settled: true });
        return;
      }
      timer = setTimeout(() => void check(), 2000);
    };
    let timer = setTimeout(() => void check(), 500);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [intentId, error?.mayHaveCharged]);
  return lost;
}

export function usePaidAction<T, A = void>(
  run: (arg: A, confirmedCredits: number | undefined, intentId: string) => Promise<T>,
  onDone?: (result: T, arg: A) => void,
): PaidAction<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SidecarErrorData>();
  const [confirm, setConfirm] = useState<{ credits: number }>();
  const [arg, setArg] = useState<A>();
  const intentId = useRef<string>(newIntentId());
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
      const result = await runRef.current(value, confirmedCredits, intentId.current);
      intentId.current = newIntentId();
      doneRef.current?.(result, value);
    } catch (caught) {
      const data = errorData(caught);
      if (data.kind === 'needs-confirmation' && data.credits !== undefined) {
        setConfirm({ credits: data.credits });
      } else {
        // The click is answered: the next one is a new click.
        intentId.current = newIntentId();
        setError(data);
      }
    } finally {
      setBusy(false);
    }
  }, []);

  return {
    busy,
    error,
    confirm,
    arg,
    start: (value) => {
      intentId.current = newIntentId();
      void execute(value);
    },
    ask: (value, credits) => {
      intentId.current = newIntentId();
      setArg(() => value);
      setError(undefined);
      setConfirm({ credits });
    },
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

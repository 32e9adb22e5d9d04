/**
 * The panel's one way to read from the background when something on screen changes: the request is the key (compared
 * by value, so a new object for the same person is not a new read), an answer to an older request never lands on a
 * newer one, and `reload` reads the same request again. Reads through here are what opening a page costs: free (stored
 * answers, quotes) or the automatic lookup the user allowed; paid clicks go through `usePaidAction`.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorDataOf, type SidecarErrorData } from '../domain/errors';

export interface Load<T> {
  data?: T;
  error?: SidecarErrorData;
  loading: boolean;
  /** Reads the same request again. */
  reload(): void;
  /** Replaces what is shown (with a paid click's answer, say) until the request changes. */
  set(data: T | undefined): void;
}

/**
 * `options.key`: what identifies the request, when less than all of it does (a company by its domain, name and page,
 * not by every detail the page shows); the whole request otherwise.
 */
export function useLoad<R, T>(request: R, read: (request: R) => Promise<T>, options: { enabled?: boolean; key?: unknown } = {}): Load<T> {
  const enabled = options.enabled ?? true;
  const key = JSON.stringify(options.key ?? request);
  const [state, setState] = useState<{ data?: T; error?: SidecarErrorData; loading: boolean; key?: string }>({ loading: enabled });
  const [generation, setGeneration] = useState(0);
  // The latest request and reader, for the effect (which runs only when the request's value changes).
  const latest = useRef({ request, read });
  useLayoutEffect(() => {
    latest.current = { request, read };
  });

  useEffect(() => {
    if (!enabled) {
      setState({ loading: false });
      return;
    }
    let live = true;
    // A reload keeps what is shown while it reads; another request starts blank.
    setState((current) => ({ data: current.key === key ? current.data : undefined, loading: true, key }));
    latest.current.read(latest.current.request).then(
      (data) => live && setState({ data, loading: false, key }),
      (caught: unknown) => live && setState({ error: errorDataOf(caught), loading: false, key }),
    );
    return () => {
      live = false;
    };
  }, [key, generation, enabled]);

  const reload = useCallback(() => setGeneration((count) => count + 1), []);
  const set = useCallback((data: T | undefined) => setState({ data, loading: false, key }), [key]);
  return { data: state.data, error: state.error, loading: state.loading, reload, set };
}

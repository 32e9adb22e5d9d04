/** A fetch that passes through (to the sandbox) and records both sides of every exchange, for contract tests. */

export interface Exchange {
  method: string;
  url: URL;
  requestHeaders: Record<string, string>;
  /** The parsed JSON body, the form fields of a form body, or undefined. */
  requestBody: unknown;
  /** `json`, `form`, or undefined when nothing was sent. */
  requestKind?: 'json' | 'form';
  status: number;
  headers: Headers;
  responseText: string;
}

export function recordingFetch(log: Exchange[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const response = await fetch(input, init);
    const responseText = await response.clone().text();
    const requestHeaders = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const raw = typeof init?.body === 'string' ? init.body : undefined;
    const form = requestHeaders['content-type']?.startsWith('application/x-www-form-urlencoded');
    log.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      url,
      requestHeaders,
      requestBody: raw === undefined ? undefined : form ? Object.fromEntries(new URLSearchParams(raw)) : (JSON.parse(raw) as unknown),
      ...(raw === undefined ? {} : { requestKind: form ? ('form' as const) : ('json' as const) }),
      status: response.status,
      headers: response.headers,
      responseText,
    });
    return response;
  };
}

/** The response body as JSON, or undefined (empty or not JSON). */
export function responseJson(exchange: Exchange): unknown {
  if (exchange.responseText.trim() === '') return undefined;
  try {
    return JSON.parse(exchange.responseText) as unknown;
  } catch {
    return undefined;
  }
}

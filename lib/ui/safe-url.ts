/**
 * A link Sidecar may render from provider data: only http(s), so a provider's text can never become a
 * `javascript:` or `data:` link. `bareHost` accepts "acme.com" as https://acme.com/.
 */
export function safeUrl(url: string | undefined, bareHost = false): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(bareHost && !/^[a-z][a-z\d+.-]*:/i.test(url) ? `https://${url}` : url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

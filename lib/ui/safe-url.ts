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

/** LinkedIn's own image hosts: the only places a profile photo from a page is loaded from. */
const PHOTO_HOSTS = new Set(['media.licdn.com', 'static.licdn.com', 'media-exp1.licdn.com', 'media-exp2.licdn.com']);

/** A profile photo URL from a page, when it is served by LinkedIn over https; anything else is not loaded. */
export function linkedInPhoto(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && PHOTO_HOSTS.has(parsed.hostname) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

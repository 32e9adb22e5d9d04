/**
 * PKCE (RFC 7636) with WebCrypto, as the MV3 service worker has it: a random code verifier, its S256 challenge, and
 * a random `state`. No Node APIs.
 */

/** Base64url without padding. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code verifier: 32 random bytes → 43 base64url characters (RFC 7636 allows 43–128). */
export function createCodeVerifier(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** `BASE64URL(SHA-256(verifier))`, the `code_challenge` for `code_challenge_method=S256`. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** A random `state` to tie the redirect back to the request. */
export function createState(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(16)));
}

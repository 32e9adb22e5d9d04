import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIDECAR_EXTENSION_ID, SIDECAR_PUBLIC_KEY } from './extension-key';

/** Chromium's rule: SHA-256 of the DER public key, first 16 bytes, each hex digit 0–f written as a–p. */
function extensionIdOf(publicKeyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

describe('the fixed extension id', () => {
  it('follows from the manifest key', () => {
    expect(extensionIdOf(SIDECAR_PUBLIC_KEY)).toBe(SIDECAR_EXTENSION_ID);
  });
});

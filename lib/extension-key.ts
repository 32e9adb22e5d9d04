/**
 * Sidecar's fixed extension id. Chromium derives an extension's id from the public key in its manifest's `key`, so
 * this key makes the id the same for every build and every install (unpacked, self-hosted or pushed by policy), and an
 * organisation's policy can name it. Only the public half is here: the private key is not part of the project (it is
 * needed only to sign a self-hosted .crx). `lib/extension-key.test.ts` checks that the id follows from the key.
 * Firefox names Sidecar by its gecko id instead.
 */
export const SIDECAR_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu9XMMfQSKvi2oIAyS4hL48km1yxcKPMgT5LyNM/t2vuOJELRYV8RsvuJQNIsow6DiZXnQomHGlKZjD55KtL5KkvFykjBdC58uHM8oh5e0T58OHT6mpqTRf7ip+77NGzter7LSF37JS0MNZd/sTdhynh/8FFCQKsfRAa7GXOPf4DPt60Xml1ckOBoUBqjWjaYadfy6erhpJPxT71TK5YQQkvFUw8yUNPiy1ZyZg8IQKgVAMJhWU6dbp0cbmMjYDjlCNHfAesxUmbv0AcZiY9mh+770IAfPTouxk6GTe7SiU/MxGLbjxT5i9scY/noof/oIX87G0/Bw2/ZCubWA/7EJQIDAQAB';

/** The id Chromium, Chrome and Edge give Sidecar (first 32 hex digits of SHA-256(key), written with a–p). */
export const SIDECAR_EXTENSION_ID = 'mkcokcpegeghfhbffpjikcfmafnjocln';

/** Sidecar's id in Firefox (`browser_specific_settings.gecko.id`), which Firefox policies name. */
export const SIDECAR_GECKO_ID = 'sidecar@sidecar.dev';

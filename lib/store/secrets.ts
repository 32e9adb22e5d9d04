/**
 * API keys. Read only by the background; never sent to a page, never logged. The key in force is the organisation's
 * (browser policy) when it sets one, else the rep's own: a rep's key is kept but ignored while the policy sets one.
 */
import { getDb, type SecretRecord } from './db';
import { readManagedPolicy } from './managed-policy';

export type SecretProvider = SecretRecord['provider'];

/** A key in force: the rep's stored record, or the organisation's (`managed`, never stored, never shown). */
export interface ApiKeyInForce extends SecretRecord {
  managed?: true;
}

/** The key the organisation's policy sets for a provider, if any. */
export async function getManagedApiKey(provider: SecretProvider): Promise<string | undefined> {
  const { policy } = await readManagedPolicy();
  return provider === 'lusha' ? policy.lushaApiKey : policy.saberApiKey;
}

/** The key in force: managed > the rep's own. */
export async function getApiKey(provider: SecretProvider): Promise<ApiKeyInForce | undefined> {
  const managed = await getManagedApiKey(provider);
  if (managed) return { provider, key: managed, savedAt: 0, managed: true };
  return getOwnApiKey(provider);
}

/** Reads on their way, shared by the reads asked meanwhile; a write starts the next read afresh. */
const reading = new Map<SecretProvider, Promise<SecretRecord | undefined>>();

/** The key the rep saved themselves (whether or not a policy overrides it). */
export function getOwnApiKey(provider: SecretProvider): Promise<SecretRecord | undefined> {
  let read = reading.get(provider);
  if (!read) {
    read = getDb()
      .then((db) => db.get('secrets', provider))
      .finally(() => {
        if (reading.get(provider) === read) reading.delete(provider);
      });
    reading.set(provider, read);
  }
  return read;
}

export async function setApiKey(provider: SecretProvider, key: string, now = Date.now()): Promise<SecretRecord> {
  const record: SecretRecord = { provider, key, savedAt: now };
  reading.delete(provider);
  await (await getDb()).put('secrets', record);
  reading.delete(provider);
  return record;
}

export async function removeApiKey(provider: SecretProvider): Promise<void> {
  reading.delete(provider);
  await (await getDb()).delete('secrets', provider);
  reading.delete(provider);
}

/** The last four characters of a key, the only part a page may see. */
export function keyHint(key: string): string {
  return key.length > 8 ? key.slice(-4) : '';
}

/** What a page may see of a key in force: for the organisation's, only that it is there. */
export function keyStatusOf(secret: ApiKeyInForce | undefined): { configured: boolean; hint?: string; savedAt?: number; managed?: boolean } {
  if (!secret) return { configured: false };
  if (secret.managed) return { configured: true, managed: true };
  return { configured: true, hint: keyHint(secret.key), savedAt: secret.savedAt };
}

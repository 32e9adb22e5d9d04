/** API keys. Read only by the background; never sent to a page, never logged. */
import { getDb, type SecretRecord } from './db';

export type SecretProvider = SecretRecord['provider'];

export async function getApiKey(provider: SecretProvider): Promise<SecretRecord | undefined> {
  return (await getDb()).get('secrets', provider);
}

export async function setApiKey(provider: SecretProvider, key: string, now = Date.now()): Promise<SecretRecord> {
  const record: SecretRecord = { provider, key, savedAt: now };
  await (await getDb()).put('secrets', record);
  return record;
}

export async function removeApiKey(provider: SecretProvider): Promise<void> {
  await (await getDb()).delete('secrets', provider);
}

/** The last four characters of a key, the only part a page may see. */
export function keyHint(key: string): string {
  return key.length > 8 ? key.slice(-4) : '';
}

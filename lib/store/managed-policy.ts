/**
 * The organisation's policy, as the browser hands it over: `storage.managed` (Chrome and Edge enterprise policy;
 * Firefox `policies.json` "3rdparty" → "Extensions" → Sidecar's id, through the same API). Read-only for Sidecar and
 * read fresh every time (no copy kept), so a policy the admin changes applies at the next read: a cap lowered
 * mid-session holds at the next reservation. Reads asked while one is on its way share it (a page of a thousand
 * lookups makes one round trip, not a thousand).
 */
import { browser } from '#imports';
import { parseManagedPolicy, type ParsedPolicy } from '../domain/policy';

/** Named by the browser in `storage.onChanged` for changes to the policy. */
export const MANAGED_AREA = 'managed';

let reading: Promise<ParsedPolicy> | undefined;

export function readManagedPolicy(): Promise<ParsedPolicy> {
  const read = (reading ??= readNow().finally(() => {
    if (reading === read) reading = undefined;
  }));
  return read;
}

/**
 * The browser reported a change: a read that was on its way may hold the policy from before it, so the next read starts
 * afresh rather than share that one (a key change would otherwise go unseen).
 */
export function forgetReadOnItsWay(): void {
  reading = undefined;
}

async function readNow(): Promise<ParsedPolicy> {
  let raw: unknown;
  try {
    // Firefox throws when no policy names Sidecar ("Managed storage manifest not found"); that is no policy.
    raw = await browser.storage.managed.get(null);
  } catch {
    raw = {};
  }
  return parseManagedPolicy(raw);
}

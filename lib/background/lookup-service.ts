/**
 * The lookup service: every provider call goes through here. Cache first, then the store of paid data, then the
 * provider; identical requests in flight share one call; every spend is checked against the user's threshold and
 * daily cap before it is made, and written to the ledger after.
 */
import type { ContactLookupResult, RevealedData, RevealField } from '../domain/contact';
import type { AccountUsage } from '../domain/credits';
import { SidecarError } from '../domain/errors';
import type { Lookup } from '../domain/page-context';
import type { ContactView, CreditsView } from '../messaging/protocol';
import type { LushaClient } from '../providers/lusha';
import { getPreview, getPreviewByContactId, getRevealed, markPreviewsBlocked, markPreviewsRevealed, mergeRevealed, putPreview } from '../store/contacts';
import { recordSpend, spentToday } from '../store/ledger';
import { getApiKey, keyHint, setApiKey } from '../store/secrets';
import { getCachedUsage, getSettings, setCachedUsage } from './state';
import { lookupKey, toContactSearchItem } from './lookup-keys';

/** Account usage is limited to 5 requests a minute: never ask more often than this. */
export const USAGE_MIN_INTERVAL_MS = 15_000;
/** How old a usage snapshot may be before the popup asks again. */
export const USAGE_MAX_AGE_MS = 60_000;

export type ChangeEvent = 'dataChanged' | 'creditsChanged' | 'keysChanged';

export interface LookupServiceDeps {
  createClient(apiKey: string): LushaClient;
  now?: () => number;
  onChange?: (event: ChangeEvent) => void;
}

const PRICE_KEY: Record<RevealField, string> = { emails: 'revealEmail', phones: 'revealPhone' };
const FIELD_NOUN: Record<RevealField, string> = { emails: 'email', phones: 'phone' };

export type LookupService = ReturnType<typeof createLookupService>;

export function createLookupService(deps: LookupServiceDeps) {
  const now = deps.now ?? Date.now;
  const notify = (event: ChangeEvent) => deps.onChange?.(event);
  const lookupsInFlight = new Map<string, Promise<ContactLookupResult>>();
  const revealsInFlight = new Map<string, Promise<RevealedData>>();
  let lastUsageRequestAt = 0;

  async function requireClient(): Promise<LushaClient> {
    const secret = await getApiKey('lusha');
    if (!secret) throw new SidecarError({ kind: 'missing-key', message: 'Add your Lusha API key in Sidecar’s options to look people up.' });
    return deps.createClient(secret.key);
  }

  /** Books a spend in the ledger and in our running estimate of the account's credits. */
  async function bookSpend(entry: { action: 'search' | 'reveal'; entityId: string; field?: string; credits: number; requestId?: string }) {
    if (entry.credits <= 0) return;
    await recordSpend({ provider: 'lusha', ...entry, at: now() });
    const usage = await getCachedUsage();
    if (usage) {
      const used = usage.credits.used + entry.credits;
      await setCachedUsage({ ...usage, credits: { ...usage.credits, used, remaining: Math.max(0, usage.credits.total - used) } });
    }
    notify('creditsChanged');
  }

  async function search(lookup: Lookup, key: string): Promise<ContactLookupResult> {
    const client = await requireClient();
    // Partial profiles too: knowing the person exists with no email or phone is worth showing.
    const response = await client.searchContacts([toContactSearchItem(lookup, '1')], { includePartialProfiles: true });
    const outcome = response.data.find((item) => item.clientReferenceId === '1') ?? response.data[0];
    const result: ContactLookupResult = outcome ? stripReference(outcome) : { status: 'not-found' };
    await putPreview(key, result, now());
    await bookSpend({ action: 'search', entityId: key, credits: response.creditsCharged, requestId: response.requestId });
    return result;
  }

  /** The preview for one person: from the store when fresh, else one search shared by every caller. */
  async function lookupContact(lookup: Lookup): Promise<ContactView> {
    const key = lookupKey(lookup);
    const cached = await getPreview(key, now());
    let result: ContactLookupResult;
    let fromCache = false;
    if (cached) {
      result = cached.result;
      fromCache = true;
    } else {
      let pending = lookupsInFlight.get(key);
      if (!pending) {
        pending = search(lookup, key).finally(() => lookupsInFlight.delete(key));
        lookupsInFlight.set(key, pending);
      }
      result = await pending;
    }
    const revealed = result.status === 'found' ? await getRevealed(result.preview.id) : undefined;
    return { key, result, revealed, fromCache };
  }

  async function priceOf(contactId: string, field: RevealField): Promise<number> {
    const preview = (await getPreviewByContactId(contactId))?.result;
    if (preview?.status === 'restricted') {
      throw new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share this person’s details for compliance reasons.' });
    }
    if (preview?.status === 'found') {
      const offer = preview.preview.canReveal.find((entry) => entry.field === field);
      if (!offer) {
        throw new SidecarError({ kind: 'not-found', message: `Lusha has no ${FIELD_NOUN[field]} for this person, so there is nothing to reveal.` });
      }
      return offer.credits;
    }
    const price = (await getCachedUsage())?.pricing[PRICE_KEY[field]];
    if (!price) throw new SidecarError({ kind: 'validation', message: 'Look this person up again before revealing: Sidecar does not know the price yet.' });
    return price.credits;
  }

  async function reveal(contactId: string, field: RevealField, confirmedCredits: number | undefined): Promise<RevealedData> {
    const cost = await priceOf(contactId, field);
    const settings = await getSettings();
    if (cost > 0) {
      const today = await spentToday(now());
      if (today.total + cost > settings.dailyCreditCap) {
        throw new SidecarError({
          kind: 'budget-exceeded',
          message: `This would pass your daily cap of ${settings.dailyCreditCap} credits (${today.total} spent today). Raise the cap in options to continue.`,
          credits: cost,
        });
      }
      const needsConfirmation = cost >= settings.autoConfirmUnder;
      if (needsConfirmation && (confirmedCredits === undefined || confirmedCredits < cost)) {
        throw new SidecarError({
          kind: 'needs-confirmation',
          message: `Revealing this ${FIELD_NOUN[field]} costs ${cost} ${cost === 1 ? 'credit' : 'credits'}.`,
          credits: cost,
        });
      }
    }
    const client = await requireClient();
    let response: Awaited<ReturnType<LushaClient['enrichContacts']>>;
    try {
      response = await client.enrichContacts([contactId], [field]);
    } catch (error) {
      if (SidecarError.is(error) && error.kind === 'gdpr-blocked') {
        await markPreviewsBlocked(contactId, 'gdpr');
        notify('dataChanged');
      }
      throw error;
    }
    const outcome = response.data.find((item) => item.id === contactId) ?? response.data[0];
    if (!outcome || outcome.status === 'not-found') {
      throw new SidecarError({ kind: 'not-found', message: 'Lusha no longer finds this person.' });
    }
    if (outcome.status === 'restricted') {
      await markPreviewsBlocked(contactId, 'restricted');
      notify('dataChanged');
      throw new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share this person’s details for compliance reasons.' });
    }
    if (outcome.status === 'failed') {
      throw new SidecarError({ kind: 'server', message: 'Lusha could not reveal this person right now. Try again later.', detail: outcome.message });
    }
    const stamped: RevealedData = {
      ...outcome.revealed,
      emails: field === 'emails' ? (outcome.revealed.emails ?? []) : outcome.revealed.emails,
      phones: field === 'phones' ? (outcome.revealed.phones ?? []) : outcome.revealed.phones,
      revealedAt: { [field]: now() },
    };
    const merged = await mergeRevealed(stamped);
    await markPreviewsRevealed(contactId, field);
    await bookSpend({ action: 'reveal', entityId: contactId, field, credits: response.creditsCharged, requestId: response.requestId });
    notify('dataChanged');
    return merged;
  }

  /** Reveals one field of one person; already-paid data is served from the store, and two callers share one call. */
  async function revealContact(contactId: string, field: RevealField, confirmedCredits?: number): Promise<RevealedData> {
    const stored = await getRevealed(contactId);
    if (stored?.revealedAt[field] !== undefined) return stored;
    const flightKey = `${contactId}:${field}`;
    let pending = revealsInFlight.get(flightKey);
    if (!pending) {
      pending = reveal(contactId, field, confirmedCredits).finally(() => revealsInFlight.delete(flightKey));
      revealsInFlight.set(flightKey, pending);
    }
    return pending;
  }

  async function fetchUsage(client: LushaClient): Promise<AccountUsage> {
    lastUsageRequestAt = now();
    const usage = (await client.getAccountUsage()).data;
    await setCachedUsage(usage);
    return usage;
  }

  async function getCredits(refresh: boolean): Promise<CreditsView> {
    const [secret, cached, today, settings] = await Promise.all([getApiKey('lusha'), getCachedUsage(), spentToday(now()), getSettings()]);
    const view: CreditsView = {
      lusha: { key: { configured: Boolean(secret), hint: secret ? keyHint(secret.key) : undefined, savedAt: secret?.savedAt }, usage: cached },
      spentToday: today.total,
      spentTodayByAction: today.byAction,
      dailyCreditCap: settings.dailyCreditCap,
    };
    if (!secret) return { ...view, lusha: { ...view.lusha, usage: undefined } };
    const stale = !cached || now() - cached.fetchedAt > (refresh ? USAGE_MIN_INTERVAL_MS : USAGE_MAX_AGE_MS);
    if (stale && now() - lastUsageRequestAt >= USAGE_MIN_INTERVAL_MS) {
      try {
        view.lusha.usage = await fetchUsage(deps.createClient(secret.key));
      } catch (error) {
        view.lusha.error = SidecarError.is(error) ? error.data : { kind: 'internal', message: 'Could not read your Lusha credits.' };
      }
    }
    return view;
  }

  /** Checks a key against the provider before storing it; a key that fails is not stored. */
  async function saveLushaKey(rawKey: string) {
    const key = rawKey.trim();
    if (!key) throw new SidecarError({ kind: 'bad-key', message: 'Paste your Lusha API key first.' });
    const usage = await fetchUsage(deps.createClient(key));
    const record = await setApiKey('lusha', key, now());
    notify('keysChanged');
    return { key: { configured: true, hint: keyHint(key), savedAt: record.savedAt }, usage };
  }

  /**
   * Stores a Saber key after a format check. Saber features arrive in a later version; the key is checked
   * against Saber's credits endpoint when they are first used.
   */
  async function saveSaberKey(rawKey: string) {
    const key = rawKey.trim();
    if (!/^sk_(live|test)_[A-Za-z0-9_-]{8,}$/.test(key)) {
      throw new SidecarError({ kind: 'bad-key', message: 'That does not look like a Saber API key: they start with “sk_live_” or “sk_test_”.' });
    }
    const record = await setApiKey('saber', key, now());
    notify('keysChanged');
    return { key: { configured: true, hint: keyHint(key), savedAt: record.savedAt } };
  }

  return { lookupContact, revealContact, getCredits, saveLushaKey, saveSaberKey };
}

function stripReference(outcome: { clientReferenceId?: string } & ContactLookupResult): ContactLookupResult {
  const { clientReferenceId: _ignored, ...result } = outcome;
  return result as ContactLookupResult;
}

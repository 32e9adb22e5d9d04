/**
 * People: the preview of someone (from the store when fresh, else a search through the engine, priced from the
 * account and held against the cap), everyone on a list page at once, and the reveal of an email or phone (served
 * from the store when already paid for, else one paid intent, shared by every panel that asks at once).
 */
import type { ContactLookupResult, RevealedData, RevealField } from '../../domain/contact';
import { creditWord } from '../../domain/credits';
import { SidecarError, type SidecarErrorData, errorDataOf } from '../../domain/errors';
import { lookupKey } from '../../domain/lookup-keys';
import type { Lookup } from '../../domain/page-context';
import type { Engine } from '../../engine/engine';
import type { Priority } from '../../engine/types';
import type { ContactView } from '../../messaging/protocol';
import { getPreview, getPreviewByContactId, getRevealed, touchPreviews } from '../../store/contacts';
import { recordView } from '../../store/history';
import { lushaUsageItem } from '../../store/kv';
import { getApiKey } from '../../store/secrets';
import { getSettings } from '../../store/settings';
import { CONTACT_REVEAL, CONTACT_SEARCH, priceFor, toContactSearchItem, type ContactRevealArgs, type ContactSearchArgs, type UnitPrice } from './operations';

/** Lusha's contact search price when the account has not said yet (its documented 1 credit per 25 results). */
export const DEFAULT_SEARCH_PRICE: UnitPrice = { credits: 1, perQuantity: 25 };
const PRICE_KEY: Record<RevealField, string> = { emails: 'revealEmail', phones: 'revealPhone' };
const FIELD_NOUN: Record<RevealField, string> = { emails: 'email', phones: 'phone' };

export interface ContactsDeps {
  engine: Engine;
  now(): number;
}

export interface LookupOptions {
  /** `auto`: a page opened (allowed by the setting); `click`: the user's "Look up" button. */
  origin: 'auto' | 'click';
  priority?: Priority;
  intentId?: string;
  confirmedCredits?: number;
}

/** The account's price of a contact search (per 25 results). */
export async function contactSearchPrice(): Promise<UnitPrice> {
  return (await lushaUsageItem.get())?.pricing.contactSearch ?? DEFAULT_SEARCH_PRICE;
}

/** Automatic lookups are off: the panel shows what the page says and offers the lookup at its price. */
function autoLookupOff(price: number): SidecarError {
  return new SidecarError({
    kind: 'needs-confirmation',
    reason: 'auto-lookup-off',
    credits: price,
    message: `Automatic lookups are off. Looking this person up costs up to ${creditWord(price)}.`,
  });
}

/**
 * A paid call needs a key before anything else. Without this check a click was first asked to confirm a price (and an
 * automatic lookup with lookups off was offered one) for a call that could never go, and the missing key was found
 * only when the engine sent it, which also paused Lusha for every other queued call.
 */
async function requireKey(): Promise<void> {
  if (!(await getApiKey('lusha'))) throw new SidecarError({ kind: 'missing-key', message: 'Add your Lusha API key in Sidecar’s options to look people up.' });
}

export function createContactsService(deps: ContactsDeps) {
  const { engine, now } = deps;

  /** A lookup's key and its fresh stored preview, if any (a lookup Lusha cannot take fails here, before any spend). */
  async function fromStore(lookup: Lookup) {
    const key = lookupKey(lookup);
    toContactSearchItem(lookup, 'check');
    const cached = await getPreview(key, now());
    if (cached) touchPreviews(key, now());
    return { key, lookup, cached };
  }

  async function viewOf(key: string, result: ContactLookupResult, fromCache: boolean, charged?: number): Promise<ContactView> {
    const revealed = result.status === 'found' ? await getRevealed(result.preview.id) : undefined;
    const view: ContactView = { key, result, revealed, fromCache };
    if (charged !== undefined) view.charged = charged;
    return view;
  }

  /** One search intent's result: the value it brought, or (joined after a restart) what the store now holds. */
  async function searched(key: string, args: ContactSearchArgs, price: number, options: LookupOptions): Promise<{ result: ContactLookupResult; charged: number }> {
    const settled = await engine.submitOne<ContactSearchArgs, ContactLookupResult>(
      CONTACT_SEARCH,
      { args, price, id: options.intentId },
      { origin: options.origin, priority: options.priority ?? 0, confirmedCredits: options.confirmedCredits, what: 'Looking this person up' },
    );
    const result = settled.value ?? (await getPreview(key, now()))?.result;
    if (!result) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep this preview. Try again.' });
    return { result, charged: settled.intent.charged ?? 0 };
  }

  /** The preview for one person: from the store when fresh, else one search (batched with others, shared). */
  async function lookupContact(lookup: Lookup, options: LookupOptions = { origin: 'auto' }): Promise<ContactView> {
    const { key, cached } = await fromStore(lookup);
    // Bulk lookups (priority 1) are not "looked at"; the person in front of the user is, from the store or not.
    const front = (options.priority ?? 0) === 0;
    if (cached) {
      if (cached.result.status === 'found' && front) void recordView(cached.result.preview, key, now()).catch(() => undefined);
      return viewOf(key, cached.result, true);
    }
    await requireKey();
    const unit = await contactSearchPrice();
    const price = priceFor(1, unit);
    if (options.origin === 'auto' && !(await getSettings()).autoLookup) throw autoLookupOff(price);
    const { result, charged } = await searched(key, { key, lookup, unit }, price, options);
    if (result.status === 'found' && front) void recordView(result.preview, key, now()).catch(() => undefined);
    return viewOf(key, result, false, charged);
  }

  /**
   * Everyone on a list page at once: the store is read for all first, then every miss is reserved together and
   * queued in the same tick, so the engine sends them as one batched search. Each item answers on its own.
   */
  async function lookupContacts(
    lookups: Lookup[],
    options: Omit<LookupOptions, 'intentId' | 'priority'> = { origin: 'auto' },
  ): Promise<({ ok: true; view: ContactView } | { ok: false; error: SidecarErrorData })[]> {
    const prepared = await Promise.all(lookups.map((lookup) => fromStore(lookup).catch((error: unknown) => ({ error }))));
    const misses = prepared.flatMap((item) => ('error' in item || item.cached ? [] : [item]));
    const unit = await contactSearchPrice();
    let settlements: Promise<{ value?: ContactLookupResult; intent: { charged?: number } }>[] = [];
    let refusal: SidecarErrorData | undefined;
    if (misses.length > 0) {
      try {
        await requireKey();
        if (options.origin === 'auto' && !(await getSettings()).autoLookup) throw autoLookupOff(priceFor(misses.length, unit));
        // Reserved together: the engine holds what one call for all of them can cost at most.
        settlements = await engine.submit<ContactSearchArgs, ContactLookupResult>(
          CONTACT_SEARCH,
          misses.map((item) => ({ args: { key: item.key, lookup: item.lookup, unit }, price: priceFor(1, unit) })),
          { origin: options.origin, priority: 1, confirmedCredits: options.confirmedCredits, what: `Looking up ${misses.length} people` },
        );
      } catch (error) {
        refusal = errorDataOf(error, 'Sidecar could not look these people up.');
      }
    }
    const settlementOf = new Map(misses.map((item, index) => [item.key, settlements[index]]));
    return Promise.all(
      prepared.map(async (item) => {
        try {
          if ('error' in item) throw item.error;
          if (item.cached) return { ok: true as const, view: await viewOf(item.key, item.cached.result, true) };
          if (refusal) return { ok: false as const, error: refusal };
          const settled = await settlementOf.get(item.key)!;
          const result = settled.value ?? (await getPreview(item.key, now()))?.result ?? ({ status: 'failed' } as const);
          return { ok: true as const, view: await viewOf(item.key, result, false, settled.intent.charged ?? 0) };
        } catch (error) {
          return { ok: false as const, error: errorDataOf(error, 'Sidecar could not look this person up.') };
        }
      }),
    );
  }

  /** What revealing this field of this person costs, from their preview (or the account's price). */
  async function priceOf(contactId: string, field: RevealField): Promise<number> {
    const preview = (await getPreviewByContactId(contactId))?.result;
    if (preview?.status === 'restricted') {
      throw new SidecarError({ kind: 'gdpr-blocked', message: 'Lusha cannot share this person’s details for compliance reasons.' });
    }
    if (preview?.status === 'found') {
      const offer = preview.preview.canReveal.find((entry) => entry.field === field);
      if (!offer) throw new SidecarError({ kind: 'not-found', message: `Lusha has no ${FIELD_NOUN[field]} for this person, so there is nothing to reveal.` });
      return offer.credits;
    }
    const price = (await lushaUsageItem.get())?.pricing[PRICE_KEY[field]];
    if (!price) throw new SidecarError({ kind: 'validation', message: 'Look this person up again before revealing: Sidecar does not know the price yet.' });
    return price.credits;
  }

  /** Reveals one field of one person: already-paid data comes from the store; otherwise one paid intent. */
  async function revealContact(contactId: string, field: RevealField, confirmedCredits?: number, intentId?: string): Promise<RevealedData> {
    const stored = await getRevealed(contactId);
    if (stored?.revealedAt[field] !== undefined) return stored;
    const price = await priceOf(contactId, field);
    await requireKey();
    await engine.submitOne<ContactRevealArgs, RevealedData>(
      CONTACT_REVEAL,
      { args: { contactId, field }, price, id: intentId },
      { origin: 'click', confirmedCredits, what: `Revealing this ${FIELD_NOUN[field]}` },
    );
    const revealed = await getRevealed(contactId);
    if (!revealed) throw new SidecarError({ kind: 'internal', message: 'Sidecar could not keep what was revealed. Try again.' });
    return revealed;
  }

  return { lookupContact, lookupContacts, revealContact, priceOf };
}

export type ContactsService = ReturnType<typeof createContactsService>;

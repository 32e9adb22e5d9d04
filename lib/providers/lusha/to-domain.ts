/**
 * Raw Lusha V3 shapes (schemas.ts) → Sidecar's domain types (lib/domain). Pure functions, no I/O.
 */
import {
  REVEAL_FIELDS,
  type ContactPreview,
  type RevealField,
  type RevealedData,
} from '../../domain/contact';
import type { AccountUsage, Price, RateWindow } from '../../domain/credits';
import { normalizeDomain } from '../../domain/normalize';
import type {
  LushaAccountUsageResponse,
  LushaContactPreview,
  LushaEnrichedContact,
  LushaItemError,
  LushaRateLimitTier,
} from './schemas';
import type { ContactEnrichOutcome, ContactSearchOutcome, ItemFailure, LushaSearchItem } from './types';

/** `null`, `undefined` and blank strings become undefined; other strings are trimmed. */
function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export { normalizeDomain };

/**
 * `https://www.linkedin.com/in/<slug>` for a LinkedIn profile URL in any common form (no scheme, another
 * subdomain, trailing slash, query); anything else is returned trimmed, unchanged.
 */
export function normalizeLinkedinUrl(value: string | null | undefined): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const match = /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com\/in\/([^/?#]+)/i.exec(raw);
  if (!match?.[1]) return raw;
  let slug = match[1];
  try {
    slug = decodeURIComponent(slug);
  } catch {
    // Keep a malformed escape as sent.
  }
  return `https://www.linkedin.com/in/${slug.toLowerCase()}`;
}

/** "City, State, Country", skipping missing parts; undefined when all are missing. */
export function formatLocation(
  location: { city?: string | null; state?: string | null; country?: string | null } | null | undefined,
): string | undefined {
  if (!location) return undefined;
  const parts = [location.city, location.state, location.country].map(text).filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Per-item error code → outcome status. Lusha's message (or the code) is kept for logs. */
export function itemFailure(error: LushaItemError): ItemFailure {
  const code = text(error.code);
  const message = text(error.message) ?? code;
  const withMessage = (m: string | undefined) => (m ? { message: m } : {});
  if (code === 'NOT_FOUND') return { status: 'not-found', ...withMessage(message) };
  if (code === 'COMPLIANCE_RESTRICTED') return { status: 'restricted', ...withMessage(message) };
  // ENRICH_FAILED, NO_SCORE, anything new: keep the code beside the message for logs.
  return { status: 'failed', ...withMessage(code && message !== code ? `${code}: ${message ?? ''}` : message) };
}

function isRevealField(field: string): field is RevealField {
  return (REVEAL_FIELDS as readonly string[]).includes(field);
}

function fullNameOf(first: string | undefined, last: string | undefined): string | undefined {
  return text([first, last].filter(Boolean).join(' '));
}

/** Identity fields shared by search previews and enriched contacts. */
function previewOf(raw: LushaContactPreview | LushaEnrichedContact, id: string): ContactPreview {
  const firstName = text(raw.firstName);
  const lastName = text(raw.lastName);
  const explicitFullName = 'fullName' in raw && typeof raw.fullName === 'string' ? text(raw.fullName) : undefined;
  const preview: ContactPreview = {
    provider: 'lusha',
    id,
    fullName: explicitFullName ?? fullNameOf(firstName, lastName),
    firstName,
    lastName,
    title: text(raw.jobTitle?.title),
    seniority: text(raw.jobTitle?.seniority),
    departments: (raw.jobTitle?.departments ?? []).map((d) => d.trim()).filter(Boolean),
    companyName: text(raw.company?.name),
    companyDomain: normalizeDomain(raw.company?.domain),
    companyId: text(raw.company?.id),
    industry: text(raw.company?.industry),
    location: formatLocation(raw.location),
    linkedinUrl: normalizeLinkedinUrl(raw.socialLinks?.linkedin),
    has: [],
    canReveal: [],
  };
  return dropUndefined(preview);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A search result → a preview with `has` and `canReveal` (only emails/phones entries are kept). */
export function toContactPreview(raw: LushaContactPreview, id: string): ContactPreview {
  return {
    ...previewOf(raw, id),
    has: (raw.has ?? []).filter((h) => h.trim() !== ''),
    canReveal: (raw.canReveal ?? [])
      .filter((item): item is { field: RevealField; credits: number } => isRevealField(item.field))
      .map((item) => ({ field: item.field, credits: Math.max(0, item.credits) })),
    ...signalTypesOf(raw.signalTypes),
  };
}

/** `{ signalTypes }` when the result carried any. */
function signalTypesOf(types: string[] | null | undefined): { signalTypes?: string[] } {
  const clean = (types ?? []).map((t) => t.trim()).filter(Boolean);
  return clean.length > 0 ? { signalTypes: clean } : {};
}

/** One `results[]` entry of a contact search → an outcome. A result with no id and no error is 'failed'. */
export function toSearchOutcome(raw: LushaContactPreview): ContactSearchOutcome {
  const clientReferenceId = text(raw.clientReferenceId);
  const ref = clientReferenceId ? { clientReferenceId } : {};
  if (raw.error) return { ...ref, ...itemFailure(raw.error) };
  const id = text(raw.id);
  if (!id) return { ...ref, status: 'failed', message: 'result has neither an id nor an error' };
  return { ...ref, status: 'found', preview: toContactPreview(raw, id) };
}

/**
 * The emails/phones of an enriched contact. A field is set when it was requested (an empty list means "revealed,
 * none found") or when Lusha sent it non-empty anyway; an unrequested empty list stays undefined, so it cannot
 * overwrite data cached earlier.
 */
export function toRevealedData(raw: LushaEnrichedContact, id: string, reveal: readonly RevealField[]): RevealedData {
  const revealed: RevealedData = { provider: 'lusha', id, revealedAt: {} };
  const emails = (raw.emails ?? []).flatMap((e) => {
    const email = text(e.email);
    if (!email) return [];
    return [dropUndefined({ email, type: text(e.type), confidence: text(e.confidence), updatedAt: text(e.updateDate) })];
  });
  const phones = (raw.phones ?? []).flatMap((p) => {
    const number = text(p.number);
    if (!number) return [];
    return [dropUndefined({ number, type: text(p.type), doNotCall: p.doNotCall ?? false, updatedAt: text(p.updateDate) })];
  });
  if (reveal.includes('emails') || emails.length > 0) revealed.emails = emails;
  if (reveal.includes('phones') || phones.length > 0) revealed.phones = phones;
  const isEu = raw.location?.isEuContact;
  if (typeof isEu === 'boolean') revealed.isEuContact = isEu;
  return revealed;
}

/**
 * One `results[]` entry of an enrich → an outcome. The id is the result's own, else the requested id at the same
 * position (Lusha answers in request order).
 */
export function toEnrichOutcome(
  raw: LushaEnrichedContact,
  index: number,
  requestedIds: readonly string[],
  reveal: readonly RevealField[],
): ContactEnrichOutcome {
  const id = text(raw.id) ?? requestedIds[index] ?? '';
  if (raw.error) return { id, ...itemFailure(raw.error) };
  if (!id) return { id, status: 'failed', message: 'result has neither an id nor an error' };
  return { id, status: 'revealed', revealed: toRevealedData(raw, id, reveal), preview: previewOf(raw, id) };
}

function toRateWindow(tier: LushaRateLimitTier | null | undefined): RateWindow | undefined {
  if (!tier) return undefined;
  const window = dropUndefined({
    limit: tier.limit ?? undefined,
    used: tier.used ?? undefined,
    remaining: tier.remaining ?? undefined,
    resetsAt: text(tier.resetsAt),
  });
  return Object.keys(window).length > 0 ? window : undefined;
}

/**
 * `GET /v3/account/usage` → AccountUsage. Missing credit numbers: `remaining` is derived from total − used when
 * it can be, otherwise 0. Pricing entries without `credits` are dropped; a missing or non-positive
 * `perQuantity` is read as 1.
 */
export function toAccountUsage(raw: LushaAccountUsageResponse, fetchedAt: number): AccountUsage {
  const { total, used, remaining } = raw.credits;
  const credits = {
    total: total ?? (used != null && remaining != null ? used + remaining : 0),
    used: used ?? (total != null && remaining != null ? Math.max(0, total - remaining) : 0),
    remaining: remaining ?? (total != null && used != null ? Math.max(0, total - used) : 0),
  };
  const rateLimits: AccountUsage['rateLimits'] = {};
  for (const name of ['daily', 'hourly', 'minute'] as const) {
    const window = toRateWindow(raw.rateLimits?.[name]);
    if (window) rateLimits[name] = window;
  }
  const pricing: Record<string, Price> = {};
  for (const [action, entry] of Object.entries(raw.pricing ?? {})) {
    if (entry.credits == null || entry.credits < 0) continue;
    pricing[action] = { credits: entry.credits, perQuantity: entry.perQuantity && entry.perQuantity > 0 ? entry.perQuantity : 1 };
  }
  const usage: AccountUsage = { provider: 'lusha', credits, rateLimits, pricing, fetchedAt };
  const plan = text(raw.plan?.category);
  if (plan) usage.plan = plan;
  if (raw.plan) {
    const details = dropUndefined({
      category: plan,
      renewalType: text(raw.plan.renewalType),
      startDate: text(raw.plan.startDate),
      endDate: raw.plan.endDate === null ? null : text(raw.plan.endDate),
    });
    if (Object.keys(details).length > 0) usage.planDetails = details;
  }
  return usage;
}

const SEARCH_ITEM_KEYS = [
  'clientReferenceId',
  'id',
  'linkedinUrl',
  'email',
  'firstName',
  'lastName',
  'companyName',
  'companyDomain',
] as const;

/** A search item as Lusha's `V3ContactSearchItem`: only its known keys, no undefined values (Lusha 400s on extras). */
export function toSearchItemBody(item: LushaSearchItem): Record<string, string> {
  const body: Record<string, string> = {};
  const source = item as Partial<Record<(typeof SEARCH_ITEM_KEYS)[number], unknown>>;
  for (const key of SEARCH_ITEM_KEYS) {
    const value = source[key];
    if (typeof value === 'string') body[key] = value;
  }
  return body;
}

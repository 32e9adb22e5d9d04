/**
 * Raw Lusha prospecting and buying-group shapes → Sidecar's types. Pure functions.
 */
import type { LushaBuyingGroupCompanyResult, LushaBuyingGroupContact } from './schemas-people';
import { itemFailure, toContactPreview } from './to-domain';
import type { BuyingGroupMember, BuyingGroupOutcome } from './types';

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** One buying-group contact → a member with its roles and score (clamped to 0..1), or a per-item failure. */
export function toBuyingGroupMember(raw: LushaBuyingGroupContact): BuyingGroupMember {
  if (raw.error) return itemFailure(raw.error);
  const id = text(raw.id);
  if (!id) return { status: 'failed', message: 'contact has neither an id nor an error' };
  const member: BuyingGroupMember = {
    status: 'found',
    preview: toContactPreview(raw, id),
    roles: (raw.roles ?? []).map((r) => r.trim()).filter(Boolean),
  };
  if (typeof raw.score === 'number' && Number.isFinite(raw.score)) member.score = Math.min(1, Math.max(0, raw.score));
  return member;
}

/** One company of a buying-group response → an outcome. */
export function toBuyingGroupOutcome(raw: LushaBuyingGroupCompanyResult): BuyingGroupOutcome {
  const ids: { clientReferenceId?: string; companyId?: string } = {};
  const ref = text(raw.clientReferenceId);
  const companyId = text(raw.companyId);
  if (ref) ids.clientReferenceId = ref;
  if (companyId) ids.companyId = companyId;
  if (raw.error) return { ...ids, ...itemFailure(raw.error) };
  return { ...ids, status: 'found', members: (raw.contacts ?? []).map(toBuyingGroupMember) };
}

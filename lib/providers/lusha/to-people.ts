/**
 * Raw Lusha prospecting, buying-group and filter-discovery shapes → Sidecar's types. Pure functions.
 */
import type { LushaBuyingGroupCompanyResult, LushaBuyingGroupContact } from './schemas-people';
import { itemFailure, toContactPreview } from './to-domain';
import type { BuyingGroupMember, BuyingGroupOutcome, FilterOption, FilterTypeInfo } from './types';

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

/** `availableFilters` → filter types; a missing `requiresQuery` reads as false. */
export function toFilterTypes(raw: readonly { filterType: string; requiresQuery?: boolean | null }[]): FilterTypeInfo[] {
  return raw
    .map((entry) => ({ filterType: entry.filterType.trim(), requiresQuery: entry.requiresQuery === true }))
    .filter((entry) => entry.filterType !== '');
}

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

const VALUE_KEYS = ['id', 'value', 'code', 'key'] as const;
const LABEL_KEYS = ['name', 'label', 'displayName', 'value', 'title'] as const;

/** One filter value of any shape → an option; undefined when nothing usable is in it. */
function toFilterOption(raw: unknown): FilterOption | undefined {
  if (typeof raw === 'string') return raw.trim() === '' ? undefined : { value: raw, label: raw };
  if (typeof raw === 'number' && Number.isFinite(raw)) return { value: raw, label: String(raw) };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  const pick = (keys: readonly string[]) => keys.find((k) => typeof record[k] === 'string' || typeof record[k] === 'number');
  const valueKey = pick(VALUE_KEYS);
  const labelKey = pick(LABEL_KEYS);
  const scalars = Object.entries(record).filter((entry): entry is [string, Scalar] => isScalar(entry[1]));
  // No id/name: a composite value such as a location {country, state}; its label lists the parts, broadest last.
  const composite = scalars
    .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
    .map(([, v]) => String(v))
    .reverse()
    .join(', ');
  const label = labelKey !== undefined ? String(record[labelKey]) : valueKey !== undefined ? String(record[valueKey]) : composite;
  if (label === '') return undefined;
  const value = valueKey !== undefined ? (record[valueKey] as string | number) : label;
  const details = Object.fromEntries(scalars.filter(([k]) => k !== valueKey && k !== labelKey));
  return Object.keys(details).length > 0 ? { value, label, details } : { value, label };
}

/**
 * `values` of a filter-values response → options. The spec leaves the shape open ("depends on filter type"):
 * a list of strings, numbers or objects (`{id, name}`, `{country, state}`, …); an object of lists is flattened.
 */
export function toFilterOptions(values: unknown): FilterOption[] {
  const list = Array.isArray(values)
    ? values
    : typeof values === 'object' && values !== null
      ? Object.values(values).flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]))
      : [];
  return list.flatMap((item) => {
    const option = toFilterOption(item);
    return option ? [option] : [];
  });
}

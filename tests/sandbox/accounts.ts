/** The sandbox's Lusha API keys and the accounts behind them. All keys are fictional, UUID-shaped constants. */

/** API keys the fake Lusha knows. */
export const SANDBOX_KEYS = {
  /** Professional plan, 1000 credits, Premium-like quotas. */
  valid: '11111111-1111-4111-8111-111111111111',
  /** Same plan with only 2 credits: a phone reveal answers 402. */
  lowCredits: '22222222-2222-4222-8222-222222222222',
  /** Every call answers 403 "V3 API access is not enabled for your account". */
  v3Disabled: '33333333-3333-4333-8333-333333333333',
  /** Every call answers 403 "Your account is not active…". */
  inactive: '44444444-4444-4444-8444-444444444444',
} as const;

/** Name of a sandbox key ("valid", "lowCredits", …). */
export type SandboxKeyName = keyof typeof SANDBOX_KEYS;

/** Price of one action: `credits` per `perQuantity` units. */
export interface PricingEntry {
  credits: number;
  perQuantity: number;
}

/**
 * What each billable action costs (the `pricing` block of `GET /v3/account/usage`). Key names follow the spec's
 * billing notes and docs/providers.md §1.6; `revealCompanyField` (one company `reveal` extra) is the sandbox's own
 * name, since no source names that key.
 */
export const PRICING = {
  contactSearch: { credits: 1, perQuantity: 25 },
  companySearch: { credits: 1, perQuantity: 25 },
  revealEmail: { credits: 1, perQuantity: 1 },
  revealPhone: { credits: 5, perQuantity: 1 },
  revealCompany: { credits: 1, perQuantity: 1 },
  revealCompanyField: { credits: 1, perQuantity: 1 },
  showSignalsContact: { credits: 1, perQuantity: 1 },
  showSignalsCompany: { credits: 1, perQuantity: 1 },
  buyingGroupContact: { credits: 1, perQuantity: 1 },
} as const satisfies Record<string, PricingEntry>;

/** A pricing key. */
export type PricingKey = keyof typeof PRICING;

/** Request quotas. `perSecond` is a sliding 1 s window; the others are calendar windows (UTC). */
export interface RateLimitConfig {
  perSecond: number;
  minute: number;
  hourly: number;
  daily: number;
}

/** Lusha's Premium plan quotas, plus the documented 25 requests/second. */
export const PREMIUM_LIMITS: RateLimitConfig = { perSecond: 25, minute: 300, hourly: 1800, daily: 18000 };

/** `GET /v3/account/usage` allows this many calls per minute. */
export const USAGE_ENDPOINT_LIMIT_PER_MINUTE = 5;

/** Static description of one sandbox account. */
export interface AccountConfig {
  keyName: SandboxKeyName;
  key: string;
  plan: { category: string; renewalType: string; startDate: string; endDate: string | null };
  creditsTotal: number;
  limits: RateLimitConfig;
  v3Enabled: boolean;
  active: boolean;
}

const PROFESSIONAL_PLAN = {
  category: 'professional',
  renewalType: 'annual',
  startDate: '2026-01-01T00:00:00.000Z',
  endDate: '2027-01-01T00:00:00.000Z',
} as const;

/** Overrides `POST /__sandbox/reset` may apply to the `valid` account. */
export interface AccountOverrides {
  credits?: number;
  minuteLimit?: number;
  hourlyLimit?: number;
  dailyLimit?: number;
}

/** The four sandbox accounts, fresh. `overrides` adjust the `valid` account only. */
export function createAccountConfigs(overrides: AccountOverrides = {}): Record<SandboxKeyName, AccountConfig> {
  const base = (keyName: SandboxKeyName, creditsTotal: number): AccountConfig => ({
    keyName,
    key: SANDBOX_KEYS[keyName],
    plan: { ...PROFESSIONAL_PLAN },
    creditsTotal,
    limits: { ...PREMIUM_LIMITS },
    v3Enabled: true,
    active: true,
  });
  const valid = base('valid', overrides.credits ?? 1000);
  valid.limits = {
    ...PREMIUM_LIMITS,
    minute: overrides.minuteLimit ?? PREMIUM_LIMITS.minute,
    hourly: overrides.hourlyLimit ?? PREMIUM_LIMITS.hourly,
    daily: overrides.dailyLimit ?? PREMIUM_LIMITS.daily,
  };
  return {
    valid,
    lowCredits: base('lowCredits', 2),
    v3Disabled: { ...base('v3Disabled', 1000), v3Enabled: false },
    inactive: { ...base('inactive', 1000), active: false },
  };
}

/** The key name for an API key, if it is one of ours. */
export function keyNameOf(apiKey: string): SandboxKeyName | undefined {
  const lower = apiKey.toLowerCase();
  return (Object.keys(SANDBOX_KEYS) as SandboxKeyName[]).find((name) => SANDBOX_KEYS[name] === lower);
}

// ---------------------------------------------------------------------------------------------------------------
// Saber

/**
 * API keys the fake Saber knows, sent as `Authorization: Bearer <key>`. Shaped like live keys (`sk_live_` + 43
 * characters) but with the `sk_test_` prefix, so they can never be mistaken for real ones.
 */
export const SABER_KEYS = {
  /** 500 credits, Sales Navigator connected. */
  valid: 'sk_test_SidecarSandboxValid000000000000000000000000',
  /** 0 credits: every signal answers 402; reads, search, find-email and research still work. */
  noCredits: 'sk_test_SidecarSandboxNoCredits00000000000000000000',
  /** 500 credits, no Sales Navigator connection: contact search answers `salesNavConnected: false`. */
  salesNavDisconnected: 'sk_test_SidecarSandboxSalesNavOff000000000000000000',
} as const;

/** Name of a Saber sandbox key. */
export type SaberKeyName = keyof typeof SABER_KEYS;

/** Saber's default limits (docs/providers.md §2.4): token buckets per key, refilled per minute, capped at the burst. */
export interface SaberRateLimits {
  writePerMinute: number;
  writeBurst: number;
  readPerMinute: number;
  readBurst: number;
}

export const SABER_DEFAULT_LIMITS: SaberRateLimits = { writePerMinute: 2000, writeBurst: 400, readPerMinute: 100_000, readBurst: 10_000 };

/** Static description of one Saber sandbox account. */
export interface SaberAccountConfig {
  keyName: SaberKeyName;
  key: string;
  creditsTotal: number;
  salesNavConnected: boolean;
  limits: SaberRateLimits;
}

/** The three Saber accounts, fresh. `credits` and `limits` override the defaults per account / for all. */
export function createSaberAccountConfigs(
  overrides: { credits?: Partial<Record<SaberKeyName, number>>; limits?: Partial<SaberRateLimits> } = {},
): Record<SaberKeyName, SaberAccountConfig> {
  const base = (keyName: SaberKeyName, creditsTotal: number, salesNavConnected: boolean): SaberAccountConfig => ({
    keyName,
    key: SABER_KEYS[keyName],
    creditsTotal: overrides.credits?.[keyName] ?? creditsTotal,
    salesNavConnected,
    limits: { ...SABER_DEFAULT_LIMITS, ...overrides.limits },
  });
  return {
    valid: base('valid', 500, true),
    noCredits: base('noCredits', 0, true),
    salesNavDisconnected: base('salesNavDisconnected', 500, false),
  };
}

/** The Saber key name for an API key, if it is one of ours (exact match: Saber keys are case-sensitive). */
export function saberKeyNameOf(apiKey: string): SaberKeyName | undefined {
  return (Object.keys(SABER_KEYS) as SaberKeyName[]).find((name) => SABER_KEYS[name] === apiKey);
}

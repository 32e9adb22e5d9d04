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

/** What each billable action costs (the `pricing` block of `GET /v3/account/usage`). */
export const PRICING = {
  contactSearch: { credits: 1, perQuantity: 25 },
  revealEmail: { credits: 1, perQuantity: 1 },
  revealPhone: { credits: 5, perQuantity: 1 },
} as const satisfies Record<string, PricingEntry>;

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

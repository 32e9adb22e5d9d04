/**
 * What an organisation sets for its reps through browser policy (Chrome/Edge `storage.managed`, Firefox
 * `policies.json` "3rdparty"), and how it combines with the rep's own settings: managed > rep's own > default. A
 * setting the policy names in `repMayChange` is the organisation's starting value instead: the rep's own choice wins.
 * The policy's keys are always the organisation's: a rep's own key is ignored while the policy sets one.
 *
 * `managedPolicySchema` mirrors `public/managed_schema.json` (the schema the browser validates the policy against; a
 * unit test keeps the two in step). Leaf module: imports only zod and the settings' bounds.
 */
import { z } from 'zod';
import { SETTING_BOUNDS, type NumericSetting, type Settings } from './settings';

/** The features an organisation can switch off. */
export const FEATURES = ['signals', 'ask-saber', 'bulk', 'crm-write', 'export'] as const;
export const featureSchema = z.enum(FEATURES);
export type Feature = z.infer<typeof featureSchema>;

/** Each feature's name in the policy (JSON keys are camelCase, as admins type them). */
export const FEATURE_POLICY_NAME = {
  signals: 'signals',
  'ask-saber': 'askSaber',
  bulk: 'bulk',
  'crm-write': 'crmWrite',
  export: 'export',
} as const satisfies Record<Feature, string>;

/** How the pages name each feature when they say it is off. */
export const FEATURE_LABEL: Record<Feature, string> = {
  signals: 'Signals',
  'ask-saber': 'Ask Saber',
  bulk: 'Bulk reveals',
  'crm-write': 'Writing to your CRM',
  export: 'Exporting contacts',
};

/** The settings an organisation may set, by the names the policy and the rep's settings share. */
export const POLICY_SETTINGS = ['dailyCreditCap', 'autoConfirmUnder', 'autoLookup', 'watchBudget', 'retentionDays'] as const;
export const policySettingSchema = z.enum(POLICY_SETTINGS);
export type PolicySetting = z.infer<typeof policySettingSchema>;

/** How the pages name each setting when they say who set it. */
export const POLICY_SETTING_LABEL: Record<PolicySetting, string> = {
  dailyCreditCap: 'the daily credit cap',
  autoConfirmUnder: 'when Sidecar asks before spending',
  autoLookup: 'automatic lookups',
  watchBudget: 'the watch budget',
  retentionDays: 'how long data is kept',
};

function bounded(name: NumericSetting) {
  const { min, max } = SETTING_BOUNDS[name];
  return z.number().int().min(min).max(max);
}

const apiKey = z.string().trim().min(1).max(500);

/** Every field of the policy, each validated on its own (a bad field is dropped, the rest still applies). */
const POLICY_FIELDS = {
  lushaApiKey: apiKey,
  saberApiKey: apiKey,
  dailyCreditCap: bounded('dailyCreditCap'),
  autoConfirmUnder: bounded('autoConfirmUnder'),
  autoLookup: z.boolean(),
  watchBudget: bounded('watchBudget'),
  retentionDays: bounded('retentionDays'),
  features: z
    .object({
      signals: z.boolean(),
      askSaber: z.boolean(),
      bulk: z.boolean(),
      crmWrite: z.boolean(),
      export: z.boolean(),
    })
    .partial(),
  repMayChange: z.array(policySettingSchema).max(POLICY_SETTINGS.length),
  /** Names this rep's machine in ledger exports, so an admin can add up every rep's spend. */
  machineLabel: z.string().trim().min(1).max(100),
} as const;

export const managedPolicySchema = z.object(POLICY_FIELDS).partial();
export type ManagedPolicy = z.infer<typeof managedPolicySchema>;
export type PolicyField = keyof typeof POLICY_FIELDS;
export const POLICY_FIELD_NAMES = Object.keys(POLICY_FIELDS) as PolicyField[];

export interface ParsedPolicy {
  policy: ManagedPolicy;
  /** Fields present in the policy that Sidecar could not use (wrong type, out of bounds, unknown), by name. */
  invalid: string[];
}

/**
 * Reads what the browser handed over as the managed area. Each field stands alone: an out-of-bounds cap is dropped
 * (and named in `invalid`) while the key and the other fields still apply. A feature flag that is not a boolean is
 * dropped on its own too.
 */
export function parseManagedPolicy(raw: unknown): ParsedPolicy {
  const policy: Record<string, unknown> = {};
  const invalid: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { policy: {}, invalid: [] };
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    if (!Object.hasOwn(POLICY_FIELDS, name)) {
      invalid.push(name);
      continue;
    }
    if (name === 'features') {
      const features: Record<string, boolean> = {};
      if (typeof value !== 'object' || Array.isArray(value)) {
        invalid.push('features');
        continue;
      }
      for (const [feature, on] of Object.entries(value as Record<string, unknown>)) {
        if (typeof on === 'boolean' && Object.values(FEATURE_POLICY_NAME).includes(feature as never)) features[feature] = on;
        else invalid.push(`features.${feature}`);
      }
      policy.features = features;
      continue;
    }
    const parsed = POLICY_FIELDS[name as PolicyField].safeParse(value);
    if (parsed.success) policy[name] = parsed.data;
    else invalid.push(name);
  }
  return { policy: policy as ManagedPolicy, invalid };
}

/** Whether the organisation left a feature on (a feature the policy does not name is on). */
export function featureOn(policy: ManagedPolicy, feature: Feature): boolean {
  return policy.features?.[FEATURE_POLICY_NAME[feature]] !== false;
}

/** Settings the policy sets that the rep may not change. */
export function lockedSettings(policy: ManagedPolicy): PolicySetting[] {
  const free = new Set(policy.repMayChange ?? []);
  return POLICY_SETTINGS.filter((name) => policy[name] !== undefined && !free.has(name));
}

/** Settings the policy sets as a starting value that the rep may change. */
export function organisationDefaults(policy: ManagedPolicy): PolicySetting[] {
  const free = new Set(policy.repMayChange ?? []);
  return POLICY_SETTINGS.filter((name) => policy[name] !== undefined && free.has(name));
}

/**
 * The settings in force. For each setting the policy names: locked → the policy's value; in `repMayChange` → the rep's
 * own value if the rep chose one (`chosen`), else the policy's. Everything else is the rep's own (or its default).
 */
export function effectiveSettings(own: Settings, chosen: ReadonlySet<string>, policy: ManagedPolicy): Settings {
  const free = new Set(policy.repMayChange ?? []);
  const effective: Settings = { ...own };
  for (const name of POLICY_SETTINGS) {
    const managed = policy[name];
    if (managed === undefined) continue;
    if (free.has(name) && chosen.has(name)) continue;
    (effective as Record<PolicySetting, unknown>)[name] = managed;
  }
  return effective;
}

/** Whether the browser handed over any policy at all (the pages then say the organisation set Sidecar up). */
export function isManaged(parsed: ParsedPolicy): boolean {
  return Object.keys(parsed.policy).length > 0 || parsed.invalid.length > 0;
}

/** What the extension pages see of the policy: never a key, only whether the organisation set one. */
export const policyViewSchema = z.object({
  managed: z.boolean(),
  /** Settings the organisation set and the rep may not change. */
  locked: z.array(policySettingSchema),
  /** Settings the organisation set as a starting value the rep may change. */
  organisationDefaults: z.array(policySettingSchema),
  features: z.object(Object.fromEntries(FEATURES.map((feature) => [feature, z.boolean()])) as Record<Feature, z.ZodBoolean>),
  /** Which keys the organisation set (used, never shown). */
  keys: z.object({ lusha: z.boolean(), saber: z.boolean() }),
  machineLabel: z.string().optional(),
  /** Policy fields Sidecar ignored because their value was not usable. */
  invalid: z.array(z.string()),
});
export type PolicyView = z.infer<typeof policyViewSchema>;

/** The pages' view of a parsed policy. */
export function policyView(parsed: ParsedPolicy): PolicyView {
  const { policy } = parsed;
  return {
    managed: isManaged(parsed),
    locked: lockedSettings(policy),
    organisationDefaults: organisationDefaults(policy),
    features: Object.fromEntries(FEATURES.map((feature) => [feature, featureOn(policy, feature)])) as Record<Feature, boolean>,
    keys: { lusha: policy.lushaApiKey !== undefined, saber: policy.saberApiKey !== undefined },
    ...(policy.machineLabel ? { machineLabel: policy.machineLabel } : {}),
    invalid: parsed.invalid,
  };
}

/** The view when no policy is set (also what pages assume before the background answers). */
export const UNMANAGED_POLICY_VIEW: PolicyView = policyView({ policy: {}, invalid: [] });

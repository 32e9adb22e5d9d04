/**
 * The managed schema the browser validates a policy against (public/managed_schema.json) and the one Sidecar parses
 * it with (managedPolicySchema) must say the same thing; the README's copy-paste policies must pass both.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { FEATURE_POLICY_NAME, parseManagedPolicy, POLICY_FIELD_NAMES, POLICY_SETTINGS } from './policy';
import { SETTING_BOUNDS } from './settings';
import { SIDECAR_EXTENSION_ID, SIDECAR_GECKO_ID } from '../extension-key';

interface JsonSchema {
  type: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  sensitiveValue?: boolean;
}

const managedSchema = JSON.parse(fs.readFileSync(path.resolve('public/managed_schema.json'), 'utf8')) as JsonSchema;
const properties = managedSchema.properties!;

/** The JSON blocks of the README's section for admins, each with the policy for Sidecar found inside it. */
function readmePolicies(): { label: string; policy: unknown }[] {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## For admins'));
  const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);
  return blocks.map((block, index) => {
    const chrome = (block['3rdparty'] as { extensions?: Record<string, unknown> } | undefined)?.extensions?.[SIDECAR_EXTENSION_ID];
    const firefox = ((block.policies as Record<string, unknown> | undefined)?.['3rdparty'] as { Extensions?: Record<string, unknown> } | undefined)?.Extensions?.[SIDECAR_GECKO_ID];
    // The Google Admin console takes each policy as { "Value": … }.
    const adminConsole = Object.values(block).every((value) => typeof value === 'object' && value !== null && 'Value' in value)
      ? Object.fromEntries(Object.entries(block).map(([name, value]) => [name, (value as { Value: unknown }).Value]))
      : undefined;
    return { label: `README block ${index + 1}`, policy: chrome ?? firefox ?? adminConsole };
  });
}

describe('the managed schema', () => {
  it('declares exactly the fields Sidecar reads, keys marked sensitive', () => {
    expect(managedSchema.type).toBe('object');
    expect(Object.keys(properties).sort()).toEqual([...POLICY_FIELD_NAMES].sort());
    expect(properties.lushaApiKey).toMatchObject({ type: 'string', sensitiveValue: true });
    expect(properties.saberApiKey).toMatchObject({ type: 'string', sensitiveValue: true });
    expect(properties.machineLabel!.type).toBe('string');
  });

  it('bounds each number as the settings are bounded', () => {
    for (const name of ['dailyCreditCap', 'autoConfirmUnder', 'watchBudget', 'retentionDays'] as const) {
      expect(properties[name], name).toMatchObject({ type: 'integer', minimum: SETTING_BOUNDS[name].min, maximum: SETTING_BOUNDS[name].max });
    }
    expect(properties.autoLookup!.type).toBe('boolean');
  });

  it('names the same features and the same settings a rep may change', () => {
    expect(Object.keys(properties.features!.properties!).sort()).toEqual(Object.values(FEATURE_POLICY_NAME).sort());
    expect(Object.values(properties.features!.properties!).every((feature) => feature.type === 'boolean')).toBe(true);
    expect(properties.repMayChange!.items!.enum).toEqual([...POLICY_SETTINGS]);
  });

  it('accepts the README’s policies, which Sidecar then reads whole', () => {
    const validate = new Ajv({ strict: false }).compile(managedSchema);
    const policies = readmePolicies();
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const { label, policy } of policies) {
      expect(policy, `${label} holds no policy for Sidecar's id`).toBeDefined();
      expect(validate(policy), `${label}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(parseManagedPolicy(policy).invalid, label).toEqual([]);
    }
  });
});

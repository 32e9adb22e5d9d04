/**
 * The settings in force: the organisation's policy (`storage.managed`) over the rep's own settings (in the extension's
 * IndexedDB, read once, then kept by the `kv` item) over the defaults. Every reader (the engine's budget under its
 * lock, lookups, TTLs) asks `getSettings`, so a policy change applies at the next read. The rep changes their own
 * settings by patches; a setting the organisation locked is refused.
 */
import { z } from 'zod';
import { SidecarError } from '../domain/errors';
import { effectiveSettings, lockedSettings, POLICY_SETTING_LABEL, type ParsedPolicy } from '../domain/policy';
import { settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../domain/settings';
import { defineKvItem, settingsItem } from './kv';
import { readManagedPolicy } from './managed-policy';

/** The settings the rep chose themselves (a policy's starting value gives way only to these). */
const chosenSettingsItem = defineKvItem('settingsChosen', z.array(z.string()).optional(), (): string[] | undefined => undefined);

const DEFAULT_SETTINGS = settingsSchema.parse({});

/**
 * What the rep chose. Settings saved before this was recorded (an earlier version) have no record: every setting that
 * differs from its default was the rep's choice then, and stays theirs over an organisation's starting value.
 */
async function chosenSettings(own: Settings): Promise<Set<string>> {
  const recorded = await chosenSettingsItem.get();
  if (recorded) return new Set(recorded);
  return new Set((Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]).filter((name) => own[name] !== DEFAULT_SETTINGS[name]));
}

/** The rep's own settings (defaults where they chose nothing), without the policy. */
export function getOwnSettings(): Promise<Settings> {
  return settingsItem.get();
}

/** The settings in force under a policy already read. */
export async function settingsUnder(parsed: ParsedPolicy): Promise<Settings> {
  const own = await settingsItem.get();
  return effectiveSettings(own, await chosenSettings(own), parsed.policy);
}

/** The settings in force: managed > the rep's own > default. */
export async function getSettings(): Promise<Settings> {
  return settingsUnder(await readManagedPolicy());
}

/**
 * Applies the rep's patch: only the settings it names change; every other keeps its value. A setting the organisation
 * locked is refused as a whole patch (nothing changes), with the reason. Returns the settings in force.
 */
export async function saveSettings(patch: SettingsPatch): Promise<Settings> {
  const changes = settingsPatchSchema.parse(patch);
  const parsed = await readManagedPolicy();
  const locked = lockedSettings(parsed.policy).filter((name) => Object.hasOwn(changes, name));
  if (locked.length > 0) {
    throw new SidecarError({
      kind: 'policy',
      message: `Set by your organisation: ${locked.map((name) => POLICY_SETTING_LABEL[name]).join(', ')} cannot be changed here.`,
      detail: `locked: ${locked.join(', ')}`,
    });
  }
  const own = await getOwnSettings();
  const chosen = await chosenSettings(own);
  const next = settingsSchema.parse({ ...own, ...changes });
  await settingsItem.set(next);
  for (const name of Object.keys(changes)) chosen.add(name);
  await chosenSettingsItem.set([...chosen]);
  return settingsUnder(parsed);
}

/** The user's settings, in the extension's IndexedDB (read once, then kept by the `kv` item), changed by patches. */
import { settingsPatchSchema, settingsSchema, type Settings, type SettingsPatch } from '../domain/settings';
import { settingsItem } from './kv';

export function getSettings(): Promise<Settings> {
  return settingsItem.get();
}

/** Applies a patch: only the settings it names change; every other setting keeps its value. */
export async function saveSettings(patch: SettingsPatch): Promise<Settings> {
  const changes = settingsPatchSchema.parse(patch);
  const next = settingsSchema.parse({ ...(await getSettings()), ...changes });
  await settingsItem.set(next);
  return next;
}

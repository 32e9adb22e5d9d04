/**
 * The user's settings: their bounds and defaults, defined once. The background validates and stores them; the
 * options page reads the same bounds for its inputs. Leaf module: imports only zod.
 */
import { z } from 'zod';

/** Every numeric setting's bounds and default. */
export const SETTING_BOUNDS = {
  /** Spends of this many credits or more at once are asked first (0 and 1 both mean: ask before every spend). */
  autoConfirmUnder: { min: 0, max: 1000, default: 0 },
  /** Sidecar never spends more than this many Lusha credits in one local day. */
  dailyCreditCap: { min: 0, max: 1_000_000, default: 100 },
  /** How long a preview is served from the store before it is looked up again. */
  previewTtlDays: { min: 1, max: 90, default: 7 },
  /** How long fetched signals are served from the store. */
  signalsTtlHours: { min: 1, max: 24 * 30, default: 24 },
  /** Where the signals timeline starts by default (Lusha's own default window is six months). */
  signalsLookbackMonths: { min: 1, max: 24, default: 6 },
  /**
   * What watching (the daily check of watched people and companies) may spend in one local day, in credits of either
   * provider counted together. Kept small by default: a check that would pass it stops, the rest waits a day.
   */
  watchBudget: { min: 0, max: 10_000, default: 20 },
  /** Looked-up data (previews, revealed data, companies, signals, history, answers) older than this is dropped; 0 keeps it. */
  retentionDays: { min: 0, max: 3650, default: 0 },
} as const;

/** Where a missing email is looked for: Lusha only, Lusha then Saber, Saber then Lusha, or Saber only. */
export const EMAIL_WATERFALLS = ['lusha', 'lusha-then-saber', 'saber-then-lusha', 'saber'] as const;
export const emailWaterfallSchema = z.enum(EMAIL_WATERFALLS);
export type EmailWaterfall = z.infer<typeof emailWaterfallSchema>;

export type NumericSetting = keyof typeof SETTING_BOUNDS;

function bounded(name: NumericSetting) {
  const { min, max } = SETTING_BOUNDS[name];
  return z.number().int().min(min).max(max);
}

/** A change to some settings: only what is given changes (no defaults fill the rest). */
export const settingsPatchSchema = z
  .object({
    autoConfirmUnder: bounded('autoConfirmUnder'),
    dailyCreditCap: bounded('dailyCreditCap'),
    previewTtlDays: bounded('previewTtlDays'),
    signalsTtlHours: bounded('signalsTtlHours'),
    signalsLookbackMonths: bounded('signalsLookbackMonths'),
    watchBudget: bounded('watchBudget'),
    retentionDays: bounded('retentionDays'),
    emailWaterfall: emailWaterfallSchema,
    /** Look people and companies up (a search, priced from the account) as soon as their page opens. */
    autoLookup: z.boolean(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** All settings, each with its default. */
export const settingsSchema = z.object({
  autoConfirmUnder: bounded('autoConfirmUnder').default(SETTING_BOUNDS.autoConfirmUnder.default),
  dailyCreditCap: bounded('dailyCreditCap').default(SETTING_BOUNDS.dailyCreditCap.default),
  previewTtlDays: bounded('previewTtlDays').default(SETTING_BOUNDS.previewTtlDays.default),
  signalsTtlHours: bounded('signalsTtlHours').default(SETTING_BOUNDS.signalsTtlHours.default),
  signalsLookbackMonths: bounded('signalsLookbackMonths').default(SETTING_BOUNDS.signalsLookbackMonths.default),
  watchBudget: bounded('watchBudget').default(SETTING_BOUNDS.watchBudget.default),
  retentionDays: bounded('retentionDays').default(SETTING_BOUNDS.retentionDays.default),
  autoLookup: z.boolean().default(true),
  emailWaterfall: emailWaterfallSchema.default('lusha-then-saber'),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Keeps a number inside a setting's bounds (what an input may hold). */
export function clampSetting(name: NumericSetting, value: number): number {
  const { min, max } = SETTING_BOUNDS[name];
  return Math.min(max, Math.max(min, Math.round(Number.isFinite(value) ? value : min)));
}

/** Whether spending `cost` at once needs the user's confirmation under these settings. */
export function needsConfirmation(cost: number, settings: Pick<Settings, 'autoConfirmUnder'>): boolean {
  return cost > 0 && cost >= settings.autoConfirmUnder;
}

/**
 * What follows when the organisation's policy changes (or the worker starts under a policy it has not seen): a key set,
 * replaced or withdrawn by the admin is a new account in force, so the last usage reading and the reconciliation
 * baseline of the old one go, a new baseline is read (free) while nothing is in flight, and a provider paused for the
 * old key (bad key, out of credits) is resumed: the admin acted. Open pages are told, and the retention sweep runs
 * with the days now in force. The settings themselves need nothing here: every reader asks the policy afresh.
 */
import { z } from 'zod';
import type { Engine } from '../../engine/engine';
import type { ProviderName } from '../../messaging/protocol';
import { defineKvItem, lushaUsageItem, type KvItem } from '../../store/kv';
import { forgetReadOnItsWay } from '../../store/managed-policy';
import { getManagedApiKey } from '../../store/secrets';
import { clearBaseline } from '../credits/reconcile';

export interface PolicyChangesDeps {
  engine: Engine;
  /** Drops what the Saber service cached for the old key. */
  forgetSaberKey(): void;
  /** Reads Lusha's usage with the key in force (sets a baseline when there is none and nothing is open). */
  readLushaUsage(): Promise<unknown>;
  /** Runs the daily sweep (retention days may have changed). */
  sweep(): Promise<void>;
  /** Tells open pages (`keys`: a key in force changed too). */
  notify(changes: { keys: boolean }): void;
}

/** A short fingerprint of the managed key last seen per provider (the key itself is not copied anywhere). */
const seenItems: Record<ProviderName, KvItem<string | undefined>> = {
  lusha: defineKvItem('managedKeySeen:lusha', z.string().optional(), () => undefined),
  saber: defineKvItem('managedKeySeen:saber', z.string().optional(), () => undefined),
};

const NO_KEY = 'none';

async function fingerprint(key: string | undefined): Promise<string> {
  if (!key) return NO_KEY;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest).slice(0, 12)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createPolicyChanges(deps: PolicyChangesDeps) {
  /** Whether the organisation's key for this provider changed since last seen (and notes the new one). */
  async function keyChanged(provider: ProviderName): Promise<boolean> {
    const now = await fingerprint(await getManagedApiKey(provider));
    const seen = await seenItems[provider].get();
    if (seen === now) return false;
    await seenItems[provider].set(now);
    return !(seen === undefined && now === NO_KEY);
  }

  async function onKeyChanged(provider: ProviderName): Promise<void> {
    if (provider === 'lusha') {
      await lushaUsageItem.remove();
      await clearBaseline();
    } else {
      deps.forgetSaberKey();
    }
    await deps.engine.resume(provider);
    if (provider === 'lusha') await deps.readLushaUsage().catch(() => undefined);
  }

  let running: Promise<void> = Promise.resolve();
  /** Brings the background in line with the policy now in force; runs one at a time. */
  function sync(options: { changed: boolean }): Promise<void> {
    running = running.catch(() => undefined).then(async () => {
      const changed = [] as ProviderName[];
      for (const provider of ['lusha', 'saber'] as const) if (await keyChanged(provider)) changed.push(provider);
      for (const provider of changed) await onKeyChanged(provider).catch(() => undefined);
      if (options.changed || changed.length > 0) {
        deps.notify({ keys: changed.length > 0 });
        await deps.sweep().catch(() => undefined);
      }
    });
    return running.catch(() => undefined);
  }

  return {
    /** At the worker's start: a policy may have changed while it was stopped (or the browser closed). */
    start: () => sync({ changed: false }),
    /** The browser reported a change to the managed area (read afresh: a read on its way may predate it). */
    changed: () => {
      forgetReadOnItsWay();
      return sync({ changed: true });
    },
  };
}

export type PolicyChanges = ReturnType<typeof createPolicyChanges>;

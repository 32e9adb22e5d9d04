/**
 * The provider keys: checked with a free call before they are stored (Lusha's account usage, Saber's balance),
 * stored in the background's IndexedDB only, and never sent to a page. Saving a key, or resuming after a pause, is
 * the user acting: new clicks may be sent again. Nothing refused earlier is sent again.
 */
import { SidecarError } from '../../domain/errors';
import type { Engine } from '../../engine/engine';
import type { KeyStatus, ProviderName } from '../../messaging/protocol';
import type { LushaClient } from '../../providers/lusha';
import type { SaberClient } from '../../providers/saber';
import { lushaReconciliationItem, lushaUsageItem } from '../../store/kv';
import { clearSaberQuestions } from '../../store/saber-questions';
import { getApiKey, getManagedApiKey, getOwnApiKey, keyHint, keyStatusOf, removeApiKey, setApiKey } from '../../store/secrets';
import { contactSearchPrice } from '../contacts/contacts';
import { priceFor } from '../contacts/operations';
import type { CreditsService } from '../credits/credits';
import { clearBaseline, setBaseline } from '../credits/reconcile';
import type { SaberService } from '../saber/saber';

export interface KeysDeps {
  engine: Engine;
  credits: CreditsService;
  saber: SaberService;
  createLushaClient(apiKey: string): LushaClient;
  createSaberClient(apiKey: string): SaberClient;
  now(): number;
}

export async function keyStatus(provider: ProviderName): Promise<KeyStatus> {
  return keyStatusOf(await getApiKey(provider));
}

const PROVIDER_LABEL: Record<ProviderName, string> = { lusha: 'Lusha', saber: 'Saber' };

/** While the organisation's policy sets a provider's key, the rep's own can neither replace nor remove it. */
async function refuseIfManaged(provider: ProviderName, action: 'save' | 'remove'): Promise<void> {
  if (!(await getManagedApiKey(provider))) return;
  throw new SidecarError({
    kind: 'policy',
    message:
      action === 'save'
        ? `Your organisation set Sidecar’s ${PROVIDER_LABEL[provider]} key: a key of your own would be ignored.`
        : `Your organisation set Sidecar’s ${PROVIDER_LABEL[provider]} key: it cannot be removed here. Ask your admin.`,
  });
}

export function createKeysService(deps: KeysDeps) {
  const { engine, now } = deps;

  /** Checks a Lusha key by reading the account's usage (free); a key that fails is not stored. */
  async function saveLushaKey(rawKey: string) {
    await refuseIfManaged('lusha', 'save');
    const key = rawKey.trim();
    if (!key) throw new SidecarError({ kind: 'bad-key', message: 'Paste your Lusha API key first.' });
    const usage = await deps.credits.readUsage(deps.createLushaClient(key));
    const previous = await getOwnApiKey('lusha');
    const record = await setApiKey('lusha', key, now());
    // The same key saved again is the same account: Lusha's count goes on from the baseline it had. A new baseline
    // would take in the charges of lost answers not yet found out, which would then never be booked.
    if (previous?.key !== key || !(await lushaReconciliationItem.get())) await setBaseline(usage.credits.used, now());
    await engine.resume('lusha');
    return {
      key: { configured: true, hint: keyHint(key), savedAt: record.savedAt },
      usage,
      // What one automatic lookup costs at most, shown beside the setting when the key is saved.
      lookupCredits: priceFor(1, await contactSearchPrice()),
    };
  }

  /** Checks a Saber key by reading its balance (free); stored only if Saber accepts it. */
  async function saveSaberKey(rawKey: string) {
    await refuseIfManaged('saber', 'save');
    const key = rawKey.trim();
    if (!/^sk_(live|test)_[A-Za-z0-9_-]{8,}$/.test(key)) {
      throw new SidecarError({ kind: 'bad-key', message: 'That does not look like a Saber API key: they start with “sk_live_” or “sk_test_”.' });
    }
    deps.saber.forgetKey();
    const remaining = await deps.saber.balance(deps.createSaberClient(key));
    const record = await setApiKey('saber', key, now());
    await engine.resume('saber');
    return { key: { configured: true, hint: keyHint(key), savedAt: record.savedAt }, saberCredits: remaining };
  }

  async function removeKey(provider: ProviderName): Promise<KeyStatus> {
    await refuseIfManaged(provider, 'remove');
    await removeApiKey(provider);
    if (provider === 'lusha') {
      await lushaUsageItem.remove();
      await clearBaseline();
    } else {
      deps.saber.forgetKey();
      // What was asked with the key goes with it (as before the engine): a removed key leaves no Saber answers behind.
      await clearSaberQuestions();
    }
    return { configured: false };
  }

  /** After the user acted on a pause (more credits, plan change): check the account, then let new clicks go. */
  async function resumeProvider(provider: ProviderName): Promise<void> {
    if (provider === 'lusha') {
      const usage = await deps.credits.readUsageWithStoredKey();
      const paused = engine.pausedBy('lusha');
      if (paused?.kind === 'out-of-credits' && usage.credits.remaining <= 0) throw new SidecarError(paused);
    } else {
      // As for Lusha: an account still at 0 would only refuse the next question again (Saber resumed regardless).
      const remaining = await deps.saber.balance(await deps.saber.client());
      const paused = engine.pausedBy('saber');
      if (paused?.kind === 'out-of-credits' && remaining <= 0) throw new SidecarError(paused);
    }
    await engine.resume(provider);
  }

  return { saveLushaKey, saveSaberKey, removeKey, resumeProvider };
}

export type KeysService = ReturnType<typeof createKeysService>;

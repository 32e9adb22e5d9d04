/** The background's answer to every message in the protocol. */
import { browser } from '#imports';
import { SidecarError } from '../domain/errors';
import type { Handlers } from '../messaging/server';
import type { Broadcast } from '../messaging/protocol';
import { eraseAllData, eraseContact } from '../store/contacts';
import { getApiKey, keyHint, removeApiKey } from '../store/secrets';
import type { LookupService } from './lookup-service';
import type { SaberService } from './saber-service';
import { getSettings, getTabState, saveSettings, setCachedUsage, setUsageBaseline, updateTabState } from './state';

/** Tells open extension pages that something changed; nobody listening is fine. */
export function broadcast(event: Broadcast['event'], tabId?: number): void {
  const message: Broadcast = { sidecarBroadcast: 1, event, tabId };
  browser.runtime.sendMessage(message).catch(() => undefined);
}

/** The toolbar badge says how many people Sidecar recognised on the tab. */
function showRecognisedCount(tabId: number, count: number): void {
  browser.action
    .setBadgeText({ tabId, text: count > 0 ? String(count) : '' })
    .then(() => browser.action.setBadgeBackgroundColor({ tabId, color: '#2f5bea' }))
    .catch(() => undefined);
}

async function keyStatus(provider: 'lusha' | 'saber') {
  const secret = await getApiKey(provider);
  return secret ? { configured: true, hint: keyHint(secret.key), savedAt: secret.savedAt } : { configured: false };
}

export function createHandlers(service: LookupService, saber: SaberService): Handlers {
  return {
    async reportPageContext({ context }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new SidecarError({ kind: 'bad-request', message: 'No tab.' });
      const previous = await getTabState(tabId);
      // A new page replaces what the user asked about from the context menu on the previous one.
      const requested = previous.page?.url === context.url ? previous.requested : undefined;
      await updateTabState(tabId, { page: context, requested });
      broadcast('tabStateChanged', tabId);
      showRecognisedCount(tabId, context.entities.filter((entity) => entity.type === 'contact').length);
      return { ok: true as const };
    },
    getTabState: ({ tabId }) => getTabState(tabId),
    lookupContact: ({ lookup }) => service.lookupContact(lookup),
    revealContact: ({ contactId, field, confirmedCredits }) => service.revealContact(contactId, field, confirmedCredits),
    async getCredits({ refresh }) {
      const [view, saberView] = await Promise.all([service.getCredits(refresh ?? false), saber.credits(refresh ?? false)]);
      return { ...view, saber: saberView };
    },
    getSettings: () => getSettings(),
    saveSettings: (patch) => saveSettings(patch),
    getKeyStatus: async () => ({ lusha: await keyStatus('lusha'), saber: await keyStatus('saber') }),
    async saveApiKey({ provider, key }) {
      if (provider === 'lusha') return service.saveLushaKey(key);
      const saved = await saber.saveKey(key);
      broadcast('keysChanged');
      return saved;
    },
    async eraseData(input) {
      if ('everything' in input) await eraseAllData();
      else await eraseContact(input.contactId);
      broadcast('dataChanged');
      broadcast('creditsChanged');
      return { ok: true as const };
    },
    async resumeProvider() {
      await service.resumeProvider();
      broadcast('creditsChanged');
      return { ok: true as const };
    },
    async removeApiKey({ provider }) {
      await removeApiKey(provider);
      if (provider === 'lusha') {
        service.forgetLushaKey();
        await setCachedUsage(null);
        await setUsageBaseline(null);
      } else {
        saber.forgetKey();
      }
      broadcast('keysChanged');
      return { configured: false };
    },
  };
}

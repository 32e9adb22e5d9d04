/** The background's answer to every message in the protocol. */
import { browser } from '#imports';
import { toolbarAction } from '../compat';
import { SidecarError } from '../domain/errors';
import type { Handlers } from '../messaging/server';
import type { Broadcast } from '../messaging/protocol';
import { eraseAllData, eraseContact, getPreviewByContactId, listRevealed } from '../store/contacts';
import { listHistory } from '../store/history';
import { eraseCompany } from '../store/companies';
import { listSpends } from '../store/ledger';
import { clearSaberQuestions } from '../store/saber-questions';
import { classifySelection } from '../recognition';
import { getApiKey, keyHint, removeApiKey } from '../store/secrets';
import type { LookupService } from './lookup-service';
import type { SaberService } from './saber-service';
import type { CompanyService } from './company-service';
import { getSettings, getTabState, saveSettings, setCachedUsage, setUsageBaseline, updateTabState } from './state';

/** Tells open extension pages that something changed; nobody listening is fine. */
export function broadcast(event: Broadcast['event'], tabId?: number): void {
  const message: Broadcast = { sidecarBroadcast: 1, event, tabId };
  browser.runtime.sendMessage(message).catch(() => undefined);
}

/** The toolbar badge says how many people Sidecar recognised on the tab. */
function showRecognisedCount(tabId: number, count: number): void {
  const action = toolbarAction(); // `browserAction` in Firefox's MV2 build
  if (!action) return;
  Promise.resolve()
    .then(() => action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' }))
    .then(() => action.setBadgeBackgroundColor({ tabId, color: '#2f5bea' }))
    .catch(() => undefined);
}

async function keyStatus(provider: 'lusha' | 'saber') {
  const secret = await getApiKey(provider);
  return secret ? { configured: true, hint: keyHint(secret.key), savedAt: secret.savedAt } : { configured: false };
}

export function createHandlers(service: LookupService, saber: SaberService, companies: CompanyService): Handlers {
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
    lookupContacts: ({ lookups }) => service.lookupContacts(lookups),
    lookupCompany: ({ company }) => companies.lookupCompany(company),
    revealCompany: ({ companyId, fields, confirmedCredits }) => companies.revealCompany(companyId, fields, confirmedCredits),
    getSignals: (request) => companies.getSignals(request),
    findPeople: (request) => companies.findPeople(request),
    askSaber: (input) => saber.ask(input),
    getSaberQuestions: ({ subject }) => saber.questions(subject),
    getSaberTemplates: () => saber.templates(),
    startBulkReveal: ({ contactIds, field, confirmedCredits }) => service.startBulkReveal(contactIds, field, confirmedCredits),
    getBulkJob: ({ jobId }) => service.getBulkJob(jobId),
    cancelBulkJob: ({ jobId }) => service.cancelBulkJob(jobId),
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
    getHistory: async ({ query }) => (await listHistory(query)).map((record) => ({ ...record, kind: record.kind ?? ('contact' as const) })),
    async requestLookup({ tabId, text }) {
      const lookup = classifySelection(text);
      if (!lookup) return { recognised: false };
      await updateTabState(tabId, { requested: { lookup, source: 'typed', at: Date.now() }, unrecognizedSelection: undefined });
      broadcast('tabStateChanged', tabId);
      return { recognised: true };
    },
    async requestCompany({ tabId, company }) {
      const lookup = company.domain
        ? ({ kind: 'domain', domain: company.domain } as const)
        : company.linkedinUrl
          ? ({ kind: 'linkedin-company', linkedinUrl: company.linkedinUrl } as const)
          : undefined;
      if (!lookup || (!company.domain && !company.name)) return { recognised: false };
      await updateTabState(tabId, { requested: { lookup, source: 'list', at: Date.now(), company }, unrecognizedSelection: undefined });
      broadcast('tabStateChanged', tabId);
      return { recognised: true };
    },
    async clearRequest({ tabId }) {
      await updateTabState(tabId, { requested: undefined, unrecognizedSelection: undefined });
      broadcast('tabStateChanged', tabId);
      return { ok: true as const };
    },
    async exportData() {
      const [revealed, ledger] = await Promise.all([listRevealed(), listSpends()]);
      const withPreviews = await Promise.all(
        revealed.map(async (data) => {
          const found = (await getPreviewByContactId(data.id))?.result;
          return { ...data, preview: found?.status === 'found' ? found.preview : undefined };
        }),
      );
      return { exportedAt: Date.now(), revealed: withPreviews, ledger };
    },
    async eraseData(input) {
      if ('everything' in input) await Promise.all([eraseAllData(), clearSaberQuestions()]);
      else if (input.contactId.startsWith('company:')) await eraseCompany(input.contactId.slice('company:'.length));
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
        await saber.forgetKey();
      }
      broadcast('keysChanged');
      return { configured: false };
    },
  };
}

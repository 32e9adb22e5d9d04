/** The background's answer to every message in the protocol: each one hands over to the service of its feature. */
import { browser } from '#imports';
import { toolbarAction } from '../compat';
import { SidecarError, sidecarErrorSchema } from '../domain/errors';
import type { Handlers } from '../messaging/server';
import type { Broadcast, TabState } from '../messaging/protocol';
import { classifySelection } from '../recognition';
import { eraseCompany } from '../store/companies';
import { eraseAllData, eraseContact, getPreviewByContactId, listRevealed } from '../store/contacts';
import { listHistory } from '../store/history';
import { getIntent } from '../store/intents';
import { listSpends } from '../store/ledger';
import { clearSaberQuestions } from '../store/saber-questions';
import { getSettings, saveSettings } from '../store/settings';
import { withPage } from '../domain/tab-state';
import { getTabState, nextTabState, saveTabState, updateTabState } from '../store/tab-state';
import { rebaseAfterErase } from './credits/reconcile';
import { contactSearchPrice } from './contacts/contacts';
import { createCrmHandlers } from './crm/handlers';
import { priceFor } from './contacts/operations';
import { keyStatus } from './keys/keys';
import { withFeatureGates } from './policy/features';
import { ledgerExport, machineLabel } from './policy/ledger-export';
import { isManaged, policyView } from '../domain/policy';
import { readManagedPolicy } from '../store/managed-policy';
import type { Background } from './wiring';
import { createWatchHandlers } from './watch/handlers';
import { clearWatchData, listWatchEvents, listWatches } from '../store/watch';
import { clearResearch, listResearch } from '../store/research';
import { dropEmailFindings, eraseEmailFinding } from '../store/email-findings';
import { pruneWrites } from '../store/crm-outbox';
import { showUnreadCount } from './watch/notify';

/** Tells open extension pages that something changed; nobody listening is fine. */
export function broadcast(event: Broadcast['event'], tabId?: number, state?: TabState): void {
  const message: Broadcast = { sidecarBroadcast: 1, event, tabId, ...(state ? { state } : {}) };
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

export function createHandlers(background: Background): Handlers {
  const { contacts, bulk, companies, signals, people, saber, credits, keys, engine, crm } = background;
  // Features the organisation switched off are refused here, whatever the page shows (policy/features.ts).
  return withFeatureGates({
    ...createCrmHandlers(crm, () => broadcast('crmChanged')),
    async reportPageContext({ context }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) throw new SidecarError({ kind: 'bad-request', message: 'No tab.' });
      const previous = await getTabState(tabId);
      const state = nextTabState(previous, withPage(previous, context));
      // The open panel hears of the page first (with the state itself, so it need not ask), then it is kept.
      broadcast('tabStateChanged', tabId, state);
      showRecognisedCount(tabId, context.entities.filter((entity) => entity.type === 'contact').length);
      await saveTabState(state);
      return { ok: true as const };
    },
    getTabState: ({ tabId }) => getTabState(tabId),
    lookupContact: ({ lookup, origin, intentId, confirmedCredits }) => contacts.lookupContact(lookup, { origin, intentId, confirmedCredits }),
    lookupContacts: ({ lookups, origin, confirmedCredits }) => contacts.lookupContacts(lookups, { origin, confirmedCredits }),
    lookupCompany: ({ company, origin, intentId, confirmedCredits }) => companies.lookupCompany(company, { origin, intentId, confirmedCredits }),
    revealCompany: ({ companyId, fields, confirmedCredits, intentId }) => companies.revealCompany(companyId, fields, confirmedCredits, intentId),
    getSignals: (request) => signals.getSignals(request),
    findPeople: (request) => people.findPeople(request),
    askSaber: (input) => saber.ask(input),
    getSaberQuestions: ({ subject }) => saber.questions(subject),
    getSaberTemplates: () => saber.templates(),
    startBulkReveal: ({ contactIds, field, confirmedCredits, jobId }) => bulk.startBulkReveal(contactIds, field, confirmedCredits, jobId),
    getBulkJob: ({ jobId }) => bulk.getBulkJob(jobId),
    ...createWatchHandlers(background, { unreadChanged: showUnreadCount }),
    cancelBulkJob: ({ jobId }) => bulk.cancelBulkJob(jobId),
    revealContact: ({ contactId, field, confirmedCredits, intentId }) => contacts.revealContact(contactId, field, confirmedCredits, intentId),
    async getIntent({ intentId }) {
      const intent = await getIntent(intentId);
      if (!intent) return { state: 'unknown' as const };
      const parsed = sidecarErrorSchema.safeParse(intent.error);
      const error = parsed.success ? parsed.data : undefined;
      return {
        state: intent.state,
        ...(intent.outcome ? { outcome: intent.outcome } : {}),
        ...(intent.state === 'settled' ? { charged: intent.charged ?? 0 } : {}),
        ...(intent.state === 'uncertain' ? { mayHaveCharged: intent.reserved } : {}),
        ...(error ? { error } : {}),
      };
    },
    async getCredits({ refresh }) {
      const [view, saberView] = await Promise.all([credits.getCredits(refresh ?? false), saber.credits(refresh ?? false)]);
      return { ...view, saber: { ...saberView, rateWindows: await background.saberRateWindows() } };
    },
    getSettings: () => getSettings(),
    saveSettings: (patch) => saveSettings(patch),
    getKeyStatus: async () => ({ lusha: await keyStatus('lusha'), saber: await keyStatus('saber'), lookupCredits: priceFor(1, await contactSearchPrice()) }),
    async saveApiKey({ provider, key }) {
      const saved = provider === 'lusha' ? await keys.saveLushaKey(key) : await keys.saveSaberKey(key);
      broadcast('keysChanged');
      return saved;
    },
    async removeApiKey({ provider }) {
      const status = await keys.removeKey(provider);
      broadcast('keysChanged');
      return status;
    },
    async resumeProvider({ provider }) {
      await keys.resumeProvider(provider);
      broadcast('creditsChanged');
      return { ok: true as const };
    },
    getHistory: async ({ query }) => (await listHistory(query)).map((record) => ({ ...record, kind: record.kind ?? ('contact' as const) })),
    async requestLookup({ tabId, text }) {
      const lookup = classifySelection(text);
      if (!lookup) return { recognised: false };
      const state = await updateTabState(tabId, { requested: { lookup, source: 'typed', at: Date.now() }, unrecognizedSelection: undefined });
      broadcast('tabStateChanged', tabId, state);
      return { recognised: true };
    },
    async requestCompany({ tabId, company }) {
      const lookup = company.domain
        ? ({ kind: 'domain', domain: company.domain } as const)
        : company.linkedinUrl
          ? ({ kind: 'linkedin-company', linkedinUrl: company.linkedinUrl } as const)
          : undefined;
      if (!lookup || (!company.domain && !company.name)) return { recognised: false };
      const state = await updateTabState(tabId, { requested: { lookup, source: 'list', at: Date.now(), company }, unrecognizedSelection: undefined });
      broadcast('tabStateChanged', tabId, state);
      return { recognised: true };
    },
    async clearRequest({ tabId }) {
      const state = await updateTabState(tabId, { requested: undefined, unrecognizedSelection: undefined });
      broadcast('tabStateChanged', tabId, state);
      return { ok: true as const };
    },
    async exportData() {
      const [revealed, ledger, label] = await Promise.all([listRevealed(), listSpends(), machineLabel()]);
      const withPreviews = await Promise.all(
        revealed.map(async (data) => {
          const found = (await getPreviewByContactId(data.id))?.result;
          return { ...data, preview: found?.status === 'found' ? found.preview : undefined };
        }),
      );
      const [watchlist, watchEvents, research] = await Promise.all([listWatches(), listWatchEvents(), listResearch()]);
      return { exportedAt: Date.now(), ...(label ? { machineLabel: label } : {}), revealed: withPreviews, ledger, watchlist, watchEvents, research };
    },
    exportLedger: () => ledgerExport(Date.now()),
    getPolicy: async () => policyView(await readManagedPolicy()),
    async eraseData(input) {
      if ('everything' in input) {
        // Under an organisation's policy the ledger stays: it is the day's spend against the organisation's cap (erased,
        // the cap would start again at 0) and what the admin adds up. Otherwise it goes too: the reconciliation with
        // Lusha's count starts again from what it had explained.
        const keepLedger = isManaged(await readManagedPolicy());
        if (!keepLedger) await rebaseAfterErase(Date.now());
        // Writes still waiting for the CRM stay in its outbox (the user sends or drops them there); sent ones go.
        await Promise.all([eraseAllData({ keepLedger }), clearSaberQuestions(), clearWatchData(), clearResearch(), dropEmailFindings(), pruneWrites(Infinity)]);
        showUnreadCount(0);
        if (!keepLedger) await engine.forgetSpent();
      } else if (input.contactId.startsWith('company:')) await eraseCompany(input.contactId.slice('company:'.length));
      else await Promise.all([eraseContact(input.contactId), eraseEmailFinding(input.contactId)]);
      broadcast('dataChanged');
      broadcast('creditsChanged');
      return { ok: true as const };
    },
  });
}

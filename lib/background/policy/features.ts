/**
 * Features the organisation can switch off (signals, Ask Saber, bulk reveals, CRM writes, exports). The pages hide
 * them, and the background refuses their messages with the reason, so a page that is stale (or a spoofed message)
 * still cannot use them. Code in other features asks `featureEnabled` / `requireFeature` before it acts.
 */
import { SidecarError } from '../../domain/errors';
import { FEATURE_LABEL, featureOn, type Feature } from '../../domain/policy';
import type { Handlers } from '../../messaging/server';
import type { MessageType } from '../../messaging/protocol';
import { readManagedPolicy } from '../../store/managed-policy';

/** Whether the organisation left this feature on (it is on unless the policy switches it off). */
export async function featureEnabled(feature: Feature): Promise<boolean> {
  return featureOn((await readManagedPolicy()).policy, feature);
}

/** The refusal of a feature the organisation switched off. */
export function featureOffError(feature: Feature): SidecarError {
  return new SidecarError({ kind: 'policy', reason: `feature-off:${feature}`, message: `${FEATURE_LABEL[feature]} is turned off by your organisation.` });
}

/** Throws the refusal when the organisation switched this feature off. */
export async function requireFeature(feature: Feature): Promise<void> {
  if (!(await featureEnabled(feature))) throw featureOffError(feature);
}

/**
 * The messages that belong to a feature. Cancelling or following a bulk job that is already running stays allowed
 * (switching bulk off must not strand a job), and so does the credit ledger's export (the admin's accountability).
 */
export const FEATURE_OF_MESSAGE: Partial<Record<MessageType, Feature>> = {
  getSignals: 'signals',
  // Watching is a daily signals check; pinned questions and research are Saber's AI answers.
  watch: 'signals',
  checkWatchlist: 'signals',
  askSaber: 'ask-saber',
  pinQuestion: 'ask-saber',
  startResearch: 'ask-saber',
  getSaberQuestions: 'ask-saber',
  getSaberTemplates: 'ask-saber',
  startBulkReveal: 'bulk',
  // Reading the CRM ("in your CRM", a record) stays; what leads to a write is refused, and the outbox waits.
  previewCrmSave: 'crm-write',
  saveToCrm: 'crm-write',
  saveListToCrm: 'crm-write',
  revealForCrm: 'crm-write',
  exportData: 'export',
};

/** The same handlers, with each feature's messages refused while the organisation has it off. */
export function withFeatureGates(handlers: Handlers): Handlers {
  const gated: Record<string, unknown> = { ...handlers };
  for (const [type, feature] of Object.entries(FEATURE_OF_MESSAGE) as [MessageType, Feature][]) {
    const handler = handlers[type] as (input: unknown, sender: unknown) => Promise<unknown>;
    gated[type] = async (input: unknown, sender: unknown) => {
      await requireFeature(feature);
      return handler(input, sender);
    };
  }
  return gated as Handlers;
}

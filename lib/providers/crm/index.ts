/**
 * CRM clients (HubSpot, Salesforce, Pipedrive) on the shared request loop, each returning Sidecar's CRM terms
 * (lib/domain/crm.ts). Providers know HTTP and schemas only: when to call, what to cache and what to ask the user
 * belong to the background. Background-only (they hold credentials).
 */
export * from './hubspot';
export * from './pipedrive';
export * from './salesforce';
export type { CrmCallInit, CrmCallResult, CrmClient, CrmCreateOptions, CrmNoteOptions, CrmNoteTarget, CrmUpdateOptions } from './types';
export type { CrmErrorReason } from './shared';

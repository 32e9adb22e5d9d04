/**
 * The CRM stand-ins mounted on the sandbox server: HubSpot (`/crm/…`, `/account-info/…`, `/oauth/…`), Salesforce
 * (`/services/…`) and Pipedrive (`/api/v1/…`, `/api/v2/…`). None of their paths collides with Lusha's `/v3` or
 * Saber's `/v1`. See README.md ("CRM stand-ins").
 */
import type { SandboxDataset } from '../dataset-types';
import type { VendorErrorBody } from '../faults';
import type { ApiRequest, ApiResponse } from '../http';
import { createHubSpotStandIn, HUBSPOT_PREFIXES, hubspotFaultBody, type HubSpotStandIn, type HubSpotStandInOptions, type HubSpotStateSnapshot } from './hubspot';
import { createPipedriveStandIn, PIPEDRIVE_PREFIXES, pipedriveFaultBody, type PipedriveStandIn, type PipedriveStandInOptions, type PipedriveStateSnapshot } from './pipedrive';
import { createSalesforceStandIn, SALESFORCE_PREFIXES, salesforceFaultBody, type SalesforceStandIn, type SalesforceStandInOptions, type SalesforceStateSnapshot } from './salesforce';

export interface CrmStandInOptions {
  hubspot?: HubSpotStandInOptions;
  salesforce?: SalesforceStandInOptions;
  pipedrive?: PipedriveStandInOptions;
}

/** The `crm` block of `GET /__sandbox/state`. */
export interface CrmStateSnapshot {
  hubspot: HubSpotStateSnapshot;
  salesforce: SalesforceStateSnapshot;
  pipedrive: PipedriveStateSnapshot;
}

export interface CrmStandIns {
  hubspot: HubSpotStandIn;
  salesforce: SalesforceStandIn;
  pipedrive: PipedriveStandIn;
  /** The stand-in's answer when `request.path` is one of theirs; undefined otherwise. */
  handle(request: ApiRequest): ApiResponse | undefined;
  reset(): void;
  snapshot(): CrmStateSnapshot;
  /** Path prefixes and the vendor error body each gives a `status` fault. */
  faultBodies: { prefix: string; body: VendorErrorBody }[];
}

export function createCrmStandIns(options: CrmStandInOptions & { dataset: SandboxDataset; now: () => number }): CrmStandIns {
  const hubspot = createHubSpotStandIn({ ...options.hubspot, dataset: options.dataset, now: options.now });
  const salesforce = createSalesforceStandIn({ ...options.salesforce, dataset: options.dataset, now: options.now });
  const pipedrive = createPipedriveStandIn({ ...options.pipedrive, dataset: options.dataset, now: options.now });
  const owner = (path: string): { handle(request: ApiRequest): ApiResponse } | undefined => {
    if (HUBSPOT_PREFIXES.some((p) => path.startsWith(p))) return hubspot;
    if (SALESFORCE_PREFIXES.some((p) => path.startsWith(p))) return salesforce;
    if (PIPEDRIVE_PREFIXES.some((p) => path.startsWith(p))) return pipedrive;
    return undefined;
  };
  return {
    hubspot,
    salesforce,
    pipedrive,
    handle: (request) => owner(request.path)?.handle(request),
    reset() {
      hubspot.reset();
      salesforce.reset();
      pipedrive.reset();
    },
    snapshot: () => ({ hubspot: hubspot.snapshot(), salesforce: salesforce.snapshot(), pipedrive: pipedrive.snapshot() }),
    faultBodies: [
      ...HUBSPOT_PREFIXES.map((prefix) => ({ prefix, body: hubspotFaultBody })),
      ...SALESFORCE_PREFIXES.map((prefix) => ({ prefix, body: salesforceFaultBody })),
      ...PIPEDRIVE_PREFIXES.map((prefix) => ({ prefix, body: pipedriveFaultBody })),
    ],
  };
}

/**
 * The connected CRM's client, and the one way every CRM call is made (`run`): the stored credential, each request
 * paced through its CRM's lane (limits.ts), nothing sent while the CRM holds us off for longer than the caller can
 * wait, a Salesforce session refreshed once (single-flight: every call that finds it expired waits for the same
 * refresh) and the call tried again, and a refused credential noted so the panel and options can say so.
 */
import { SidecarError } from '../../domain/errors';
import type { CrmName } from '../../domain/crm';
import type { Engine } from '../../engine/engine';
import { createHubSpotClient, hubspotApiBaseUrl, type HubSpotClient } from '../../providers/crm/hubspot';
import { createPipedriveClient, pipedriveBaseUrl, type PipedriveClient } from '../../providers/crm/pipedrive';
import { createSalesforceClient, refreshSalesforceToken, type SalesforceClient } from '../../providers/crm/salesforce';
import { getCrmAuth, updateCrmAuth, type CrmAuthRecord, type CrmCredential } from '../../store/crm-auth';
import type { CrmLimits } from './limits';

export type AnyCrmClient = HubSpotClient | SalesforceClient | PipedriveClient;

/** Build-time overrides of where each CRM's requests go (`WXT_HUBSPOT_BASE_URL`, …): the stand-ins in tests. */
export interface CrmEndpoints {
  hubspotBaseUrl?: string;
  pipedriveBaseUrl?: string;
  salesforceLoginUrl?: string;
}

/** What the browser offers for Salesforce's sign-in (`identity.launchWebAuthFlow`, `identity.getRedirectURL`). */
export interface CrmIdentity {
  redirectUrl(path: string): string;
  launchWebAuthFlow(url: string, interactive: boolean): Promise<string>;
}

export interface CrmDeps {
  endpoints?: CrmEndpoints;
  /** Per request, ms (the clients' default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  identity?: CrmIdentity;
  /** Whether the user granted these host patterns (asked for in options when connecting). */
  hasHostPermission?(patterns: string[]): Promise<boolean>;
  /** How long a fresh write may stay invisible to each CRM's search (HubSpot: up to 30 s by reports). */
  searchLagMs?: Partial<Record<CrmName, number>>;
}

export const CRM_LABEL: Record<CrmName, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };

/** How long a call may wait for a CRM's hold to end before it fails with the CRM's own limit instead. */
export const DEFAULT_MAX_WAIT_MS = 5_000;

export function notConnected(): SidecarError {
  return new SidecarError({ kind: 'missing-key', reason: 'crm-not-connected', message: 'Connect your CRM in Sidecar’s options first.' });
}

export interface RunOptions {
  /** The longest wait for a CRM's hold (a rate limit) before failing; default 5 s. */
  maxWaitMs?: number;
  /**
   * Reads: after a rate limit whose end is within `maxWaitMs`, run the operation again once the CRM allows (other
   * users of the same account share its limits, so a 429 can come however well Sidecar paces itself). Writes leave
   * this to the outbox, which knows what each step established.
   */
  retryRateLimited?: boolean;
}

export function createCrmClients({ engine, limits, deps, now }: { engine: Engine; limits: CrmLimits; deps: CrmDeps; now: () => number }) {
  const baseFetch: typeof fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  /** The last refusal that put a hold on each CRM, to fail the same way while the hold lasts. */
  const holdReasons = new Map<CrmName, SidecarError>();
  let cached: { key: string; client: AnyCrmClient } | undefined;
  let refreshing: Promise<CrmAuthRecord> | undefined;

  /** A fetch whose every request waits for a slot of its CRM's lane. */
  function pacedFetch(crm: CrmName): typeof fetch {
    return (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return engine.freeCall(limits.laneOf(crm, url, init?.method ?? 'GET'), () => baseFetch(input, init));
    };
  }

  /** A client for a credential (not necessarily stored yet: connecting checks it first). */
  function clientFor(credential: CrmCredential, connection?: CrmAuthRecord['connection']): AnyCrmClient {
    const common = { fetch: pacedFetch(credential.crm), now, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) };
    switch (credential.crm) {
      case 'hubspot':
        return createHubSpotClient({
          ...common,
          accessToken: credential.token,
          baseUrl: hubspotApiBaseUrl(credential.token, deps.endpoints?.hubspotBaseUrl),
          ...(connection ? { linkedinProperty: connection.linkedinField, uiDomain: connection.appBaseUrl.replace(/^https?:\/\//, ''), portalId: connection.accountId } : {}),
        });
      case 'pipedrive':
        return createPipedriveClient({
          ...common,
          apiToken: credential.token,
          baseUrl: pipedriveBaseUrl(credential.companyDomain, deps.endpoints?.pipedriveBaseUrl),
          ...(connection ? { linkedinFieldKey: connection.linkedinField, domainFieldKey: connection.domainField ?? null, appBaseUrl: connection.appBaseUrl } : {}),
        });
      case 'salesforce':
        return createSalesforceClient({
          ...common,
          accessToken: credential.accessToken,
          instanceUrl: credential.instanceUrl,
          ...(connection ? { linkedinField: connection.linkedinField } : {}),
        });
    }
  }

  function connected(auth: CrmAuthRecord): AnyCrmClient {
    const key = JSON.stringify([auth.credential, auth.connection.linkedinField, auth.connection.domainField, auth.connection.appBaseUrl]);
    if (cached?.key !== key) cached = { key, client: clientFor(auth.credential, auth.connection) };
    return cached.client;
  }

  /** One refresh of the Salesforce session at a time; every caller that found it expired waits for the same one. */
  function refresh(auth: CrmAuthRecord): Promise<CrmAuthRecord> {
    refreshing ??= (async () => {
      try {
        const credential = auth.credential;
        if (credential.crm !== 'salesforce' || !credential.refreshToken) {
          throw new SidecarError({ kind: 'bad-key', reason: 'expired', message: 'Your Salesforce session has ended. Sign in to Salesforce again in Sidecar’s options.' });
        }
        // The latest stored session first: another call may have refreshed it while this one was on its way.
        const latest = await getCrmAuth();
        if (latest?.credential.crm === 'salesforce' && latest.credential.accessToken !== credential.accessToken) return latest;
        const tokens = await refreshSalesforceToken({
          loginUrl: credential.loginUrl,
          clientId: credential.clientId,
          refreshToken: credential.refreshToken,
          fetch: pacedFetch('salesforce'),
          now,
          ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
        });
        const next = await updateCrmAuth('salesforce', (record) => {
          if (record.credential.crm !== 'salesforce') return record;
          const { authError: _dropped, ...rest } = record;
          return {
            ...rest,
            // Orgs that rotate refresh tokens send a new one each time; the others keep the first.
            credential: { ...record.credential, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? record.credential.refreshToken, instanceUrl: tokens.instanceUrl, issuedAt: tokens.issuedAt },
          };
        });
        if (!next) throw notConnected();
        return next;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  /** Notes that the CRM refused the credential (writes then wait for the user to reconnect). */
  async function noteRefusal(crm: CrmName, error: SidecarError): Promise<void> {
    await updateCrmAuth(crm, (record) => ({ ...record, authError: error.data })).catch(() => undefined);
  }

  /**
   * Runs one CRM operation for the connected CRM. Fails at once, without sending, when the CRM holds us off longer
   * than `maxWaitMs` (with the CRM's own reason and when it ends).
   */
  async function run<T>(fn: (client: AnyCrmClient, auth: CrmAuthRecord) => Promise<T>, options: RunOptions = {}): Promise<T> {
    let auth = await getCrmAuth();
    if (!auth) throw notConnected();
    const crm = auth.crm;
    const heldUntil = limits.heldUntil(crm);
    if (heldUntil > now() + (options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS)) {
      const reason = holdReasons.get(crm);
      throw new SidecarError({ ...(reason?.data ?? { kind: 'rate-limited', message: `${CRM_LABEL[crm]} asked Sidecar to wait.` }), retryAt: heldUntil });
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await fn(connected(auth), auth);
        if (auth.authError) void updateCrmAuth(crm, ({ authError: _cleared, ...rest }) => rest).catch(() => undefined);
        return result;
      } catch (error) {
        if (!SidecarError.is(error)) throw error;
        if (error.kind === 'rate-limited' && error.data.retryAt !== undefined) {
          limits.hold(crm, error.data.retryAt);
          holdReasons.set(crm, error);
          // The lanes wait for the hold by themselves: the next run's requests leave when it ends.
          if (options.retryRateLimited && attempt < 2 && error.data.retryAt <= now() + (options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS)) continue;
        }
        if (error.kind === 'bad-key' && error.data.reason === 'session-expired' && attempt === 0) {
          try {
            auth = await refresh(auth);
          } catch (refused) {
            if (SidecarError.is(refused) && refused.kind === 'bad-key') await noteRefusal(crm, refused);
            throw refused;
          }
          continue;
        }
        if (error.kind === 'bad-key') await noteRefusal(crm, error);
        throw error;
      }
    }
  }

  return {
    run,
    clientFor,
    pacedFetch,
    /** Forget the built client (a new connection). */
    reset() {
      cached = undefined;
      for (const crm of holdReasons.keys()) limits.release(crm);
      holdReasons.clear();
    },
  };
}

export type CrmClients = ReturnType<typeof createCrmClients>;

/**
 * Connecting a CRM, with what works from an extension alone (docs/crm.md §0.1): a HubSpot private-app or static-auth
 * token (its data centre picks the API host), a Pipedrive personal API token and company, or Salesforce's OAuth 2.0
 * web-server flow with PKCE against the consumer key of the org's own External Client App, through
 * `identity.launchWebAuthFlow`. Each is checked with a free call that names the account and the user before it is
 * stored; a credential that fails is not stored. The host permission is asked for by the options page when the
 * user clicks Connect (a permission prompt needs the click); here it is only checked.
 */
import type { CrmConnection, CrmName } from '../../domain/crm';
import { crmHostPatterns } from '../../domain/crm-hosts';
import { SidecarError } from '../../domain/errors';
import {
  authorizeUrl,
  codeChallenge,
  createCodeVerifier,
  createState,
  exchangeCode,
  readAuthorizationRedirect,
  revokeSalesforceToken,
  salesforceLoginUrl,
} from '../../providers/crm/salesforce';
import { getCrmAuth, putCrmAuth, removeCrmAuth, type CrmAuthRecord, type CrmCredential } from '../../store/crm-auth';
import { clearWrites, listWrites } from '../../store/crm-outbox';
import { CRM_LABEL, type CrmClients, type CrmDeps } from './clients';

export type CrmConnectRequest =
  | { crm: 'hubspot'; token: string }
  | { crm: 'pipedrive'; token: string; companyDomain: string }
  | { crm: 'salesforce'; clientId: string; loginHost: 'production' | 'sandbox' | 'my-domain'; myDomain?: string };

/** The redirect Salesforce sends the sign-in back to (register it as the External Client App's callback). */
export const SALESFORCE_REDIRECT_PATH = 'salesforce';

export function createCrmConnections({ clients, deps, now, onConnected }: { clients: CrmClients; deps: CrmDeps; now: () => number; onConnected(): void }) {
  const override = (crm: CrmName) =>
    crm === 'hubspot' ? deps.endpoints?.hubspotBaseUrl : crm === 'pipedrive' ? deps.endpoints?.pipedriveBaseUrl : deps.endpoints?.salesforceLoginUrl;

  async function requireHostPermission(request: CrmConnectRequest): Promise<void> {
    if (!deps.hasHostPermission) return;
    const patterns = crmHostPatterns({
      crm: request.crm,
      override: override(request.crm),
      ...(request.crm === 'salesforce' ? { myDomain: request.loginHost === 'my-domain' ? request.myDomain : undefined, sandbox: request.loginHost === 'sandbox' } : {}),
    });
    if (!(await deps.hasHostPermission(patterns))) {
      throw new SidecarError({
        kind: 'forbidden',
        reason: 'host-permission',
        message: `Sidecar needs your permission to reach ${CRM_LABEL[request.crm]}. Click Connect again and allow it when the browser asks.`,
      });
    }
  }

  /** Another CRM's writes that have not gone yet: connecting a new CRM would strand them. */
  async function refuseIfWritesWait(crm: CrmName): Promise<void> {
    const current = await getCrmAuth();
    if (!current || current.crm === crm) return;
    const waiting = await listWrites({ states: ['pending', 'review', 'failed'] });
    if (waiting.length > 0) {
      throw new SidecarError({
        kind: 'validation',
        reason: 'writes-waiting',
        message: `${waiting.length} ${waiting.length === 1 ? 'write' : 'writes'} to ${CRM_LABEL[current.crm]} have not gone yet. Send or drop them before connecting ${CRM_LABEL[crm]}.`,
      });
    }
  }

  async function salesforceCredential(request: Extract<CrmConnectRequest, { crm: 'salesforce' }>): Promise<CrmCredential> {
    const clientId = request.clientId.trim();
    if (!clientId) throw new SidecarError({ kind: 'validation', field: 'clientId', message: 'Paste the consumer key your Salesforce admin gave you.' });
    if (!deps.identity) throw new SidecarError({ kind: 'internal', message: 'This browser cannot open Salesforce’s sign-in.' });
    const loginUrl = salesforceLoginUrl({ myDomain: request.loginHost === 'my-domain' ? request.myDomain : undefined, sandbox: request.loginHost === 'sandbox', override: deps.endpoints?.salesforceLoginUrl });
    const verifier = createCodeVerifier();
    const state = createState();
    const redirectUri = deps.identity.redirectUrl(SALESFORCE_REDIRECT_PATH);
    const url = authorizeUrl({ loginUrl, clientId, redirectUri, codeChallenge: await codeChallenge(verifier), state });
    let redirected: string;
    try {
      redirected = await deps.identity.launchWebAuthFlow(url, true);
    } catch (error) {
      // The user closed the window, or the org refused the app before redirecting back.
      throw new SidecarError({
        kind: 'cancelled',
        reason: 'sign-in-closed',
        message: 'The Salesforce sign-in did not finish. Check the consumer key and that the app’s callback URL is Sidecar’s, then try again.',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    const { code } = readAuthorizationRedirect(redirected, state);
    const tokens = await exchangeCode({ loginUrl, clientId, code, redirectUri, codeVerifier: verifier, fetch: clients.pacedFetch('salesforce'), now, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) });
    return {
      crm: 'salesforce',
      clientId,
      loginUrl,
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      instanceUrl: tokens.instanceUrl,
      issuedAt: tokens.issuedAt,
    };
  }

  /** The credential, checked with the CRM's free calls; what those calls found about the account. */
  async function check(credential: CrmCredential): Promise<{ connection: CrmConnection; owners: Record<string, string> }> {
    const client = clients.clientFor(credential);
    const { data: connection } = await client.verify();
    const owners: Record<string, string> = {};
    if (client.crm === 'pipedrive') {
      // Pipedrive's records name their owner by id only: the company's users, once, name them.
      const users = await client.listUsers().catch(() => undefined);
      for (const user of users?.data ?? []) if (user.name) owners[user.id] = user.name;
    }
    if (connection.user?.id && connection.user.name) owners[connection.user.id] = connection.user.name;
    return { connection, owners };
  }

  async function connect(request: CrmConnectRequest): Promise<CrmAuthRecord> {
    await requireHostPermission(request);
    await refuseIfWritesWait(request.crm);
    let credential: CrmCredential;
    if (request.crm === 'hubspot') {
      const token = request.token.trim();
      if (!token) throw new SidecarError({ kind: 'validation', field: 'token', message: 'Paste your HubSpot access token first.' });
      credential = { crm: 'hubspot', token };
    } else if (request.crm === 'pipedrive') {
      const token = request.token.trim();
      if (!token) throw new SidecarError({ kind: 'validation', field: 'token', message: 'Paste your Pipedrive API token first.' });
      credential = { crm: 'pipedrive', token, companyDomain: request.companyDomain.trim() };
    } else {
      credential = await salesforceCredential(request);
    }
    const { connection, owners } = await check(credential);
    // Pipedrive links open on the company's own host, which users/me names.
    if (credential.crm === 'pipedrive') credential = { ...credential, companyDomain: new URL(connection.appBaseUrl).hostname };
    const record: CrmAuthRecord = { crm: credential.crm, credential, connection, owners, savedAt: now() };
    await putCrmAuth(record);
    clients.reset();
    onConnected();
    return record;
  }

  /**
   * Forgets the connection (Salesforce's session is revoked too). Writes that have not gone yet stay unless the user
   * drops them here: they go once the same account is connected again.
   */
  async function disconnect(dropWaiting: boolean): Promise<void> {
    const current = await getCrmAuth();
    if (current?.credential.crm === 'salesforce' && current.credential.refreshToken) {
      await revokeSalesforceToken({ loginUrl: current.credential.loginUrl, clientId: current.credential.clientId, token: current.credential.refreshToken, fetch: clients.pacedFetch('salesforce') }).catch(() => undefined);
    }
    await removeCrmAuth();
    if (dropWaiting) await clearWrites();
    clients.reset();
  }

  return { connect, disconnect };
}

export type CrmConnections = ReturnType<typeof createCrmConnections>;

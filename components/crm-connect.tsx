import { useEffect, useId, useState } from 'react';
import type { CrmName } from '@/lib/domain/crm';
import { SidecarError, type SidecarErrorData } from '@/lib/domain/errors';
import type { CrmConnectInput, CrmStatus } from '@/lib/messaging/crm';
import { CRM_LABEL } from '@/lib/ui/crm';
import { CrmErrorNotice } from './crm-error';

interface CrmConnectProps {
  status?: CrmStatus;
  /** Asks the browser for the CRM's hosts (in the click), then connects; the background checks with a free call. */
  onConnect(input: CrmConnectInput): Promise<CrmStatus>;
  onDisconnect(dropWaiting: boolean): Promise<void>;
  /** The callback URL Salesforce's External Client App must list. */
  salesforceCallback: string;
}

const HELP: Record<CrmName, string> = {
  hubspot:
    'A private app’s or static-auth app’s access token (Development → Apps → your app → Auth). It needs the scopes crm.objects.contacts.read/write and crm.objects.companies.read/write; EU accounts’ tokens (pat-eu1-…) go to HubSpot’s EU host by themselves.',
  pipedrive: 'Your personal API token (Pipedrive → Personal preferences → API) and your company’s Pipedrive address. Sidecar uses API v2 where it exists.',
  salesforce:
    'Sign in through your org’s own External Client App: your Salesforce admin creates it (OAuth, PKCE required, no secret) with the callback URL below, and gives you its consumer key.',
};

function ConnectedCard({ status, onDisconnect }: { status: CrmStatus; onDisconnect(dropWaiting: boolean): Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const crm = status.crm!;
  const c = status.connection!;
  const waiting = status.outbox.pending + status.outbox.review + status.outbox.failed;
  return (
    <div className="stack" data-testid="crm-connected" data-crm={crm}>
      <div className="notice good" role="status">
        <h2>Connected to {CRM_LABEL[crm]}</h2>
        <p>
          {crm === 'hubspot' ? `Portal ${c.accountId}` : crm === 'salesforce' ? `Org ${c.accountId}` : (c.accountName ?? `Company ${c.accountId}`)}
          {c.sandbox ? ' (sandbox)' : ''} · {c.appBaseUrl.replace(/^https?:\/\//, '')}
        </p>
        {c.user && <p>As {c.user.name ?? c.user.email ?? c.user.id}{c.user.name && c.user.email ? ` (${c.user.email})` : ''}</p>}
        <p className="small muted">
          {c.linkedinField ? `LinkedIn URLs go to “${c.linkedinField}”.` : `This ${CRM_LABEL[crm]} has no LinkedIn URL field: Sidecar finds people by email and name, and does not write their LinkedIn URL.`}
          {status.hint ? ` ${crm === 'salesforce' ? 'Consumer key' : 'Token'} …${status.hint}.` : ''}
        </p>
      </div>
      {c.missingScopes && c.missingScopes.length > 0 && (
        <div className="notice warn" role="alert" data-testid="crm-missing-scopes">
          <h2>The token cannot write everything Sidecar saves</h2>
          <p>It lacks {c.missingScopes.join(', ')}. “In your CRM” works; saves will be refused until your admin adds the scopes.</p>
        </div>
      )}
      {status.authError && (
        <>
          <CrmErrorNotice error={status.authError} crm={CRM_LABEL[crm]} />
          <div>
            <button type="button" className="btn small primary" onClick={() => void onDisconnect(false)}>
              {crm === 'salesforce' ? 'Sign in to Salesforce again' : `Reconnect ${CRM_LABEL[crm]}`}
            </button>
          </div>
        </>
      )}
      {confirming ? (
        <div className="notice bad" role="alertdialog" aria-label={`Disconnect ${CRM_LABEL[crm]}?`}>
          <h2>Disconnect {CRM_LABEL[crm]}?</h2>
          <p>
            Sidecar forgets the {crm === 'salesforce' ? 'session (and revokes it)' : 'token'}.
            {waiting > 0 ? ` ${waiting} ${waiting === 1 ? 'write has' : 'writes have'} not gone yet: keep them to send when you reconnect this account, or drop them.` : ''}
          </p>
          <div className="row" style={{ flexWrap: 'wrap' }}>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Stay connected
            </button>
            <button type="button" className="btn danger" onClick={() => void onDisconnect(false).then(() => setConfirming(false))}>
              Disconnect{waiting > 0 ? ', keep writes' : ''}
            </button>
            {waiting > 0 && (
              <button type="button" className="btn danger" onClick={() => void onDisconnect(true).then(() => setConfirming(false))}>
                Disconnect and drop {waiting}
              </button>
            )}
          </div>
        </div>
      ) : (
        <div>
          <button type="button" className="btn small danger" onClick={() => setConfirming(true)}>
            Disconnect {CRM_LABEL[crm]}
          </button>
        </div>
      )}
    </div>
  );
}

/** Options → CRM: connect one CRM (checked with a free call, stored in the background only), see it, disconnect. */
export function CrmConnect({ status, onConnect, onDisconnect, salesforceCallback }: CrmConnectProps) {
  const [choice, setChoice] = useState<CrmName>(status?.crm ?? 'hubspot');
  const [token, setToken] = useState('');
  const [company, setCompany] = useState('');
  const [clientId, setClientId] = useState('');
  const [loginHost, setLoginHost] = useState<'production' | 'sandbox' | 'my-domain'>('production');
  const [myDomain, setMyDomain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SidecarErrorData>();
  const ids = { token: useId(), company: useId(), clientId: useId(), host: useId(), myDomain: useId(), callback: useId() };
  const connected = status?.connected && status.crm;
  // Reconnecting (after a refusal) starts from the CRM that was connected.
  const lastCrm = status?.crm;
  useEffect(() => {
    if (lastCrm) setChoice(lastCrm);
  }, [lastCrm]);

  const input = (): CrmConnectInput =>
    choice === 'hubspot'
      ? { crm: 'hubspot', token }
      : choice === 'pipedrive'
        ? { crm: 'pipedrive', token, companyDomain: company }
        : { crm: 'salesforce', clientId, loginHost, ...(loginHost === 'my-domain' ? { myDomain } : {}) };
  const ready = choice === 'salesforce' ? clientId.trim() !== '' && (loginHost !== 'my-domain' || myDomain.trim() !== '') : token.trim() !== '' && (choice !== 'pipedrive' || company.trim() !== '');

  const connect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConnect(input());
      setToken('');
      setClientId('');
    } catch (caught) {
      setError(SidecarError.is(caught) ? caught.data : { kind: 'internal', message: 'Could not connect.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-label="CRM" data-testid="crm-section">
      <div className="row spread">
        <h2>CRM</h2>
        {connected ? <span className="chip yes">{CRM_LABEL[status.crm!]}</span> : <span className="chip">Not connected</span>}
      </div>
      {connected && status ? (
        <ConnectedCard status={status} onDisconnect={onDisconnect} />
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void connect();
          }}
        >
          <p className="muted small">
            Connect the CRM you work in: Sidecar shows who is already in it (free), shows what it already holds before you pay for a reveal, and saves
            people to it. Sidecar asks your browser for permission to reach that CRM when you connect, not before.
          </p>
          <div className="row" role="radiogroup" aria-label="Which CRM" style={{ flexWrap: 'wrap', gap: 6 }}>
            {(['hubspot', 'salesforce', 'pipedrive'] as const).map((crm) => (
              <label key={crm} className={`chip toggle ${choice === crm ? 'on' : ''}`}>
                <input type="radio" name="crm" value={crm} checked={choice === crm} onChange={() => setChoice(crm)} />
                {CRM_LABEL[crm]}
              </label>
            ))}
          </div>
          <p className="muted small">{HELP[choice]}</p>
          {choice !== 'salesforce' && (
            <label className="field" htmlFor={ids.token}>
              {choice === 'hubspot' ? 'HubSpot access token' : 'Pipedrive API token'}
              <input id={ids.token} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(event) => setToken(event.target.value)} placeholder={choice === 'hubspot' ? 'pat-na1-…' : '40 characters'} />
            </label>
          )}
          {choice === 'pipedrive' && (
            <label className="field" htmlFor={ids.company}>
              Pipedrive company domain
              <input id={ids.company} type="text" autoComplete="off" spellCheck={false} value={company} onChange={(event) => setCompany(event.target.value)} placeholder="acme.pipedrive.com" />
            </label>
          )}
          {choice === 'salesforce' && (
            <>
              <label className="field" htmlFor={ids.clientId}>
                Salesforce consumer key
                <input id={ids.clientId} type="text" autoComplete="off" spellCheck={false} value={clientId} onChange={(event) => setClientId(event.target.value)} placeholder="3MVG9…" />
              </label>
              <label className="field" htmlFor={ids.host}>
                Sign in at
                <select id={ids.host} value={loginHost} onChange={(event) => setLoginHost(event.target.value as typeof loginHost)}>
                  <option value="production">login.salesforce.com (production, Developer Edition)</option>
                  <option value="sandbox">test.salesforce.com (a sandbox org)</option>
                  <option value="my-domain">My Domain</option>
                </select>
              </label>
              {loginHost === 'my-domain' && (
                <label className="field" htmlFor={ids.myDomain}>
                  My Domain
                  <input id={ids.myDomain} type="text" autoComplete="off" spellCheck={false} value={myDomain} onChange={(event) => setMyDomain(event.target.value)} placeholder="acme.my.salesforce.com" />
                </label>
              )}
              {salesforceCallback && (
                <p className="small">
                  <span className="muted">Callback URL for the app: </span>
                  <span className="mono" id={ids.callback} style={{ overflowWrap: 'anywhere' }}>
                    {salesforceCallback}
                  </span>
                </p>
              )}
            </>
          )}
          <div>
            <button type="submit" className="btn primary" disabled={busy || !ready}>
              {busy ? (choice === 'salesforce' ? 'Signing in…' : 'Checking…') : choice === 'salesforce' ? 'Sign in to Salesforce' : `Connect ${CRM_LABEL[choice]}`}
            </button>
          </div>
          <p className="muted small">The {choice === 'salesforce' ? 'session' : 'token'} stays in Sidecar’s background: no page can read it, and it is only sent to {CRM_LABEL[choice]}.</p>
        </form>
      )}
      {error && <CrmErrorNotice error={error} crm={CRM_LABEL[choice]} />}
    </section>
  );
}

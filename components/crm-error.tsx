import type { SidecarErrorData } from '@/lib/domain/errors';

interface Explanation {
  title: string;
  body: string;
  tone: 'warn' | 'bad';
  action?: 'options' | 'retry';
}

function when(at: number | undefined): string {
  if (!at) return 'shortly';
  const seconds = Math.max(1, Math.round((at - Date.now()) / 1000));
  if (seconds < 90) return `in about ${seconds} s`;
  return `at ${new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** Each CRM's own rate-limit rule, in words (docs/crm.md §0.5). */
function rateLimit(crm: string, error: SidecarErrorData): Explanation {
  const again = `Sidecar sends it again ${when(error.retryAt)}.`;
  switch (error.reason) {
    case 'DAILY':
      return { title: 'HubSpot’s daily API limit is used up', body: `Your HubSpot account used its daily allowance (policy DAILY); it resets at midnight in the account’s time zone. ${again}`, tone: 'warn' };
    case 'TEN_SECONDLY_ROLLING':
    case 'SECONDLY':
      return { title: 'HubSpot asked Sidecar to slow down', body: `HubSpot’s ${error.reason === 'SECONDLY' ? 'per-second' : 'ten-second'} limit was reached (policy ${error.reason}). ${again}`, tone: 'warn' };
    case 'REQUEST_LIMIT_EXCEEDED':
      return { title: 'Your Salesforce org used its daily API requests', body: `Salesforce refused with REQUEST_LIMIT_EXCEEDED: the org’s rolling 24-hour allocation is spent (a limit, not a permission). ${again}`, tone: 'warn' };
    case 'burst':
      return { title: 'Pipedrive asked Sidecar to slow down', body: `Pipedrive’s two-second limit for your token was reached (429). ${again}`, tone: 'warn' };
    case 'daily-budget':
      return { title: 'Pipedrive’s daily API budget is used up', body: `Your Pipedrive company used today’s API token budget; it resets at midnight. ${again}`, tone: 'warn' };
    case 'cloudflare-block':
      return { title: 'Pipedrive is blocking requests for a while', body: `Pipedrive’s Cloudflare shield answered with its block page (403) after too many 429s. Sidecar waits and sends nothing meanwhile. ${again}`, tone: 'warn' };
    default:
      return { title: `${crm} asked Sidecar to slow down`, body: again, tone: 'warn' };
  }
}

/** A CRM's failure in words that say what happened and what to do; never the CRM's raw text. */
export function explainCrmError(error: SidecarErrorData, crm: string): Explanation {
  switch (error.kind) {
    case 'missing-key':
      return error.reason === 'crm-not-connected'
        ? { title: `${crm} is not connected`, body: error.message, tone: 'warn', action: 'options' }
        : { title: 'Add your API key', body: error.message, tone: 'warn', action: 'options' };
    case 'bad-key':
      if (error.reason === 'expired') return { title: `Your ${crm} access has expired`, body: `${crm} no longer accepts Sidecar’s token or session. Connect ${crm} again in options; waiting writes then go by themselves.`, tone: 'bad', action: 'options' };
      if (error.reason === 'session-expired') return { title: 'Your Salesforce session ended', body: 'Sign in to Salesforce again in options; waiting writes then go by themselves.', tone: 'bad', action: 'options' };
      return { title: `${crm} revoked Sidecar’s access`, body: `${crm} says the token was revoked, rotated or is not valid. Connect ${crm} again in options with a current one; waiting writes then go by themselves.`, tone: 'bad', action: 'options' };
    case 'forbidden':
      if (error.reason === 'missing-scope') {
        const scopes = error.scopes?.length ? `: ${error.scopes.join(', ')}` : '';
        return { title: `Your ${crm} token lacks a permission`, body: `Ask your ${crm} admin to add the missing scope${scopes}, then send it again.`, tone: 'bad', action: 'retry' };
      }
      if (error.reason === 'not-writable') return { title: `${crm} does not let you change ${error.field ? `“${error.field}”` : 'that field'}`, body: `Your ${crm} user cannot write this ${error.field ? 'field' : 'record'}. Drop the write or ask your admin.`, tone: 'bad' };
      if (error.reason === 'host-permission') return { title: `Sidecar may not reach ${crm} yet`, body: error.message, tone: 'warn' };
      return { title: `${crm} refused this`, body: error.message, tone: 'bad' };
    case 'validation':
      return { title: error.field ? `${crm} refused the value of “${error.field}”` : `${crm} refused a value`, body: `${error.message} Correct it in ${crm}, or drop this write.`, tone: 'bad', action: 'retry' };
    case 'duplicate':
      return { title: `${crm} says this person is already there`, body: error.reason === 'alert' ? `${crm}’s duplicate rule allows saving anyway.` : `${crm}’s duplicate rule blocks a second record.`, tone: 'warn', action: 'retry' };
    case 'not-found':
      return { title: `${crm} has no such record any more`, body: 'It may have been deleted or merged. Drop this write.', tone: 'bad' };
    case 'rate-limited':
      return rateLimit(crm, error);
    case 'server':
      return error.reason === 'checking'
        ? { title: `Checking ${crm}`, body: error.message, tone: 'warn' }
        : { title: `${crm} is having trouble`, body: `${crm} answered with an error on its side${error.status ? ` (${error.status})` : ''}. Sidecar sends it again by itself.`, tone: 'warn', action: 'retry' };
    case 'network':
      return { title: 'You appear to be offline', body: `Sidecar could not reach ${crm}. What you saved waits in the outbox and goes when the connection is back.`, tone: 'warn', action: 'retry' };
    case 'timeout':
      return { title: `${crm} took too long to answer`, body: 'Sidecar checks whether it arrived before sending it again, so nothing is written twice.', tone: 'warn', action: 'retry' };
    case 'cancelled':
      return { title: 'Sign-in did not finish', body: error.message, tone: 'warn' };
    default:
      return { title: 'Something did not work', body: error.message, tone: 'bad', action: 'retry' };
  }
}

export function CrmErrorNotice({ error, crm, onRetry, onOpenOptions }: { error: SidecarErrorData; crm: string; onRetry?(): void; onOpenOptions?(): void }) {
  const explained = explainCrmError(error, crm);
  return (
    <div className={`notice ${explained.tone}`} role="alert" data-error-kind={error.kind} data-error-reason={error.reason}>
      <h2>{explained.title}</h2>
      <p>{explained.body}</p>
      {explained.action === 'options' && onOpenOptions && (
        <div>
          <button type="button" className="btn small" onClick={onOpenOptions}>
            Open options
          </button>
        </div>
      )}
      {explained.action === 'retry' && onRetry && (
        <div>
          <button type="button" className="btn small" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}

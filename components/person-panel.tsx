import type { ReactNode } from 'react';
import type { RevealField } from '@/lib/domain/contact';
import type { CompanyEntity } from '@/lib/domain/page-context';
import { creditWord } from '@/lib/domain/credits';
import { sendMessage } from '@/lib/messaging/client';
import type { CrmStatus } from '@/lib/messaging/crm';
import { useCrmPerson } from '@/lib/ui/crm';
import { usePaidAction } from '@/lib/ui/paid-action';
import { usePanelStore } from '@/lib/ui/panel-store';
import type { PanelView, PersonStage } from '@/lib/ui/panel-view';
import { describeLookup, type Subject } from '@/lib/ui/subject';
import { mismatchNote } from '@/lib/ui/subject-match';
import { AskCompany } from './ask-company';
import { AskSaber } from './ask-saber';
import { ContactCard, ContactHeader } from './contact-card';
import { CrmPersonBlock } from './crm-match';
import { CrmRecord } from './crm-record';
import { ErrorNotice } from './error-notice';
import { PersonTools } from './person-tools';
import { LookupConfirm, RevealConfirm } from './reveal-confirm';
import { SignalsSection } from './signals-section';
import { Skeleton } from './ui/skeleton';

type PersonView = Extract<PanelView, { kind: 'person' }>;

export interface PersonPanelProps {
  view: PersonView;
  crm?: CrmStatus;
  lookbackMonths: number;
  saberConfigured: boolean;
  onOpenOptions(): void;
  /** Looks up what the user typed in this tab (a name with the company they gave). */
  onLookUpText(text: string): Promise<boolean>;
  /** A company view (the deal's organization), drawn by the panel. */
  renderCompany(company: CompanyEntity): ReactNode;
}

/** What the preview on screen cost: it was kept, or what Lusha charged for the search behind it. */
function PreviewCost({ fromCache, charged }: { fromCache: boolean; charged?: number }) {
  return (
    <p className="muted small" data-testid="preview-cost">
      {fromCache
        ? 'This preview came from Sidecar’s store: no request, no credit.'
        : charged
          ? `This preview’s search cost ${creditWord(charged)} (Lusha charges about 1 credit per 25 results).`
          : 'This preview’s search cost nothing this time (Lusha charges about 1 credit per 25 results).'}
    </p>
  );
}

/** Lusha answered without a person: said plainly, with what it cost (nothing). */
function NoPerson({ subject, result }: { subject: Subject; result: Extract<PersonStage, { kind: 'no-person' }>['result'] }) {
  return (
    <section className="card">
      {subject.entity && <ContactHeader name={subject.entity.fullName} title={subject.entity.title} company={subject.entity.companyName} />}
      <div className={`notice ${result.status === 'restricted' ? 'warn' : ''}`} role="status" data-result-status={result.status}>
        <h2>
          {result.status === 'not-found' && 'Lusha does not know this person'}
          {result.status === 'restricted' && 'Not available for compliance reasons'}
          {result.status === 'failed' && 'Lusha could not look this person up'}
        </h2>
        <p className="muted">
          {result.status === 'not-found' && `No match for ${describeLookup(subject.lookup)}. Nothing was charged.`}
          {result.status === 'restricted' && 'Lusha restricts this person’s data (for example under GDPR). Nothing was charged.'}
          {result.status === 'failed' && 'Try again in a moment.'}
        </p>
      </div>
    </section>
  );
}

/** No answer yet: what the page shows, the lookup on its way, or what the panel waits for from the user. */
function LookingUp({ subject, onOpenOptions, onLookUpText }: { subject: Subject; onOpenOptions(): void; onLookUpText(text: string): Promise<boolean> }) {
  const { loading, error, lookupOffer, reload } = usePanelStore();
  const lookUp = usePaidAction((_: void, confirmedCredits, intentId) => usePanelStore.getState().lookUp(confirmedCredits, intentId));
  // A name without its company: the panel asks for the company rather than failing.
  const needsCompany = error?.reason === 'needs-company' && subject.lookup.kind === 'name';
  return (
    <section className="card" aria-label="Looking up">
      {subject.entity?.fullName ? (
        <ContactHeader name={subject.entity.fullName} title={subject.entity.title} company={subject.entity.companyName} photoUrl={subject.entity.photoUrl} />
      ) : (
        !needsCompany && <p className="muted">Looking up {describeLookup(subject.lookup)}…</p>
      )}
      {loading && <Skeleton lines={3} label="Looking up in Lusha" />}
      {needsCompany ? (
        <AskCompany name={describeLookup(subject.lookup)} onLookup={(company) => onLookUpText(`${describeLookup(subject.lookup)} at ${company}`)} />
      ) : (
        error && <ErrorNotice error={error} retryCredits={error.mayHaveCharged} onRetry={() => void reload()} onOpenOptions={onOpenOptions} />
      )}
      {lookupOffer && (
        <div className="stack" style={{ gap: 6 }} data-testid="lookup-offer">
          <p className="muted small">Automatic lookups are off (options). What the page shows is above; Lusha’s preview costs a search.</p>
          <div>
            <button type="button" className="btn primary small" disabled={lookUp.busy} onClick={() => lookUp.start()}>
              {lookUp.busy ? 'Looking up…' : `Look up · ${creditWord(lookupOffer.credits)}`}
            </button>
          </div>
        </div>
      )}
      {lookUp.error && <ErrorNotice error={lookUp.error} retryCredits={lookupOffer?.credits} onRetry={lookUp.retry} onOpenOptions={onOpenOptions} />}
      {lookUp.confirm && (
        <LookupConfirm subject="person" credits={lookUp.confirm.credits} onConfirm={lookUp.confirmed} onCancel={lookUp.cancel} />
      )}
    </section>
  );
}

/**
 * A person: the lookup on its way, the preview with its priced reveals (CRM first), the tools beyond it, or what
 * Lusha said instead; on a CRM record page, the record with it; on a deal, the deal's organization after it.
 */
export function PersonPanel({ view, crm, lookbackMonths, saberConfigured, onOpenOptions, onLookUpText, renderCompany }: PersonPanelProps) {
  const state = usePanelStore();
  const { subject, stage } = view;
  const found = stage.kind === 'found' ? stage.result.preview : undefined;
  const contact = state.view;
  const reveal = usePaidAction(
    (field: RevealField, confirmedCredits, intentId) => sendMessage('revealContact', { contactId: found?.id ?? '', field, confirmedCredits, intentId }),
    (data) => state.revealed(data),
  );
  // The connected CRM: who is already in it (free), before anything is paid for.
  const crmPerson = useCrmPerson(crm, { entity: subject.entity, lookup: subject.lookup, preview: found, revealed: contact?.revealed, page: state.tab?.page });
  // Lusha's match disagreeing with the page (or the typed lookup) is said before any reveal, and every paid reveal asks.
  const mismatch = found ? mismatchNote(subject, found) : undefined;
  const startReveal = (field: RevealField) => {
    const credits = found?.canReveal.find((offer) => offer.field === field)?.credits ?? 0;
    if (mismatch && credits > 0) reveal.ask(field, credits);
    else reveal.start(field);
  };
  const profileUrl = found?.linkedinUrl ?? subject.entity?.linkedinUrl;
  const crmRecord = (preview = found) =>
    subject.entity && (
      <CrmRecord record={subject.entity} preview={preview} revealed={contact?.revealed} crm={crmPerson} onRevealed={(data) => state.revealed(data)} onOpenOptions={onOpenOptions} />
    );
  const crmBlock = <CrmPersonBlock status={crm} find={crmPerson.find} queryRef="subject" person={crmPerson.person} company={crmPerson.company} onOpenOptions={onOpenOptions} />;

  return (
    <>
      {view.fromList && (
        <div>
          <button type="button" className="btn small" onClick={() => void state.selectRow(undefined)}>
            ← All {view.fromList.count} people on this page
          </button>
        </div>
      )}

      {stage.kind === 'looking-up' && <LookingUp subject={subject} onOpenOptions={onOpenOptions} onLookUpText={onLookUpText} />}

      {found && (
        <>
          <ContactCard
            preview={found}
            entity={subject.entity}
            revealed={contact?.revealed}
            revealing={reveal.busy ? reveal.arg : undefined}
            revealError={reveal.error}
            onReveal={startReveal}
            mismatch={mismatch}
            onRetryReveal={reveal.retry}
            retryRevealCredits={found.canReveal.find((offer) => offer.field === reveal.arg)?.credits}
            onOpenOptions={onOpenOptions}
            crmHas={crmPerson.has}
            crmName={crmPerson.label}
            beforeDetails={crmPerson.page && subject.entity ? crmRecord() : crmBlock}
          />
          <PersonTools
            preview={found}
            profileUrl={profileUrl}
            emailRevealedAt={contact?.revealed?.revealedAt.emails}
            saberConfigured={saberConfigured}
            onRevealed={() => void state.reload()}
            onOpenOptions={onOpenOptions}
          />
        </>
      )}
      {!crmPerson.page && !found && (stage.kind === 'no-person' || subject.entity) && crmBlock}
      {stage.kind !== 'looking-up' && contact && <PreviewCost fromCache={contact.fromCache} charged={contact.charged} />}
      {found && <SignalsSection entity={{ type: 'contact', id: found.id }} lookbackMonths={lookbackMonths} />}
      {found && profileUrl && <AskSaber subject={{ kind: 'contact', profileUrl }} saberConfigured={saberConfigured} onOpenOptions={onOpenOptions} />}

      {/* A CRM record page: the record, with what Lusha can fill (when the person is not shown with it above). */}
      {view.crmRecord && !(crmPerson.page && found) && crmRecord()}

      {stage.kind === 'no-person' && <NoPerson subject={subject} result={stage.result} />}

      {/* A deal: its person first, then its organization. */}
      {view.dealOrganization && (
        <>
          <h3 data-testid="deal-organization">The deal’s organization</h3>
          {renderCompany(view.dealOrganization)}
        </>
      )}

      {contact?.fromCache && contact.revealed && !state.revealedHere && (
        <p className="muted small" data-testid="served-from-store">
          Revealed earlier: shown from Sidecar’s store, with no request and no credit.
        </p>
      )}

      {reveal.confirm && reveal.arg && (
        <RevealConfirm field={reveal.arg} cost={reveal.confirm.credits} warning={mismatch && `${mismatch} Reveal only if it is the person you mean.`} onCancel={reveal.cancel} onConfirm={reveal.confirmed} />
      )}
    </>
  );
}

import { useId, useState } from 'react';
import type { ContactPreview } from '@/lib/domain/contact';
import { sendMessage } from '@/lib/messaging/client';
import type { PeopleRequest, PeopleView } from '@/lib/messaging/insights';
import { usePaidAction } from '@/lib/ui/paid-action';
import { useLoad } from '@/lib/ui/use-load';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { Skeleton } from './ui/skeleton';
import { creditWord } from '@/lib/domain/credits';

type Mode = PeopleRequest['mode'];

const ROLE_LABEL: Record<string, string> = { decision_maker: 'Decision maker', potential_champion: 'Champion', end_user: 'End user' };

function PersonRow({ person, onOpen }: { person: NonNullable<PeopleView['people']>[number]; onOpen(preview: ContactPreview): void }) {
  const { preview } = person;
  const name = preview.fullName ?? ([preview.firstName, preview.lastName].filter(Boolean).join(' ') || 'Unnamed person');
  return (
    <li>
      <button type="button" className="person-row" onClick={() => onOpen(preview)} data-testid="company-person">
        <span className="person-name">{name}</span>
        {preview.title && <span className="muted small">{preview.title}</span>}
        <span className="chips">
          {person.roles.map((role) => (
            <span key={role} className="chip yes">{ROLE_LABEL[role] ?? role}</span>
          ))}
          {preview.has.includes('emails') && <span className="chip">email</span>}
          {preview.has.includes('phones') && <span className="chip">phone</span>}
          {preview.location && <span className="chip">{preview.location}</span>}
        </span>
      </button>
    </li>
  );
}

/** The price of each way of looking (and anything kept from before), read without spending. */
async function readQuotes(company: PeopleRequest['company']): Promise<Partial<Record<Mode, PeopleView>>> {
  const [decisionMakers, byTitle] = await Promise.all([
    sendMessage('findPeople', { company, mode: 'decision-makers', fetch: false }).catch(() => undefined),
    sendMessage('findPeople', { company, mode: 'title', title: 'sales', fetch: false }).catch(() => undefined),
  ]);
  return { 'decision-makers': decisionMakers, title: byTitle };
}

/**
 * People at a company: Lusha's decision makers, or anyone by job title. Previews only (no email or phone is
 * bought here); the most it can cost is on each button, and one click opens a person in the panel.
 */
export function PeopleAtCompany({ company, onOpen }: { company: PeopleRequest['company']; onOpen(preview: ContactPreview): void }) {
  const [title, setTitle] = useState('');
  const headingId = useId();
  const titleId = useId();
  const companyKey = JSON.stringify(company);
  // Prices (and anything kept from before) for both ways of looking, without spending.
  const quotes = useLoad(company, readQuotes);
  /** What the last paid search found, for the company it was made at. */
  const [found, setFound] = useState<{ companyKey: string; view: PeopleView; searched: string }>();

  const find = usePaidAction(
    (ask: { mode: Mode; title?: string }, confirmedCredits, intentId) => sendMessage('findPeople', { company, ...ask, fetch: true, confirmedCredits, intentId }),
    (view, ask) => setFound({ companyKey, view, searched: ask.title ?? '' }),
  );
  const paid = found?.companyKey === companyKey ? found : undefined;
  const kept = quotes.data?.['decision-makers'];
  const shown = paid?.view ?? (kept?.people ? kept : undefined);
  const searched = paid?.searched ?? '';
  const mode = find.arg?.mode ?? 'decision-makers';

  const decisionCost = quotes.data?.['decision-makers']?.maxCredits;
  const titleCost = quotes.data?.title?.maxCredits;
  const people = shown?.people;

  return (
    <section className="card" aria-labelledby={headingId} data-testid="people-at-company">
      <h2 id={headingId}>People at this company</h2>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <button
          type="button"
          className="btn small"
          disabled={find.busy}
          data-testid="find-decision-makers"
          onClick={() => {
            find.start({ mode: 'decision-makers' });
          }}
        >
          Decision makers{decisionCost !== undefined && ` · up to ${creditWord(decisionCost)}`}
        </button>
      </div>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim().length < 2) return;
          find.start({ mode: 'title', title: title.trim() });
        }}
      >
        <label htmlFor={titleId} className="sr-only">
          Job title
        </label>
        <input id={titleId} type="text" maxLength={100} placeholder="Job title, e.g. Head of Sales" value={title} onChange={(event) => setTitle(event.target.value)} />
        <button type="submit" className="btn small" disabled={find.busy || title.trim().length < 2} data-testid="find-by-title">
          Find{titleCost !== undefined && ` · up to ${creditWord(titleCost)}`}
        </button>
      </form>
      {find.busy && <Skeleton lines={3} label="Finding people" />}
      {find.error && <ErrorNotice error={find.error} about="company" retryCredits={find.arg?.mode === 'decision-makers' ? decisionCost : titleCost} onRetry={find.retry} />}
      {!find.busy && people && (
        <>
          <p className="muted small" data-testid="people-found">
            {people.length === 0
              ? searched
                ? `Lusha has nobody titled “${searched}” here.`
                : 'Lusha lists no decision makers here.'
              : `${people.length}${shown?.total && shown.total > people.length ? ` of ${shown.total}` : ''} ${searched ? `matching “${searched}”` : people.length === 1 ? 'decision maker' : 'decision makers'}${shown?.charged !== undefined ? ` · cost ${creditWord(shown.charged)}` : shown?.fromCache ? ' · kept from before, no charge' : ''}`}
          </p>
          {people.length > 0 && (
            <ul className="people">
              {people.map((person) => (
                <PersonRow key={person.preview.id} person={person} onOpen={onOpen} />
              ))}
            </ul>
          )}
        </>
      )}
      {find.confirm && (
        <SpendConfirm
          title={`Find people for up to ${creditWord(find.confirm.credits)}?`}
          body={
            mode === 'decision-makers'
              ? `Lusha charges per person in its decision-maker list, at most ${creditWord(find.confirm.credits)}. You see names and titles; emails and phones stay to reveal.`
              : `A search by title costs at most ${creditWord(find.confirm.credits)}. You see names and titles; emails and phones stay to reveal.`
          }
          confirmLabel={`Find · up to ${creditWord(find.confirm.credits)}`}
          cost={find.confirm.credits}
          returnFocusSelector={mode === 'decision-makers' ? '[data-testid="find-decision-makers"]' : '[data-testid="find-by-title"]'}
          onConfirm={find.confirmed}
          onCancel={find.cancel}
        />
      )}
    </section>
  );
}

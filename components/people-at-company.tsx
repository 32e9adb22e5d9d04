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
type Persona = NonNullable<PeopleRequest['personas']>[number];

/** Lusha's buying-group roles, as the panel offers them. */
const ROLE_CHOICES: { value: string; label: string; personas: Persona[] }[] = [
  { value: 'decision_maker', label: 'Decision makers', personas: ['decision_maker'] },
  { value: 'potential_champion', label: 'Champions', personas: ['potential_champion'] },
  { value: 'end_user', label: 'End users', personas: ['end_user'] },
  { value: 'all', label: 'The whole buying group', personas: ['decision_maker', 'potential_champion', 'end_user'] },
];
const PAGE_SIZE = 10;

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

type Ask = { mode: Mode; title?: string; personas?: Persona[]; page?: number };

/**
 * People at a company: Lusha's decision makers, or anyone by job title. Previews only (no email or phone is
 * bought here); the most it can cost is on each button, and one click opens a person in the panel.
 */
export function PeopleAtCompany({ company, onOpen }: { company: PeopleRequest['company']; onOpen(preview: ContactPreview): void }) {
  const [title, setTitle] = useState('');
  const [role, setRole] = useState(ROLE_CHOICES[0]!.value);
  const roleId = useId();
  const personas = ROLE_CHOICES.find((choice) => choice.value === role)?.personas ?? ['decision_maker'];
  const roleLabel = ROLE_CHOICES.find((choice) => choice.value === role)?.label ?? 'Decision makers';
  const headingId = useId();
  const titleId = useId();
  const companyKey = JSON.stringify(company);
  // Prices (and anything kept from before) for both ways of looking, without spending.
  const quotes = useLoad(company, readQuotes);
  /** What is on screen after a search or a page turn (each page of 10 is priced and paid on its own), for its company. */
  const [found, setFound] = useState<{ companyKey: string; view: PeopleView; searched: string; page: number }>();
  const showFound = (view: PeopleView, ask: Ask) => setFound({ companyKey, view, searched: ask.title ?? '', page: ask.page ?? 0 });

  const find = usePaidAction(
    (ask: Ask, confirmedCredits, intentId) => sendMessage('findPeople', { company, ...ask, fetch: true, confirmedCredits, intentId }),
    showFound,
  );
  /** Another page, or another role: what is kept is shown for free, else it is fetched at its price. */
  const open = (ask: Ask) => {
    void sendMessage('findPeople', { company, ...ask, fetch: false }).then(
      (view) => (view.people ? showFound(view, ask) : find.start(ask)),
      () => find.start(ask),
    );
  };
  const paid = found?.companyKey === companyKey ? found : undefined;
  const kept = quotes.data?.['decision-makers'];
  const shown = paid?.view ?? (kept?.people ? kept : undefined);
  const searched = paid?.searched ?? '';
  const page = paid?.page ?? 0;
  const mode = find.arg?.mode ?? 'decision-makers';

  const decisionCost = quotes.data?.['decision-makers']?.maxCredits;
  const titleCost = quotes.data?.title?.maxCredits;
  const people = shown?.people;

  return (
    <section className="card" aria-labelledby={headingId} data-testid="people-at-company">
      <h2 id={headingId}>People at this company</h2>
      <div className="row" style={{ flexWrap: 'wrap' }}>
        <label htmlFor={roleId} className="sr-only">
          Buying-group role
        </label>
        <select id={roleId} value={role} data-testid="buying-group-role" onChange={(event) => setRole(event.target.value)}>
          {ROLE_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn small"
          disabled={find.busy}
          data-testid="find-decision-makers"
          onClick={() => open({ mode: 'decision-makers', personas })}
        >
          {`Find ${roleLabel.toLowerCase()}`}
          {decisionCost !== undefined && ` · up to ${creditWord(decisionCost)}`}
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
                : `Lusha lists no ${roleLabel.toLowerCase()} here.`
              : `${people.length}${shown?.total && shown.total > people.length ? ` of ${shown.total}` : ''} ${searched ? `matching “${searched}”` : roleLabel.toLowerCase()}${shown?.charged !== undefined ? ` · cost ${creditWord(shown.charged)}` : shown?.fromCache ? ' · kept from before, no charge' : ''}`}
          </p>
          {people.length > 0 && (
            <ul className="people">
              {people.map((person) => (
                <PersonRow key={person.preview.id} person={person} onOpen={onOpen} />
              ))}
            </ul>
          )}
          {(page > 0 || (shown?.total ?? 0) > (page + 1) * PAGE_SIZE) && (
            <div className="row spread" data-testid="people-pages">
              <button type="button" className="btn ghost small" disabled={page === 0 || find.busy} onClick={() => open({ mode, ...(searched ? { title: searched } : { personas }), page: page - 1 })}>
                ← Previous 10
              </button>
              <span className="muted small">
                {page * PAGE_SIZE + 1}–{page * PAGE_SIZE + people.length}
                {shown?.total ? ` of ${shown.total}` : ''}
              </span>
              <button
                type="button"
                className="btn small"
                data-testid="people-next-page"
                disabled={(shown?.total ?? 0) <= (page + 1) * PAGE_SIZE || find.busy}
                onClick={() => open({ mode, ...(searched ? { title: searched } : { personas }), page: page + 1 })}
              >
                Next 10{(searched ? titleCost : decisionCost) !== undefined && ` · up to ${creditWord((searched ? titleCost : decisionCost)!)}`}
              </button>
            </div>
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

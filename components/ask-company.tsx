import { useId, useState } from 'react';

/**
 * A name alone is not enough for Lusha: asks which company the person is at, then looks up "First Last at Company".
 * Nothing is spent by asking; the lookup that follows is priced like any other.
 */
export function AskCompany({ name, onLookup }: { name: string; onLookup(company: string): Promise<boolean> }) {
  const inputId = useId();
  const [company, setCompany] = useState('');
  const [busy, setBusy] = useState(false);
  const [unreadable, setUnreadable] = useState(false);
  return (
    <form
      className="stack"
      data-testid="ask-company"
      onSubmit={(event) => {
        event.preventDefault();
        if (!company.trim() || busy) return;
        setBusy(true);
        void onLookup(company.trim())
          .then((recognised) => setUnreadable(!recognised))
          .finally(() => setBusy(false));
      }}
    >
      <label htmlFor={inputId}>
        <strong>Which company is {name} at?</strong>
      </label>
      <p className="muted small">Lusha finds people by name only together with their company.</p>
      <div className="row">
        <input
          id={inputId}
          type="text"
          placeholder="Company name"
          value={company}
          onChange={(event) => {
            setCompany(event.target.value);
            setUnreadable(false);
          }}
          autoComplete="organization"
          autoFocus
        />
        <button type="submit" className="btn primary small" disabled={!company.trim() || busy}>
          Look up
        </button>
      </div>
      {unreadable && (
        <p className="muted small" role="status">
          Sidecar could not read that as a company name: use letters, digits and ordinary punctuation.
        </p>
      )}
    </form>
  );
}

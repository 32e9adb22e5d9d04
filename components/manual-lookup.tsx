import { useId, useState } from 'react';

/** Look anyone up by hand: an email, a LinkedIn URL, "First Last at Company" or a company domain. */
export function ManualLookup({ onLookup }: { onLookup(text: string): Promise<boolean> }) {
  const inputId = useId();
  const [text, setText] = useState('');
  const [unrecognised, setUnrecognised] = useState(false);
  return (
    <form
      className="manual-lookup"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        if (!text.trim()) return;
        void onLookup(text).then((recognised) => {
          setUnrecognised(!recognised);
          if (recognised) setText('');
        });
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        Look someone up
      </label>
      <input
        id={inputId}
        type="text"
        placeholder="Email, LinkedIn URL, name or domain"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setUnrecognised(false);
        }}
        autoComplete="off"
        spellCheck={false}
      />
      <button type="submit" className="btn small" disabled={!text.trim()}>
        Look up
      </button>
      {unrecognised && (
        <p className="muted small" role="status" style={{ gridColumn: '1 / -1' }}>
          Sidecar needs an email address, a LinkedIn profile or company link, a name with a company (“Ana Ruiz at Northwind”), or a company’s domain.
        </p>
      )}
    </form>
  );
}

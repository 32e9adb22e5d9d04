import { useEffect, useId, useState } from 'react';
import type { Output } from '@/lib/messaging/protocol';

type HistoryEntry = Output<'getHistory'>[number];

/** What to type to look someone (or a company) up again, from how they were looked up. */
export function lookupTextOf(entry: HistoryEntry): string {
  const [kind, ...rest] = entry.lookupKey.split(':');
  const value = rest.join(':');
  if (entry.kind === 'company') return kind === 'company-name' ? (entry.companyName ?? value) : value;
  if (kind === 'name') {
    const [first, last, company] = value.split('|');
    return `${first} ${last}${company ? ` at ${company}` : ''}`;
  }
  return entry.linkedinUrl ?? value;
}

function ago(at: number): string {
  const minutes = Math.round((Date.now() - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString();
}

interface HistoryListProps {
  load(query: string): Promise<HistoryEntry[]>;
  onOpen(entry: HistoryEntry): void;
  onErase(entry: HistoryEntry): Promise<void>;
}

/** Recently viewed and revealed people and companies: searchable, one click to look again, each erasable. */
export function HistoryList({ load, onOpen, onErase }: HistoryListProps) {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [entries, setEntries] = useState<HistoryEntry[]>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void load(query).then((found) => live && setEntries(found));
    return () => {
      live = false;
    };
  }, [load, query, version]);

  return (
    <section className="card" aria-label="History">
      <div className="row spread">
        <h2>History</h2>
        {entries && <span className="chip">{entries.length}</span>}
      </div>
      <label htmlFor={searchId} className="sr-only">
        Search history
      </label>
      <input id={searchId} type="text" placeholder="Search by name, title or company" value={query} onChange={(event) => setQuery(event.target.value)} />
      {entries?.length === 0 && <p className="muted">{query ? 'Nothing matches.' : 'People and companies you look at appear here.'}</p>}
      <ul className="people" data-testid="history-list">
        {entries?.map((entry) => (
          <li key={entry.contactId} className="history-row">
            <button type="button" className="person-row" onClick={() => onOpen(entry)}>
              <span className="person-name">
                {entry.fullName ?? (entry.kind === 'company' ? 'Unnamed company' : 'Unnamed person')}
                {entry.kind === 'company' && <span className="chip" style={{ marginLeft: 6 }}>Company</span>}
              </span>
              <span className="muted small">{[entry.title, entry.companyName].filter(Boolean).join(' · ')}</span>
              <span className="muted small">
                {entry.revealedAt ? `Revealed · ` : ''}
                {ago(entry.viewedAt)}
              </span>
            </button>
            <button
              type="button"
              className="btn ghost small danger"
              aria-label={`Erase ${entry.fullName ?? (entry.kind === 'company' ? 'this company' : 'this person')} from Sidecar`}
              onClick={() => void onErase(entry).then(() => setVersion((value) => value + 1))}
            >
              Erase
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

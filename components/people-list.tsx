import type { ContactEntity } from '@/lib/domain/page-context';

/** Everyone recognised on a list page (people search, Sales Navigator lists), in page order; one click to look at any. */
export function PeopleList({ people, onSelect }: { people: ContactEntity[]; onSelect(index: number): void }) {
  return (
    <section className="card" aria-label="People on this page">
      <div className="row spread">
        <h2>People on this page</h2>
        <span className="chip">{people.length}</span>
      </div>
      {people.length === 0 ? (
        <p className="muted">Sidecar sees no one on this page yet. Results that load later appear here by themselves.</p>
      ) : (
        <ul className="people" data-testid="people-list">
          {people.map((person, index) => (
            <li key={`${person.linkedinUrl ?? person.salesNavUrl ?? person.fullName ?? ''}-${index}`}>
              <button type="button" className="person-row" onClick={() => onSelect(index)}>
                <span className="person-name">{person.fullName ?? 'Unnamed member'}</span>
                {person.title && <span className="muted small">{person.title}</span>}
                {person.location && <span className="muted small">{person.location}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

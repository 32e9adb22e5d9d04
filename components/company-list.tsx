import type { CompanyEntity } from '@/lib/domain/page-context';

/** The companies a list page shows (a Sales Navigator account search): one click opens any of them. */
export function CompanyList({ companies, onOpen }: { companies: CompanyEntity[]; onOpen(company: CompanyEntity): void }) {
  return (
    <section className="card" aria-label="Companies on this page" data-testid="company-list">
      <div className="row spread">
        <h2>Companies on this page</h2>
        <span className="chip">{companies.length}</span>
      </div>
      <ul className="people">
        {companies.map((company, index) => (
          <li key={`${company.linkedinUrl ?? company.domain ?? company.name ?? ''}-${index}`}>
            <button type="button" className="person-row" disabled={!company.domain && !company.name} onClick={() => onOpen(company)}>
              <span className="person-name">{company.name ?? company.domain ?? 'Unnamed company'}</span>
              <span className="muted small">{[company.industry, company.size, company.location].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

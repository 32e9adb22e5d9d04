import type { CompanyEntity } from '@/lib/domain/page-context';

/** A company as the page shows it (LinkedIn company pages, CRM company records). */
export function CompanyCard({ company }: { company: CompanyEntity }) {
  const facts: [string, string | undefined][] = [
    ['Website', company.domain],
    ['Industry', company.industry],
    ['Size', company.size],
    ['Location', company.location],
  ];
  return (
    <section className="card" aria-label="Company">
      <div className="row">
        <div className="avatar" aria-hidden="true" style={{ borderRadius: 10 }}>
          {(company.name ?? '?').slice(0, 1).toUpperCase()}
        </div>
        <h2 className="title" data-testid="company-name">{company.name ?? 'Unnamed company'}</h2>
      </div>
      <dl className="facts">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      <p className="muted small">Company previews from your providers, signals and people at this company come in a later version of Sidecar.</p>
    </section>
  );
}

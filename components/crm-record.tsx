import type { ContactEntity } from '@/lib/domain/page-context';
import type { ContactPreview } from '@/lib/domain/contact';
import { CopyButton } from './ui/copy-button';

const credits = (n: number) => `${n} ${n === 1 ? 'credit' : 'credits'}`;

/**
 * On a CRM record: what the record already holds, beside what the provider could add (and at what cost), so no one
 * pays for an email the CRM already has.
 */
export function CrmRecord({ record, preview }: { record: ContactEntity; preview?: ContactPreview }) {
  const offer = (field: 'emails' | 'phones') => preview?.canReveal.find((entry) => entry.field === field);
  const rows: { label: string; value?: string; field?: 'emails' | 'phones' }[] = [
    { label: 'Email', value: record.email, field: 'emails' },
    { label: 'Phone', value: record.phone, field: 'phones' },
    { label: 'Title', value: record.title },
    { label: 'Company', value: record.companyName },
  ];
  return (
    <section className="card" aria-label="This CRM record" data-testid="crm-record">
      <h3>In your CRM</h3>
      <dl className="facts">
        {rows.map(({ label, value, field }) => {
          const extra = field ? offer(field) : undefined;
          return (
            <div key={label} style={{ display: 'contents' }}>
              <dt>{label}</dt>
              <dd className="row spread" style={{ gap: 6 }}>
                {value ? (
                  <>
                    <span className={field ? 'mono' : undefined} style={{ overflowWrap: 'anywhere' }}>
                      {value}
                    </span>
                    <CopyButton value={value} label={`${label.toLowerCase()} ${value}`} />
                  </>
                ) : (
                  <span className="muted">
                    {extra ? `Missing · Lusha can add it (${extra.credits === 0 ? 'already paid' : credits(extra.credits)})` : 'Missing'}
                  </span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

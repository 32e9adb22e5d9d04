import { useEffect, useState } from 'react';
import type { ResearchRecord } from '@/lib/domain/watch';
import { sendMessage } from '@/lib/messaging/client';
import { ResearchState } from './research-section';

/** Every Saber research kept, newest first (in History): each opens to its brief. */
export function ResearchHistory() {
  const [records, setRecords] = useState<ResearchRecord[]>();
  useEffect(() => {
    void sendMessage('getResearch', { all: true }).then(setRecords, () => undefined);
  }, []);
  if (!records || records.length === 0) return null;
  return (
    <section className="card" aria-label="Research" data-testid="research-history">
      <h3>Research briefs</h3>
      {records.map((record) => (
        <details key={record.id}>
          <summary>
            {record.name}
            {record.companyName ? ` · ${record.companyName}` : ''} <span className="muted small">· {new Date(record.requestedAt).toLocaleDateString()} · {record.research.status}</span>
          </summary>
          <ResearchState record={record} />
        </details>
      ))}
    </section>
  );
}

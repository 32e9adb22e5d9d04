import { useCallback, useEffect, useState } from 'react';
import type { ContactPreview } from '@/lib/domain/contact';
import type { ResearchRecord } from '@/lib/domain/watch';
import { sendMessage } from '@/lib/messaging/client';
import { safeUrl } from '@/lib/ui/safe-url';
import { usePaidAction } from '@/lib/ui/paid-action';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { Skeleton } from './ui/skeleton';

/** Saber does not publish its price: the button says the most a research job may cost. */
const RESEARCH_MAX = 2;
const saberWord = (n: number) => `${n} Saber ${n === 1 ? 'credit' : 'credits'}`;
/** How often an open panel reads a job that is still running (free reads). */
const POLL_MS = 3000;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function text(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value.trim() ? value : typeof value === 'number' ? String(value) : undefined;
}

const FACTS: [string, string][] = [
  ['jobTitle', 'Title'],
  ['headline', 'Headline'],
  ['seniority', 'Seniority'],
  ['location', 'Location'],
  ['email', 'Email'],
];

/** A finished research job as a brief: summary, talking points, facts, and its sources. */
export function ResearchBrief({ record }: { record: ResearchRecord }) {
  const details = record.research.details as Record<string, Json>;
  const summary = text(details.summary);
  const points = Array.isArray(details.talkingPoints) ? details.talkingPoints.flatMap((point) => (text(point) ? [text(point)!] : [])) : [];
  const sources = Array.isArray(details.sources)
    ? details.sources.flatMap((source) => (source && typeof source === 'object' && !Array.isArray(source) && text(source.url) ? [{ url: text(source.url)!, title: text(source.title), snippet: text(source.snippet) }] : []))
    : [];
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="research-brief">
      {summary && <p>{summary}</p>}
      <dl className="facts">
        {FACTS.filter(([key]) => text(details[key])).map(([key, label]) => (
          <div key={key} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>{text(details[key])}</dd>
          </div>
        ))}
      </dl>
      {points.length > 0 && (
        <>
          <h4 className="small">Talking points</h4>
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </>
      )}
      {sources.length > 0 && (
        <>
          <h4 className="small">Sources</h4>
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="research-sources">
            {sources.map((source) => {
              const link = safeUrl(source.url);
              return (
                <li key={source.url} className="small">
                  {link ? (
                    <a href={link} target="_blank" rel="noreferrer noopener">
                      {source.title ?? source.url}
                    </a>
                  ) : (
                    (source.title ?? source.url)
                  )}
                  {source.snippet && <span className="muted"> · {source.snippet}</span>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p className="muted small">
        Researched {new Date(record.requestedAt).toLocaleString()}
        {record.credits !== undefined ? ` · ${saberWord(record.credits)}` : ''}
      </p>
    </div>
  );
}

/** Where one research job stands, as a card body. */
export function ResearchState({ record }: { record: ResearchRecord }) {
  if (record.research.status === 'completed') return <ResearchBrief record={record} />;
  if (record.research.status === 'failed') {
    return (
      <div className="notice warn" role="status" data-testid="research-failed">
        <h2>Saber could not research this person</h2>
        <p>{record.research.error ?? 'Saber did not say why.'} {record.credits ? `It used ${saberWord(record.credits)}.` : ''}</p>
      </div>
    );
  }
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="research-processing">
      <p className="muted small">Saber is researching (this takes a few minutes). You can close the panel: Sidecar keeps checking, for free, and keeps the brief.</p>
      <Skeleton lines={2} label="Saber is researching" />
    </div>
  );
}

/** "Research this person · up to 2 Saber credits", then the brief (polled while open; an alarm polls otherwise). */
export function ResearchSection({ preview, profileUrl, saberConfigured, onOpenOptions }: { preview: ContactPreview; profileUrl?: string; saberConfigured: boolean; onOpenOptions(): void }) {
  const [records, setRecords] = useState<ResearchRecord[]>([]);
  const firstName = preview.firstName ?? preview.fullName?.split(/\s+/)[0];
  const lastName = preview.lastName ?? preview.fullName?.split(/\s+/).slice(1).join(' ');
  const who = { profileUrl, firstName, lastName, companyDomain: preview.companyDomain };
  const load = useCallback(() => sendMessage('getResearch', who).then(setRecords, () => undefined), [profileUrl, firstName, lastName, preview.companyDomain]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void load();
  }, [load]);
  const latest = records[0];
  const processing = latest?.research.status === 'processing';
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [processing, load]);
  const research = usePaidAction(
    (_: void, confirmedCredits, intentId) =>
      sendMessage('startResearch', {
        ...(profileUrl ? { profileUrl } : {}),
        firstName: firstName ?? '',
        lastName: lastName ?? '',
        companyName: preview.companyName ?? '',
        companyDomain: preview.companyDomain ?? '',
        ...(preview.title ? { jobTitle: preview.title } : {}),
        confirmedCredits,
        intentId,
      }),
    () => void load(),
  );
  const possible = Boolean(firstName && lastName && preview.companyName && preview.companyDomain);
  return (
    <section className="card" aria-label="Research" data-testid="research">
      <div className="row spread" style={{ flexWrap: 'wrap', gap: 6 }}>
        <h3>Brief</h3>
        {saberConfigured && possible && !processing && (
          <button type="button" className="btn small" data-testid="start-research" disabled={research.busy} onClick={() => research.start()}>
            {research.busy ? 'Asking Saber…' : `${latest ? 'Research again' : 'Research this person'} · up to ${saberWord(RESEARCH_MAX)}`}
          </button>
        )}
      </div>
      {!saberConfigured && <p className="muted small">With a Saber key (see Ask Saber below), Saber researches this person into a brief with its sources.</p>}
      {saberConfigured && !possible && <p className="muted small">Saber needs this person’s name, company and company website to research them.</p>}
      {latest && <ResearchState record={latest} />}
      {research.error && <ErrorNotice error={research.error} provider="Saber" retryCredits={RESEARCH_MAX} onRetry={research.retry} onOpenOptions={onOpenOptions} />}
      {research.confirm && (
        <SpendConfirm
          title={`Research this person for up to ${saberWord(research.confirm.credits)}?`}
          body="Saber researches the person (a few minutes) and writes a brief with its sources. The credits come from your Saber account, not Lusha’s. Sidecar keeps the brief."
          confirmLabel={`Research · up to ${saberWord(research.confirm.credits)}`}
          cost={research.confirm.credits}
          onConfirm={research.confirmed}
          onCancel={research.cancel}
        />
      )}
    </section>
  );
}

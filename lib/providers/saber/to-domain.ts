/**
 * Raw Saber v1 shapes (schemas.ts) → Sidecar's domain types (lib/domain). Pure functions, no I/O.
 */
import type {
  AnswerSource,
  JsonValue,
  QuestionSignal,
  QuestionSignalPage,
  QuestionSubject,
  QuestionTemplate,
  QuestionTemplatePage,
} from '../../domain/saber-answer';
import type { ContactResearch, CreditBalance, EmailFinding, Prospect, ProspectSearchResult } from '../../domain/saber-prospect';
import type {
  SaberContactResearch,
  SaberContactSearch,
  SaberCredits,
  SaberFindEmail,
  SaberProspect,
  SaberSignal,
  SaberSignalList,
  SaberSource,
  SaberTemplate,
  SaberTemplateList,
} from './schemas';

/** Which endpoint family a signal came from. */
export type SubjectKind = QuestionSubject['kind'];

/** `null`, `undefined` and blank strings become undefined; other strings are trimmed. */
function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Confidence on a 0..1 scale. Saber sends 0..1; a value in (1, 100] is read as percent. Out of range: dropped. */
export function toConfidence(value: number | null | undefined): number | undefined {
  if (value == null || !Number.isFinite(value) || value < 0) return undefined;
  if (value <= 1) return value;
  if (value <= 100) return value / 100;
  return undefined;
}

/** Sources with a URL; blank titles and snippets dropped. */
export function toSources(sources: SaberSource[] | null | undefined): AnswerSource[] {
  return (sources ?? []).flatMap((source) => {
    const url = text(source.url);
    if (!url) return [];
    return [dropUndefined({ url, title: text(source.title), snippet: text(source.snippet) })];
  });
}

/**
 * A signal's subject. The reply's own `domain`/`contactProfileUrl` win; `fallback` (what was asked) fills a reply
 * that omits it. `kind` is the endpoint's; a reply's `signalType` only decides when the endpoint could hold both.
 */
function subjectOf(raw: SaberSignal, kind: SubjectKind, fallback?: string): QuestionSubject {
  if (kind === 'company') {
    const domain = text(raw.domain) ?? fallback;
    return domain ? { kind, domain } : { kind };
  }
  const profileUrl = text(raw.contactProfileUrl) ?? fallback;
  return profileUrl ? { kind, profileUrl } : { kind };
}

/** One signal → a QuestionSignal (processing, completed or failed). */
export function toQuestionSignal(raw: SaberSignal, kind: SubjectKind, fallbackSubject?: string): QuestionSignal {
  const base = dropUndefined({
    provider: 'saber' as const,
    id: raw.id,
    subject: subjectOf(raw, kind, fallbackSubject),
    question: text(raw.question),
    answerType: text(raw.answerType),
    createdAt: text(raw.createdAt),
  });
  switch (raw.status) {
    case 'processing':
      return { ...base, status: 'processing' };
    case 'failed':
      return dropUndefined({
        ...base,
        status: 'failed' as const,
        error: text(raw.error),
        errorCode: text(raw.errorCode),
        completedAt: text(raw.completedAt),
      });
    case 'completed':
      return dropUndefined({
        ...base,
        status: 'completed' as const,
        answer: raw.answer,
        confidence: toConfidence(raw.confidence),
        reasoning: text(raw.reasoning),
        sources: toSources(raw.sources),
        completedAt: text(raw.completedAt),
      });
  }
}

/** A signal list → a page. Missing figures are derived from what came back. */
export function toSignalPage(raw: SaberSignalList, kind: SubjectKind): QuestionSignalPage {
  const items = raw.results.map((signal) => toQuestionSignal(signal, kind));
  const offset = raw.offset ?? 0;
  const total = Math.max(raw.total ?? offset + items.length, offset + items.length);
  return { items, total, limit: raw.limit ?? items.length, offset, hasMore: offset + items.length < total };
}

export function toTemplate(raw: SaberTemplate): QuestionTemplate {
  return dropUndefined({
    provider: 'saber' as const,
    id: raw.id,
    name: text(raw.name),
    description: text(raw.description),
    question: text(raw.question),
    answerType: text(raw.answerType),
    weight: text(raw.weight),
    version: raw.version ?? undefined,
    createdAt: text(raw.createdAt),
  });
}

export function toTemplatePage(raw: SaberTemplateList): QuestionTemplatePage {
  const items = raw.items.map(toTemplate);
  const offset = raw.offset ?? 0;
  const total = Math.max(raw.total ?? offset + items.length, offset + items.length);
  return { items, total, limit: raw.limit ?? items.length, offset, hasMore: raw.hasMore ?? offset + items.length < total };
}

export function toProspect(raw: SaberProspect): Prospect {
  const firstName = text(raw.firstName);
  const lastName = text(raw.lastName);
  const seniority = raw.seniority == null ? [] : Array.isArray(raw.seniority) ? raw.seniority : [raw.seniority];
  return dropUndefined({
    provider: 'saber' as const,
    fullName: text(raw.fullName) ?? text([firstName, lastName].filter(Boolean).join(' ')),
    firstName,
    lastName,
    headline: text(raw.headline),
    title: text(raw.role),
    companyName: text(raw.companyName),
    location: text(raw.location),
    seniority: seniority.map((s) => s.trim()).filter(Boolean),
    linkedinUrl: text(raw.linkedInProfileUrl),
    salesNavigatorUrl: text(raw.linkedInSalesNavigatorProfileUrl),
    avatarUrl: text(raw.avatar),
  });
}

/** `salesNavConnected: false` → its own state, whatever else came back. */
export function toProspectSearchResult(raw: SaberContactSearch): ProspectSearchResult {
  if (raw.salesNavConnected === false) return { state: 'sales-nav-disconnected' };
  const items = (raw.items ?? []).map(toProspect);
  const offset = raw.offset ?? 0;
  const total = Math.max(raw.total ?? offset + items.length, offset + items.length);
  return { state: 'ok', items, total, limit: raw.limit ?? items.length, offset, hasMore: raw.hasMore ?? offset + items.length < total };
}

export function toEmailFinding(raw: SaberFindEmail): EmailFinding {
  const email = text(raw.email);
  if (!email) return { status: 'not-found' };
  const v = raw.verification;
  const state = text(v?.state);
  if (!v || !state) return { status: 'found', email };
  return {
    status: 'found',
    email,
    verification: dropUndefined({ state, score: v.score ?? undefined, acceptAll: v.accept_all ?? undefined }),
  };
}

const RESEARCH_KNOWN_KEYS = new Set([
  'id',
  'status',
  'firstName',
  'lastName',
  'companyName',
  'companyDomain',
  'createdAt',
  'completedAt',
  'error',
]);

/** Saber's research status word → ours. Unknown words count as still processing (the poller caps its attempts). */
export function researchStatus(vendorStatus: string): ContactResearch['status'] {
  const status = vendorStatus.trim().toLowerCase();
  if (['completed', 'complete', 'done', 'succeeded', 'success', 'finished'].includes(status)) return 'completed';
  if (['failed', 'failure', 'error', 'errored', 'cancelled', 'canceled', 'rejected'].includes(status)) return 'failed';
  return 'processing';
}

export function toContactResearch(raw: SaberContactResearch): ContactResearch {
  const details: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!RESEARCH_KNOWN_KEYS.has(key) && value !== undefined) details[key] = value as JsonValue;
  }
  return dropUndefined({
    provider: 'saber' as const,
    id: raw.id,
    status: researchStatus(raw.status),
    vendorStatus: raw.status,
    firstName: text(raw.firstName),
    lastName: text(raw.lastName),
    companyName: text(raw.companyName),
    companyDomain: text(raw.companyDomain),
    createdAt: text(raw.createdAt),
    completedAt: text(raw.completedAt),
    error: text(raw.error),
    details,
  });
}

export function toCreditBalance(raw: SaberCredits, fetchedAt: number): CreditBalance {
  return { provider: 'saber', remainingCredits: raw.remainingCredits, fetchedAt };
}

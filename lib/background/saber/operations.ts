/**
 * Saber's paid calls as engine operations. A question is created (Saber charges when it creates one, 1 or 2 credits
 * by its own documents) and then polled for free. Saber's answers carry no charge, so its cost is what Saber's
 * balance shows it used: read just before and just after, one paid Saber call at a time (the lane allows one in
 * flight), so the difference is this question's. A question whose answer was lost is found in Saber's list of the
 * subject's questions rather than asked (and paid) again.
 */
import { z } from 'zod';
import { answerTypeSchema, type QuestionSignal } from '../../domain/saber-answer';
import type { CallContext, Findings, Intent, ItemOutcome, Operation } from '../../engine/types';
import { saberSubjectSchema, type SaberSubject } from '../../messaging/insights';
import type { SaberClient } from '../../providers/saber';
import { listSpends } from '../../store/ledger';
import { putStoredQuestions, subjectKey } from '../../store/saber-questions';

export const SABER_QUESTION = 'saber.question';

/** Saber's paid calls (writes: 2,000/min, bursts of 400), one in flight at a time so balances tell each one's cost. */
export const SABER_WRITE_LANE = 'saber-write';
/** Saber's free reads (100,000/min, bursts of 10,000). */
export const SABER_READ_LANE = 'saber-read';

/**
 * What one question may cost. Saber's sources disagree (1 or 2 credits a signal, docs/providers.md §2.6), so the
 * confirmation asks for the upper bound; the ledger books what the balance shows was used.
 */
export const SABER_CREDITS_PER_QUESTION_MAX = 2;
/** How far before our send a question Saber lists may have been created and still be ours (clock skew). */
const CREATED_SKEW_MS = 60_000;

export const questionArgsSchema = z.object({
  subject: saberSubjectSchema,
  question: z.string().optional(),
  templateId: z.string().optional(),
  answerType: answerTypeSchema,
});
export type QuestionArgs = z.infer<typeof questionArgsSchema>;

const memoSchema = z.object({ balanceBefore: z.number().optional() });

export interface SaberOperationDeps {
  client(): Promise<SaberClient>;
  /** Saber's balance now (a free read). */
  balance(client: SaberClient): Promise<number>;
  /** A free read through Saber's read lane. */
  read<T>(call: () => Promise<T>): Promise<T>;
  now(): number;
  /**
   * Finds out lost answers of every Saber operation at once (one function, so the engine groups them): the balance's
   * spans are shared by all of Saber's paid calls.
   */
  investigate?: SaberInvestigate;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one function for every Saber operation's intents
export type SaberInvestigate = (intents: Intent<any>[], context: CallContext) => Promise<Findings<any>>;

export function balanceBefore(intent: Intent): number | undefined {
  const parsed = memoSchema.safeParse(intent.memo ?? {});
  return parsed.success ? parsed.data.balanceBefore : undefined;
}

async function create(client: SaberClient, args: QuestionArgs): Promise<QuestionSignal> {
  const options = { question: args.question, signalTemplateId: args.templateId, answerType: args.answerType };
  const { subject } = args;
  const response =
    subject.kind === 'company'
      ? await client.createCompanySignal({ ...options, domain: subject.domain })
      : await client.createContactSignal({ ...options, contactProfileUrl: subject.profileUrl });
  return response.data;
}

/** The subject's questions Saber lists, newest first (free). */
async function listed(deps: SaberOperationDeps, client: SaberClient, subject: SaberSubject): Promise<QuestionSignal[]> {
  const page = await deps.read(() =>
    subject.kind === 'company' ? client.listCompanySignals({ domain: subject.domain, limit: 25 }) : client.listContactSignals({ contactProfileUrl: subject.profileUrl, limit: 25 }),
  );
  return page.data.items;
}

/** Whether a listed question is the one this intent created. */
function isOurs(signal: QuestionSignal, intent: Intent<QuestionArgs>): boolean {
  const created = signal.createdAt ? Date.parse(signal.createdAt) : NaN;
  const after = (intent.sentAt ?? intent.createdAt) - CREATED_SKEW_MS;
  const sameQuestion = intent.args.question === undefined || signal.question === undefined || signal.question.trim() === intent.args.question.trim();
  return sameQuestion && (Number.isNaN(created) || created >= after);
}

/**
 * Finds out what Saber's paid calls whose answer was lost used, from the balance around each (and, for a question,
 * what it became, from Saber's list of the subject's questions). Shared by every Saber operation: their calls go one
 * at a time, so the spans between their starting balances tell each one's cost.
 */
export function createSaberInvestigator(deps: SaberOperationDeps): SaberInvestigate {
  return async (intents) => {
    const client = await deps.client();
    const now = await deps.balance(client);
    const findings: Findings<unknown> = new Map();
    const sentAt = (intent: Intent) => intent.sentAt ?? intent.createdAt;
    const ordered = [...intents].sort((a, b) => sentAt(a) - sentAt(b));
    // Saber credits booked since the first of these was sent: calls sent after a lost one (and before it was found
    // out) were measured and booked on their own; their charges lie inside the lost one's span of the balance and
    // must not be counted again (the span alone booked them twice: ledger above Saber's own count).
    const booked = ordered.length === 0 ? [] : (await listSpends(sentAt(ordered[0]!))).filter((entry) => entry.provider === 'saber');
    for (const [index, intent] of ordered.entries()) {
      const before = balanceBefore(intent);
      // The next call's starting balance ends this one's span; the last one's ends now.
      const next = ordered.slice(index + 1).find((candidate) => balanceBefore(candidate) !== undefined);
      const end = next ? balanceBefore(next)! : now;
      const endAt = next ? sentAt(next) : Infinity;
      const others = booked.reduce((sum, entry) => sum + (entry.at >= sentAt(intent) && entry.at < endAt ? entry.credits : 0), 0);
      // Without the balance before it, what it used cannot be measured: the most it can cost is booked (as the
      // confirmation said), never nothing (it was 0, so a charged call went unbooked).
      const credits = before === undefined ? intent.reserved : Math.max(0, Math.min(intent.reserved, before - end - others));
      if (intent.op !== SABER_QUESTION) {
        findings.set(intent.id, { credits });
        continue;
      }
      const question = intent as Intent<QuestionArgs>;
      const signal = (await listed(deps, client, question.args.subject)).find((candidate) => isOurs(candidate, question));
      findings.set(intent.id, signal ? { credits, outcome: { ok: true, value: signal, summary: signal.status } } : { credits });
    }
    return findings;
  };
}

export function createQuestionOperation(deps: SaberOperationDeps): Operation<QuestionArgs, QuestionSignal> {
  const op: Operation<QuestionArgs, QuestionSignal> = {
    name: SABER_QUESTION,
    provider: 'saber',
    lane: SABER_WRITE_LANE,
    args: questionArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => [subjectKey(args.subject), args.question ?? `template:${args.templateId}`, args.answerType].join('|'),
    ledger: (args) => ({ action: 'question', entityId: subjectKey(args.subject) }),
    async beforeSend(intents) {
      const client = await deps.client();
      const before = await deps.balance(client).catch(() => undefined);
      for (const intent of intents) intent.memo = { balanceBefore: before };
    },
    async send(intents) {
      const intent = intents[0]!;
      const client = await deps.client();
      const signal = await create(client, intent.args);
      const before = balanceBefore(intent);
      const after = await deps.balance(client).catch(() => undefined);
      const outcome: ItemOutcome<QuestionSignal> = { ok: true, value: signal, summary: signal.status };
      const outcomes = new Map([[intent.id, outcome]]);
      if (before === undefined || after === undefined) return { outcomes, charges: [], unpriced: [intent.id] };
      const credits = Math.max(0, before - after);
      return { outcomes, charges: credits > 0 ? [{ ...op.ledger(intent.args), intentId: intent.id, credits }] : [] };
    },
    investigate: deps.investigate ?? createSaberInvestigator(deps),
    async store(settled) {
      for (const { intent, outcome, charged } of settled) {
        if (!outcome.ok) continue;
        const askedAt = intent.sentAt ?? intent.createdAt;
        const question = { id: outcome.value.id, signal: outcome.value, askedAt, usedAt: deps.now(), ...(charged === undefined ? {} : { credits: charged }) };
        await putStoredQuestions(intent.args.subject, [question]);
      }
    },
  };
  return op;
}

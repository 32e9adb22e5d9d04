import { useEffect, useId, useState } from 'react';
import { answerTypeSchema, type Answer, type AnswerType, type AnswerSource, type QuestionTemplate } from '@/lib/domain/saber-answer';
import { answerText } from '@/lib/domain/answer-text';
import { sendMessage } from '@/lib/messaging/client';
import type { AskedQuestion, SaberSubject } from '@/lib/messaging/insights';
import { safeUrl } from '@/lib/ui/safe-url';
import { usePaidAction } from '@/lib/ui/paid-action';
import { useLoad } from '@/lib/ui/use-load';
import { FeatureGate } from '@/lib/ui/policy';
import { ErrorNotice } from './error-notice';
import { SpendConfirm } from './reveal-confirm';
import { creditWord } from '@/lib/domain/credits';

/** Saber's price per question is documented as 1 or 2 credits: Sidecar shows and asks for the upper bound. */
const QUESTION_CREDITS = 2;

interface ReadyQuestion {
  question: string;
  answerType: AnswerType;
}

const COMPANY_QUESTIONS: ReadyQuestion[] = [
  { question: 'Are they hiring SDRs?', answerType: 'boolean' },
  { question: 'What CRM do they use?', answerType: 'open_text' },
  { question: 'How many salespeople do they employ?', answerType: 'number' },
  { question: 'Did they raise funding in the last 12 months?', answerType: 'boolean' },
  { question: 'Which sales tools do they use?', answerType: 'list' },
];

const CONTACT_QUESTIONS: ReadyQuestion[] = [
  { question: 'What topics does this person post about?', answerType: 'list' },
  { question: 'Did this person change roles in the last 6 months?', answerType: 'boolean' },
  { question: 'What is this person responsible for?', answerType: 'open_text' },
];

const ANSWER_TYPE_LABEL: Partial<Record<AnswerType, string>> = {
  open_text: 'Text',
  boolean: 'Yes / no',
  number: 'Number',
  percentage: 'Percentage',
  currency: 'Amount',
  list: 'List',
  url: 'Link',
};

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

function AnswerValue({ answer }: { answer: Answer }) {
  switch (answer.type) {
    case 'boolean':
      return <span className={`answer-yesno ${answer.value ? 'yes' : 'no'}`}>{answer.value ? 'Yes' : 'No'}</span>;
    case 'number':
      return <span className="answer-number">{number.format(answer.value)}</span>;
    case 'percentage':
      return <span className="answer-number">{number.format(answer.value)} %</span>;
    case 'currency':
      return <span className="answer-number">{answer.amount !== undefined ? number.format(answer.amount) : answer.value}</span>;
    case 'url': {
      const href = safeUrl(answer.value);
      return href ? (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {answer.value}
        </a>
      ) : (
        <span className="mono">{answer.value}</span>
      );
    }
    case 'list':
      return answer.value.length === 0 ? (
        <span className="muted">An empty list.</span>
      ) : (
        <ul className="answer-list">
          {answer.value.map((item, index) => (
            <li key={`${item}-${index}`}>{item}</li>
          ))}
        </ul>
      );
    case 'open_text':
      return <p className="answer-text">{answer.value}</p>;
    case 'json_schema':
      return <pre className="answer-json">{JSON.stringify(answer.value, null, 2)}</pre>;
    default:
      return (
        <details>
          <summary className="muted">Sidecar cannot lay out this kind of answer yet; show it as data</summary>
          <pre className="answer-json">{JSON.stringify(answer.raw, null, 2)}</pre>
        </details>
      );
  }
}

function Sources({ sources }: { sources: AnswerSource[] }) {
  const links = sources.map((source) => ({ ...source, href: safeUrl(source.url) })).filter((source) => source.href);
  if (links.length === 0) return null;
  return (
    <div className="stack" style={{ gap: 2 }}>
      <span className="small muted">Sources</span>
      <ol className="sources">
        {links.map((source) => (
          <li key={source.href}>
            <a href={source.href} target="_blank" rel="noreferrer noopener" title={source.snippet}>
              {source.title ?? new URL(source.href!).hostname}
            </a>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The answer type a listed question was asked with (open text when Saber's word is not one Sidecar knows). */
function answerTypeOf(vendor: string | undefined): AnswerType {
  const parsed = answerTypeSchema.safeParse(vendor);
  return parsed.success ? parsed.data : 'open_text';
}

function QuestionResult({ asked, pin }: { asked: AskedQuestion; pin?: { pinned: boolean; onPin(): void } }) {
  const { signal } = asked;
  return (
    <li className="question" data-testid="saber-question" data-status={signal.status}>
      <strong className="question-text">{signal.question ?? 'Saved question'}</strong>
      {signal.status === 'processing' && (
        <p className="working" role="status">
          <span className="spinner" aria-hidden="true" /> Saber is working on it… answers usually take a few seconds.
        </p>
      )}
      {signal.status === 'failed' && <p className="muted">Saber could not answer this question. Nothing more is charged; try rewording it.</p>}
      {signal.status === 'completed' && (
        <div className="stack">
          {signal.answer ? (
            <div data-answer-type={signal.answer.type}>
              <AnswerValue answer={signal.answer} />
            </div>
          ) : (
            <p className="muted">Saber found no evidence to answer this.</p>
          )}
          {signal.confidence !== undefined && (
            <div className="row small" data-testid="saber-confidence">
              <span className="meter" style={{ flex: 1 }} aria-hidden="true">
                <span style={{ width: `${Math.round(signal.confidence * 100)}%` }} />
              </span>
              <span>{Math.round(signal.confidence * 100)} % confident</span>
            </div>
          )}
          {signal.reasoning && (
            <details>
              <summary className="small">Why Saber thinks so</summary>
              <p className="small">{signal.reasoning}</p>
            </details>
          )}
          <Sources sources={signal.sources} />
          {pin && signal.question && (
            <div>
              <button type="button" className="btn ghost small" data-testid="pin-question" aria-pressed={pin.pinned} disabled={pin.pinned} onClick={pin.onPin}>
                {pin.pinned ? '📌 Pinned: asked again at each watch check' : '📌 Pin to the watchlist (asked at each check, up to 2 Saber credits)'}
              </button>
            </div>
          )}
        </div>
      )}
      <span className="muted small">
        Asked {new Date(asked.askedAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}
        {asked.credits !== undefined && asked.credits > 0 && ` · ${asked.credits} Saber ${asked.credits === 1 ? 'credit' : 'credits'}`}
      </span>
    </li>
  );
}

/** The questions asked about a subject before, with their answers so far (free). */
function readAskedQuestions(subject: SaberSubject): Promise<AskedQuestion[]> {
  return sendMessage('getSaberQuestions', { subject }).catch(() => []);
}

/**
 * Ask Saber about the company or person on screen: ready questions and the account's saved ones, or free text
 * with the kind of answer wanted. The price is on the button; answers are typed, with Saber's confidence, its
 * reasoning and sources, and a visible "working…" while Saber researches (the panel checks back for free).
 */
type AskSaberProps = {
  subject: SaberSubject;
  saberConfigured: boolean;
  onOpenOptions(): void;
  /** A watched company's key: completed answers can be pinned to it (asked again at each watch check). */
  pinTo?: { key: string; pinned: string[]; onPinned(): void };
};

/** Ask Saber, shown only while the organisation leaves it on (the background refuses it otherwise). */
export function AskSaber(props: AskSaberProps) {
  return (
    <FeatureGate feature="ask-saber">
      <AskSaberView {...props} />
    </FeatureGate>
  );
}

function AskSaberView({ subject, saberConfigured, onOpenOptions, pinTo }: AskSaberProps) {
  const [templates, setTemplates] = useState<QuestionTemplate[]>([]);
  const [text, setText] = useState('');
  const [answerType, setAnswerType] = useState<AnswerType>('open_text');
  const headingId = useId();
  const textId = useId();
  const typeId = useId();
  const ready = subject.kind === 'company' ? COMPANY_QUESTIONS : CONTACT_QUESTIONS;

  // The questions asked about this subject before (reading them is free).
  const questions = useLoad(subject, readAskedQuestions, { enabled: saberConfigured });
  const asked = questions.data ?? [];

  useEffect(() => {
    if (!saberConfigured || subject.kind !== 'company') return;
    void sendMessage('getSaberTemplates', {}).then(setTemplates, () => setTemplates([]));
  }, [saberConfigured, subject.kind]);

  // While Saber works, check back every two seconds (reading an answer is free).
  const processing = asked.some((entry) => entry.signal.status === 'processing');
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(questions.reload, 2000);
    return () => clearInterval(timer);
  }, [processing, questions.reload]);

  const askAction = usePaidAction(
    (ask: { question?: string; templateId?: string; answerType: AnswerType }, confirmedCredits, intentId) =>
      sendMessage('askSaber', { subject, ...ask, confirmedCredits, intentId }),
    (answer) => {
      questions.set([answer, ...asked.filter((entry) => entry.signal.id !== answer.signal.id)]);
      setText('');
    },
  );

  const headingText = subject.kind === 'company' ? 'Ask Saber about this company' : 'Ask Saber about this person';

  if (!saberConfigured) {
    return (
      <section className="card" aria-labelledby={headingId} data-testid="ask-saber">
        <h2 id={headingId}>{headingText}</h2>
        <p className="muted">Saber researches the web to answer questions like “{ready[0]!.question}”. Add your Saber API key to ask.</p>
        <div>
          <button type="button" className="btn small" onClick={onOpenOptions}>
            Add a Saber key
          </button>
        </div>
      </section>
    );
  }

  const busy = askAction.busy;
  const working = busy || processing;
  return (
    <section className="card" aria-labelledby={headingId} data-testid="ask-saber" aria-busy={working}>
      <div className="row spread">
        <h2 id={headingId}>{headingText}</h2>
        <span className="muted small">up to {QUESTION_CREDITS} Saber credits a question</span>
      </div>
      <div className="chips" role="group" aria-label="Ready questions">
        {ready.map((entry) => (
          <button key={entry.question} type="button" className="chip action" disabled={busy} onClick={() => askAction.start({ ...entry })}>
            {entry.question}
          </button>
        ))}
        {templates.slice(0, 6).map((template) => (
          <button
            key={template.id}
            type="button"
            className="chip action"
            disabled={busy}
            title={template.question}
            onClick={() => askAction.start({ templateId: template.id, answerType: (template.answerType as AnswerType | undefined) ?? 'open_text' })}
          >
            {template.name ?? template.question ?? 'Saved question'}
          </button>
        ))}
      </div>
      <form
        className="ask-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim().length >= 3) askAction.start({ question: text.trim(), answerType });
        }}
      >
        <label htmlFor={textId} className="sr-only">
          Your question
        </label>
        <input id={textId} type="text" maxLength={500} placeholder={subject.kind === 'company' ? 'Do they sell to banks?' : 'Where did they study?'} value={text} onChange={(event) => setText(event.target.value)} />
        <label htmlFor={typeId} className="sr-only">
          Kind of answer
        </label>
        <select id={typeId} value={answerType} onChange={(event) => setAnswerType(event.target.value as AnswerType)}>
          {Object.entries(ANSWER_TYPE_LABEL).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="btn primary small" disabled={busy || text.trim().length < 3} data-testid="ask-saber-submit">
          {busy ? 'Asking…' : `Ask · up to ${creditWord(QUESTION_CREDITS)}`}
        </button>
      </form>
      {busy && (
        <p className="working" role="status" data-testid="saber-working">
          <span className="spinner" aria-hidden="true" /> Saber is working… it researches the web, which can take a few seconds.
        </p>
      )}
      {askAction.error && <ErrorNotice error={askAction.error} provider="Saber" retryCredits={2} onRetry={askAction.retry} onOpenOptions={onOpenOptions} />}
      {asked.length > 0 && (
        <ol className="questions" aria-label="Questions asked">
          {asked.map((entry) => (
            <QuestionResult
              key={entry.signal.id}
              asked={entry}
              pin={
                pinTo && entry.signal.question
                  ? {
                      pinned: pinTo.pinned.includes(entry.signal.question.trim()),
                      onPin: () =>
                        void sendMessage('pinQuestion', {
                          key: pinTo.key,
                          question: entry.signal.question!.trim(),
                          answerType: answerTypeOf(entry.signal.answerType),
                          ...(entry.signal.status === 'completed' ? { lastAnswer: answerText(entry.signal.answer).slice(0, 500) } : {}),
                        }).then(pinTo.onPinned, () => undefined),
                    }
                  : undefined
              }
            />
          ))}
        </ol>
      )}
      {askAction.confirm && (
        <SpendConfirm
          title={`Ask Saber for up to ${askAction.confirm.credits} Saber credits?`}
          body={`“${askAction.arg?.question ?? 'This saved question'}” costs 1 or 2 credits from your Saber account (not Lusha’s). The answer is kept here.`}
          confirmLabel={`Ask · up to ${creditWord(askAction.confirm.credits)}`}
          cost={askAction.confirm.credits}
          returnFocusSelector='[data-testid="ask-saber-submit"]'
          onConfirm={askAction.confirmed}
          onCancel={askAction.cancel}
        />
      )}
    </section>
  );
}

/** What a check found, as events: one per new signal, one per pinned question whose answer changed. */
import type { QuestionSignal } from '../../domain/saber-answer';
import { answerText } from '../../domain/answer-text';
import type { Signal } from '../../domain/signal';
import { signalDetail, signalLabel } from '../../domain/signal-label';
import type { WatchEvent, WatchItem } from '../../domain/watch';

/** A stable id for one signal of one subject: seen again by a later check, it adds nothing. */
export function signalEventId(watchKey: string, signal: Signal): string {
  const what = signal.id ?? [signal.title, signal.summary, signal.value, signal.current?.company, signal.current?.title].map((part) => part ?? '').join('~');
  return `${watchKey}|${signal.type}|${signal.date ?? ''}|${what}`.slice(0, 400);
}

export function signalEvent(item: WatchItem, signal: Signal, at: number): WatchEvent {
  const detail = signalDetail(signal);
  return {
    id: signalEventId(item.key, signal),
    watchKey: item.key,
    kind: 'signal',
    at,
    subject: item.name,
    title: signalLabel(signal),
    ...(detail ? { detail } : {}),
    signal,
    read: false,
  };
}

/** The event for a pinned question's new answer, or undefined when it says what it said before. */
export function answerEvent(item: WatchItem, question: string, signal: QuestionSignal, previous: string | undefined, at: number): WatchEvent | undefined {
  if (signal.status !== 'completed') return undefined;
  const text = answerText(signal.answer).slice(0, 500);
  if (previous !== undefined && text === previous) return undefined;
  return {
    id: `${item.key}|saber|${signal.id}`,
    watchKey: item.key,
    kind: 'saber-answer',
    at,
    subject: item.name,
    title: `Saber: ${question}`,
    detail: previous === undefined ? text : `${previous} → ${text}`,
    read: false,
  };
}

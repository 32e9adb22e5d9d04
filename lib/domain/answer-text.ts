/** A Saber answer in a few words, to compare a pinned question's answers and to show what changed. */
import type { Answer } from './saber-answer';

/** An answer in words, short: "Yes", "42 %", "HubSpot, Salesforce". */
export function answerText(answer: Answer | null): string {
  if (!answer) return 'No evidence found';
  switch (answer.type) {
    case 'boolean':
      return answer.value ? 'Yes' : 'No';
    case 'number':
      return String(answer.value);
    case 'percentage':
      return `${answer.value} %`;
    case 'currency':
    case 'url':
    case 'open_text':
      return answer.value;
    case 'list':
      return answer.value.join(', ');
    case 'unknown':
      return JSON.stringify(answer.raw).slice(0, 300);
    default:
      return JSON.stringify('value' in answer ? answer.value : answer).slice(0, 300);
  }
}


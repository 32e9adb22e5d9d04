/**
 * Saber's paid calls about one person, as engine operations: contact research (created now, finished later: the
 * result is polled for free by an alarm) and the email finder. Like questions, their charge is what Saber's balance
 * shows they used, read just before and just after (the write lane sends one at a time), and a lost answer is found
 * out from the balance by the investigator all Saber operations share; neither is ever sent again on its own.
 */
import { z } from 'zod';
import type { ContactResearch, EmailFinding } from '../../domain/saber-prospect';
import type { Intent, ItemOutcome, Operation } from '../../engine/types';
import { emailFindingItem } from '../../store/email-findings';
import { putResearch } from '../../store/research';
import { balanceBefore, SABER_WRITE_LANE, type SaberInvestigate, type SaberOperationDeps } from './operations';

export const SABER_RESEARCH = 'saber.research';
export const SABER_FIND_EMAIL = 'saber.find-email';

/**
 * What one research job may cost and one email search. Saber does not publish either price (docs/providers.md §6),
 * so the button says "up to" these and the ledger books what the balance shows.
 */
export const SABER_CREDITS_PER_RESEARCH_MAX = 2;
export const SABER_CREDITS_PER_FIND_EMAIL_MAX = 1;

export const researchArgsSchema = z.object({
  /** Who it is about, as the research store keys it. */
  subject: z.string().min(1),
  name: z.string().min(1),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  companyName: z.string().min(1),
  companyDomain: z.string().min(3),
  contactProfileUrl: z.string().optional(),
  jobTitle: z.string().optional(),
});
export type ResearchArgs = z.infer<typeof researchArgsSchema>;

export const findEmailArgsSchema = z.object({
  /** The Lusha id of the person (where the finding is kept), or another stable key. */
  contactId: z.string().min(1),
  fullName: z.string().min(3),
  domain: z.string().min(3),
});
export type FindEmailArgs = z.infer<typeof findEmailArgsSchema>;

export interface SaberContactOperationDeps extends SaberOperationDeps {
  investigate: SaberInvestigate;
}

/** Reads the balance before the call leaves, kept on the intent (a restarted worker still has it). */
function withBalanceBefore(deps: SaberOperationDeps) {
  return async (intents: Intent[]) => {
    const client = await deps.client();
    const before = await deps.balance(client).catch(() => undefined);
    for (const intent of intents) intent.memo = { balanceBefore: before };
  };
}

/** The answer with the charge the balance shows (or unpriced, found out later, when it could not be read). */
async function measured<A, R>(deps: SaberOperationDeps, op: Operation<A, R>, intent: Intent<A>, outcome: ItemOutcome<R>) {
  const before = balanceBefore(intent);
  const after = await deps.balance(await deps.client()).catch(() => undefined);
  const outcomes = new Map([[intent.id, outcome]]);
  if (before === undefined || after === undefined) return { outcomes, charges: [], unpriced: [intent.id] };
  const credits = Math.max(0, before - after);
  return { outcomes, charges: credits > 0 ? [{ ...op.ledger(intent.args), intentId: intent.id, credits }] : [] };
}

export function createResearchOperation(deps: SaberContactOperationDeps): Operation<ResearchArgs, ContactResearch> {
  const op: Operation<ResearchArgs, ContactResearch> = {
    name: SABER_RESEARCH,
    provider: 'saber',
    lane: SABER_WRITE_LANE,
    args: researchArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => args.subject,
    ledger: (args) => ({ action: 'research', entityId: args.subject }),
    beforeSend: withBalanceBefore(deps),
    async send(intents) {
      const intent = intents[0]!;
      const { subject: _subject, name: _name, ...input } = intent.args;
      const client = await deps.client();
      const research = (await client.createContactResearch(input)).data;
      return measured(deps, op, intent, { ok: true, value: research, summary: research.status });
    },
    investigate: deps.investigate,
    async store(settled) {
      for (const { intent, outcome, charged } of settled) {
        if (!outcome.ok) continue;
        await putResearch({
          id: outcome.value.id,
          subject: intent.args.subject,
          name: intent.args.name,
          companyName: intent.args.companyName,
          requestedAt: intent.sentAt ?? intent.createdAt,
          research: outcome.value,
          polls: 0,
          ...(charged === undefined ? {} : { credits: charged }),
        });
      }
    },
  };
  return op;
}

export function createFindEmailOperation(deps: SaberContactOperationDeps): Operation<FindEmailArgs, EmailFinding> {
  const op: Operation<FindEmailArgs, EmailFinding> = {
    name: SABER_FIND_EMAIL,
    provider: 'saber',
    lane: SABER_WRITE_LANE,
    args: findEmailArgsSchema,
    repeatIsFree: false,
    shareKey: (args) => `${args.contactId}|${args.fullName.toLowerCase()}|${args.domain.toLowerCase()}`,
    ledger: (args) => ({ action: 'find-email', entityId: args.contactId, field: 'emails' }),
    beforeSend: withBalanceBefore(deps),
    async send(intents) {
      const intent = intents[0]!;
      const client = await deps.client();
      const finding = (await client.findEmail(intent.args.fullName, intent.args.domain)).data;
      return measured(deps, op, intent, { ok: true, value: finding, summary: finding.status });
    },
    investigate: deps.investigate,
    async store(settled) {
      for (const { intent, outcome, charged } of settled) {
        if (!outcome.ok) continue;
        const item = emailFindingItem(intent.args.contactId);
        const steps = (await item.get())?.steps ?? [];
        await item.set({ finding: outcome.value, at: deps.now(), steps, ...(charged === undefined ? {} : { credits: charged }) });
      }
    },
  };
  return op;
}

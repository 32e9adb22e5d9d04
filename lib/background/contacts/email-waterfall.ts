/**
 * The email waterfall: when Lusha has no email for someone (or the user allows it as a second step), Saber's email
 * finder is tried, in the order the user set. Every step is a paid intent through the engine; the whole is priced
 * before the click (each step's price on the button) and confirmed once; the first verified hit stops it (a Lusha
 * email, or a Saber email Saber calls deliverable); what each step returned and cost is kept and shown.
 */
import type { RevealedData } from '../../domain/contact';
import { creditWord } from '../../domain/credits';
import { SidecarError } from '../../domain/errors';
import type { EmailFinding } from '../../domain/saber-prospect';
import { needsConfirmation, type EmailWaterfall } from '../../domain/settings';
import type { WaterfallStep } from '../../domain/watch';
import type { Engine } from '../../engine/engine';
import { getPreviewByContactId, getRevealed } from '../../store/contacts';
import { emailFindingItem } from '../../store/email-findings';
import { getIntent } from '../../store/intents';
import { getApiKey } from '../../store/secrets';
import { getSettings } from '../../store/settings';
import { SABER_CREDITS_PER_FIND_EMAIL_MAX, SABER_FIND_EMAIL, type FindEmailArgs } from '../saber/contact-operations';
import type { ContactsService } from './contacts';

type Provider = 'lusha' | 'saber';

const ORDER: Record<EmailWaterfall, Provider[]> = {
  lusha: ['lusha'],
  'lusha-then-saber': ['lusha', 'saber'],
  'saber-then-lusha': ['saber', 'lusha'],
  saber: ['saber'],
};

/** One step as priced before the click: its provider and the most it costs (0: free, or nothing to try). */
export interface PlannedStep {
  provider: Provider;
  credits: number;
  /** Why the step will be skipped (no email at Lusha, no Saber key, no company domain…). */
  skip?: string;
}

export interface WaterfallPlan {
  steps: PlannedStep[];
  /** Lusha credits and Saber credits together, as the confirmation asks for them. */
  total: number;
}

export interface WaterfallResult {
  steps: WaterfallStep[];
  revealed?: RevealedData;
  finding?: EmailFinding;
}

export interface WaterfallDeps {
  engine: Engine;
  contacts: ContactsService;
}

/** The name and domain Saber's finder needs, from the stored preview. */
async function personOf(contactId: string): Promise<{ fullName?: string; domain?: string; hasEmail: boolean; restricted: boolean }> {
  const result = (await getPreviewByContactId(contactId))?.result;
  if (result?.status === 'restricted') return { hasEmail: false, restricted: true };
  if (result?.status !== 'found') return { hasEmail: true, restricted: false };
  const { preview } = result;
  const fullName = preview.fullName ?? ([preview.firstName, preview.lastName].filter(Boolean).join(' ') || undefined);
  const hasEmail = preview.canReveal.some((offer) => offer.field === 'emails') || preview.has.includes('emails');
  return { fullName, domain: preview.companyDomain, hasEmail, restricted: false };
}

/** Lusha grades its emails A+, A, B…: an email without a grade, or graded A or better, is taken as verified. */
export function isVerifiedGrade(confidence: string | undefined): boolean {
  return confidence === undefined || confidence === 'A+' || confidence === 'A';
}

export function createEmailWaterfall(deps: WaterfallDeps) {
  const { engine, contacts } = deps;

  /** What each step will cost, in the user's order (free to call: the panel's button shows it). */
  async function plan(contactId: string): Promise<WaterfallPlan> {
    const { emailWaterfall } = await getSettings();
    const person = await personOf(contactId);
    const revealed = await getRevealed(contactId);
    const steps: PlannedStep[] = [];
    // An email Lusha already revealed with a verified grade ends the waterfall before it starts.
    const verified = revealed?.emails?.some((email) => isVerifiedGrade(email.confidence ?? undefined)) ?? false;
    for (const provider of ORDER[emailWaterfall]) {
      if (verified) {
        steps.push({ provider, credits: 0, skip: provider === 'lusha' ? 'Already revealed.' : 'Lusha’s email is verified: nothing more to find.' });
        continue;
      }
      if (provider === 'lusha') {
        if (revealed?.revealedAt.emails !== undefined) steps.push({ provider, credits: 0, skip: 'Already revealed.' });
        else if (person.restricted) steps.push({ provider, credits: 0, skip: 'Lusha cannot share this person’s details.' });
        else if (!person.hasEmail) steps.push({ provider, credits: 0, skip: 'Lusha has no email for this person.' });
        else steps.push({ provider, credits: await contacts.priceOf(contactId, 'emails').catch(() => 0) });
      } else if (!(await getApiKey('saber'))) steps.push({ provider, credits: 0, skip: 'Add a Saber key in options to ask Saber.' });
      else if (!person.fullName || person.fullName.split(/\s+/).length < 2 || !person.domain) steps.push({ provider, credits: 0, skip: 'Saber needs a full name and a company website.' });
      else steps.push({ provider, credits: SABER_CREDITS_PER_FIND_EMAIL_MAX });
    }
    return { steps, total: steps.reduce((sum, step) => sum + (step.skip ? 0 : step.credits), 0) };
  }

  /** Charged credits of one intent, as the engine booked them. */
  async function chargedOf(intentId: string): Promise<number> {
    return (await getIntent(intentId))?.charged ?? 0;
  }

  async function lushaStep(contactId: string, confirmedCredits: number | undefined, intentId: string | undefined): Promise<WaterfallStep> {
    try {
      const revealed = await contacts.revealContact(contactId, 'emails', confirmedCredits, intentId);
      const email = revealed.emails?.[0];
      const credits = intentId ? await chargedOf(intentId) : 0; // an email served from the store cost nothing now
      if (!email) return { provider: 'lusha', outcome: 'not-found', credits, message: 'Lusha returned no email.' };
      return { provider: 'lusha', outcome: 'found', email: email.email, ...(email.type ? { emailType: email.type } : {}), ...(email.confidence ? { confidence: email.confidence } : {}), credits };
    } catch (error) {
      if (!SidecarError.is(error)) throw error;
      if (error.data.kind === 'not-found') return { provider: 'lusha', outcome: 'not-found', credits: error.data.charged ?? 0, message: error.data.message };
      throw error;
    }
  }

  async function saberStep(contactId: string, person: Awaited<ReturnType<typeof personOf>>, confirmedCredits: number | undefined, intentId: string | undefined): Promise<{ step: WaterfallStep; finding?: EmailFinding }> {
    const args: FindEmailArgs = { contactId, fullName: person.fullName!, domain: person.domain! };
    const settled = await engine.submitOne<FindEmailArgs, EmailFinding>(
      SABER_FIND_EMAIL,
      { args, price: SABER_CREDITS_PER_FIND_EMAIL_MAX, id: intentId },
      { origin: 'click', confirmedCredits, what: 'Finding this email with Saber' },
    );
    const finding = settled.value ?? (await emailFindingItem(contactId).get())?.finding;
    const credits = settled.intent.charged ?? 0;
    if (!finding || finding.status === 'not-found') return { step: { provider: 'saber', outcome: 'not-found', credits, message: 'Saber found no email.' }, ...(finding ? { finding } : {}) };
    return {
      step: { provider: 'saber', outcome: 'found', email: finding.email, ...(finding.verification ? { verification: finding.verification, emailType: finding.verification.state } : {}), credits },
      finding,
    };
  }

  /**
   * Runs the waterfall for one person. `confirmedCredits` is what the user agreed to for every step together; the
   * click's `intentId` names each step's intent (`<id>-lusha`, `<id>-saber`), so asking again joins them.
   */
  async function run(contactId: string, confirmedCredits?: number, intentId?: string): Promise<WaterfallResult> {
    const planned = await plan(contactId);
    const settings = await getSettings();
    if (needsConfirmation(planned.total, settings) && (confirmedCredits === undefined || confirmedCredits < planned.total)) {
      const words = planned.steps.filter((step) => !step.skip).map((step) => (step.provider === 'lusha' ? `Lusha · ${creditWord(step.credits)}` : `Saber · up to ${step.credits} Saber ${step.credits === 1 ? 'credit' : 'credits'}`));
      throw new SidecarError({ kind: 'needs-confirmation', credits: planned.total, message: `Finding this email costs up to: ${words.join(', then ')}.` });
    }
    const person = await personOf(contactId);
    const steps: WaterfallStep[] = [];
    let revealed: RevealedData | undefined;
    let finding: EmailFinding | undefined;
    // Each step's intent is named after the click, so asking again joins it; without a click id, one is made up.
    const clickId = intentId ?? `wf${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    for (const step of planned.steps) {
      if (step.skip) {
        steps.push({ provider: step.provider, outcome: 'skipped', credits: 0, message: step.skip });
        continue;
      }
      const id = `${clickId}-${step.provider}`;
      try {
        if (step.provider === 'lusha') {
          const done = await lushaStep(contactId, step.credits, id);
          steps.push(done);
          if (done.outcome === 'found') revealed = await getRevealed(contactId);
          if (done.outcome === 'found' && isVerifiedGrade(done.confidence)) break;
        } else {
          const done = await saberStep(contactId, person, step.credits, id);
          steps.push(done.step);
          finding = done.finding;
          // Only an email Saber calls deliverable on a domain that does not accept everything stops the waterfall.
          if (done.step.outcome === 'found' && done.step.verification?.state === 'deliverable' && !done.step.verification.acceptAll) break;
        }
      } catch (error) {
        if (!SidecarError.is(error)) throw error;
        const credits = error.data.charged ?? 0;
        steps.push({ provider: step.provider, outcome: 'failed', credits, message: error.data.message });
        // A step that may have been charged stops here: the user hears it before anything else is spent.
        if (error.data.mayHaveCharged !== undefined || error.data.kind === 'needs-confirmation' || error.data.kind === 'budget-exceeded') {
          await keep(contactId, steps);
          throw error;
        }
      }
    }
    await keep(contactId, steps);
    return { steps, ...(revealed ? { revealed } : {}), ...(finding ? { finding } : {}) };
  }

  async function keep(contactId: string, steps: WaterfallStep[]): Promise<void> {
    const item = emailFindingItem(contactId);
    const previous = await item.get();
    await item.set({ ...(previous ?? {}), at: Date.now(), steps });
  }

  /** What the last waterfall found for someone (free). */
  async function last(contactId: string): Promise<WaterfallResult | undefined> {
    const record = await emailFindingItem(contactId).get();
    if (!record) return undefined;
    return { steps: record.steps, ...(record.finding ? { finding: record.finding } : {}) };
  }

  return { plan, run, last };
}

export type EmailWaterfallService = ReturnType<typeof createEmailWaterfall>;

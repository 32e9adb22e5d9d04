/**
 * The fault matrix: every paid action × every fault a provider documents, run the same way by the e2e suite (real
 * Chromium, the built extension) and by the benchmark (the background's code in Node). A driver only knows how to send
 * one message of the panel's protocol, restart the service worker, and tell when the engine has settled; everything
 * else (which clicks, which faults, what to measure) is here, once.
 *
 * Each case measures money, not UI: what the provider charged against what Sidecar booked (the ledger gap), anything
 * charged without a click (after a refusal, a restart, a resume, a cancel), anything paid twice, and the cap.
 */
import type { SandboxDataset } from '../sandbox/dataset-types';

/** One message's answer, as the protocol's envelope carries it. */
export type Answer = { ok: true; data: unknown } | { ok: false; error: { kind: string; message: string; charged?: number; mayHaveCharged?: number; intentId?: string } };

export interface MatrixDriver {
  /** Sends one page message of the protocol (as the panel does) and returns its envelope. */
  send(type: string, data: unknown): Promise<Answer>;
  /** Stops the service worker and starts a new one over the same storage (the engine resumes from what it stored). */
  restartWorker(): Promise<void>;
  /** Resolves when the engine has nothing queued, in flight or being found out. */
  settled(): Promise<void>;
  /** The sandbox's base URL. */
  sandboxUrl: string;
  /** The extension's provider timeout (ms): a latency fault longer than it loses the answer. */
  providerTimeoutMs: number;
}

export interface MatrixFigures {
  /** Credits charged with no click asking for them. */
  unasked_spend: number;
  /** Credits charged beyond what one click could cost. */
  double_paid: number;
  /** Credits spent past the daily cap. */
  cap_overrun: number;
  /** |provider's count − Sidecar's ledger|, summed over the cases. */
  ledger_gap: number;
  /** Action × fault pairs run. */
  fault_cases: number;
}

export interface CaseResult {
  action: string;
  fault: string;
  figures: Omit<MatrixFigures, 'fault_cases'>;
  note?: string;
}

interface Money {
  provider: { lusha: number; saber: number };
  ledger: { lusha: number; saber: number };
}

type Provider = 'lusha' | 'saber';

/** One click of a paid action, on one subject, and what it may cost at most. */
interface Prepared {
  max: number;
  click(confirmedCredits: number, intentId: string): Promise<Answer>;
}

interface PaidAction {
  name: string;
  provider: Provider;
  /** The provider path its call takes (where a fault is injected). */
  path: string;
  /** Gets what the click needs (a lookup first, say), then the click itself. */
  prepare(context: MatrixContext): Promise<Prepared>;
}

export const FAULTS = [
  'out-of-credits-then-top-up-and-restart',
  'timeout-after-charge',
  '5xx-after-charge',
  'dropped-after-charge',
  'charged-2xx-malformed',
  'two-concurrent-under-cap',
] as const;
export type FaultName = (typeof FAULTS)[number] | 'bulk-cancel-then-restart';

interface MatrixContext {
  driver: MatrixDriver;
  dataset: SandboxDataset;
  /** A fresh person (with an email, not restricted) each time: nobody is revealed twice across cases. */
  person(): SandboxDataset['people'][number];
  /** A fresh company each time. */
  company(): SandboxDataset['companies'][number];
}

let intentCounter = 0;
/** A click's id, as the panel makes one. */
function clickId(): string {
  intentCounter += 1;
  return `m-${Date.now().toString(36)}-${intentCounter.toString(36).padStart(6, '0')}`;
}

function data<T>(answer: Answer, what: string): T {
  if (!answer.ok) throw new Error(`${what} failed: ${answer.error.kind}: ${answer.error.message}`);
  return answer.data as T;
}

async function sandbox(driver: MatrixDriver, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${driver.sandboxUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function money(driver: MatrixDriver): Promise<Money> {
  const state = (await sandbox(driver, 'GET', '/__sandbox/state')) as { lusha: { creditsUsed: number }; saber: { creditsUsed: number } };
  const exported = data<{ ledger: { provider: Provider; credits: number }[] }>(await driver.send('exportData', {}), 'export');
  const ledger = { lusha: 0, saber: 0 };
  for (const entry of exported.ledger) ledger[entry.provider] += entry.credits;
  return { provider: { lusha: state.lusha.creditsUsed, saber: state.saber.creditsUsed }, ledger };
}

const startDate = () => new Date(Date.now() - 180 * 86_400_000).toISOString().slice(0, 10);

/** The paid actions of the panel, each as the panel sends it. */
export const ACTIONS: PaidAction[] = [
  {
    name: 'person lookup',
    provider: 'lusha',
    path: '/v3/contacts/search',
    async prepare({ driver, person }) {
      const linkedinUrl = `https://www.linkedin.com/in/${person().linkedinSlug}`;
      return {
        max: 1,
        click: (confirmedCredits, intentId) => driver.send('lookupContact', { lookup: { kind: 'linkedin-profile', linkedinUrl }, origin: 'click', confirmedCredits, intentId }),
      };
    },
  },
  {
    name: 'email reveal',
    provider: 'lusha',
    path: '/v3/contacts/enrich',
    async prepare({ driver, person }) {
      const linkedinUrl = `https://www.linkedin.com/in/${person().linkedinSlug}`;
      const view = data<{ result: { status: string; preview?: { id: string; canReveal: { field: string; credits: number }[] } } }>(
        await driver.send('lookupContact', { lookup: { kind: 'linkedin-profile', linkedinUrl }, origin: 'click', confirmedCredits: 1000 }),
        'lookup',
      );
      const preview = view.result.preview!;
      const max = preview.canReveal.find((offer) => offer.field === 'emails')?.credits ?? 1;
      return { max, click: (confirmedCredits, intentId) => driver.send('revealContact', { contactId: preview.id, field: 'emails', confirmedCredits, intentId }) };
    },
  },
  {
    // "Fill N empty fields" on a CRM record: every missing field's reveal as one click (one confirmation of the total).
    name: 'CRM fill reveal',
    provider: 'lusha',
    path: '/v3/contacts/enrich',
    async prepare({ driver, person }) {
      const linkedinUrl = `https://www.linkedin.com/in/${person().linkedinSlug}`;
      const view = data<{ result: { status: string; preview?: { id: string; canReveal: { field: 'emails' | 'phones'; credits: number }[] } } }>(
        await driver.send('lookupContact', { lookup: { kind: 'linkedin-profile', linkedinUrl }, origin: 'click', confirmedCredits: 1000 }),
        'lookup',
      );
      const preview = view.result.preview!;
      const fields = preview.canReveal.map((offer) => offer.field);
      const max = preview.canReveal.reduce((sum, offer) => sum + offer.credits, 0);
      return { max, click: (confirmedCredits, intentId) => driver.send('revealForCrm', { contactId: preview.id, fields, confirmedCredits, intentId }) };
    },
  },
  {
    name: 'company lookup',
    provider: 'lusha',
    path: '/v3/companies/search',
    async prepare({ driver, company }) {
      const { domain, name } = company();
      return {
        max: 1,
        click: (confirmedCredits, intentId) => driver.send('lookupCompany', { company: { type: 'company', domain, name, confidence: 1 }, origin: 'click', confirmedCredits, intentId }),
      };
    },
  },
  {
    name: 'company profile',
    provider: 'lusha',
    path: '/v3/companies/enrich',
    async prepare({ driver, company }) {
      const { domain, name } = company();
      const view = data<{ result: { company?: { id: string } }; profileCredits: number }>(
        await driver.send('lookupCompany', { company: { type: 'company', domain, name, confidence: 1 }, origin: 'click', confirmedCredits: 1000 }),
        'company lookup',
      );
      const companyId = view.result.company!.id;
      return { max: view.profileCredits, click: (confirmedCredits, intentId) => driver.send('revealCompany', { companyId, fields: [], confirmedCredits, intentId }) };
    },
  },
  {
    name: 'company signals',
    provider: 'lusha',
    path: '/v3/companies/signals',
    async prepare({ driver, company }) {
      const { domain, name } = company();
      const view = data<{ result: { company?: { id: string } } }>(
        await driver.send('lookupCompany', { company: { type: 'company', domain, name, confidence: 1 }, origin: 'click', confirmedCredits: 1000 }),
        'company lookup',
      );
      const request = { entity: { type: 'company', id: view.result.company!.id }, groups: ['headcount', 'news'], startDate: startDate() };
      const quote = data<{ maxCredits: number }>(await driver.send('getSignals', { ...request, fetch: false }), 'signals quote');
      return { max: quote.maxCredits, click: (confirmedCredits, intentId) => driver.send('getSignals', { ...request, fetch: true, confirmedCredits, intentId }) };
    },
  },
  {
    name: 'decision makers',
    provider: 'lusha',
    path: '/v3/contacts/buying-group',
    async prepare({ driver, company }) {
      const { domain } = company();
      const request = { company: { domain }, mode: 'decision-makers' };
      const quote = data<{ maxCredits: number }>(await driver.send('findPeople', { ...request, fetch: false }), 'people quote');
      return { max: quote.maxCredits, click: (confirmedCredits, intentId) => driver.send('findPeople', { ...request, fetch: true, confirmedCredits, intentId }) };
    },
  },
  {
    name: 'people by title',
    provider: 'lusha',
    path: '/v3/contacts/prospecting',
    async prepare({ driver, company }) {
      const { domain } = company();
      const request = { company: { domain }, mode: 'title', title: 'sales' };
      const quote = data<{ maxCredits: number }>(await driver.send('findPeople', { ...request, fetch: false }), 'people quote');
      return { max: quote.maxCredits, click: (confirmedCredits, intentId) => driver.send('findPeople', { ...request, fetch: true, confirmedCredits, intentId }) };
    },
  },
  {
    name: 'Saber question',
    provider: 'saber',
    path: '/v1/companies/signals',
    async prepare({ driver, company }) {
      const { domain } = company();
      const question = `Are they hiring SDRs? (${clickId()})`;
      return {
        max: 2,
        click: (confirmedCredits, intentId) => driver.send('askSaber', { subject: { kind: 'company', domain }, question, answerType: 'boolean', confirmedCredits, intentId }),
      };
    },
  },
  {
    name: 'Saber research',
    provider: 'saber',
    path: '/v1/contacts/research',
    async prepare({ driver, dataset, person }) {
      const subject = person();
      const employer = dataset.companies.find((candidate) => candidate.id === subject.companyId)!;
      const input = {
        profileUrl: `https://www.linkedin.com/in/${subject.linkedinSlug}`,
        firstName: subject.firstName,
        lastName: subject.lastName,
        companyName: employer.name,
        companyDomain: employer.domain,
      };
      return { max: 2, click: (confirmedCredits, intentId) => driver.send('startResearch', { ...input, confirmedCredits, intentId }) };
    },
  },
  {
    name: 'Saber find-email',
    provider: 'saber',
    path: '/v1/contacts/find-email',
    async prepare({ driver, person }) {
      const linkedinUrl = `https://www.linkedin.com/in/${person().linkedinSlug}`;
      const view = data<{ result: { preview?: { id: string } } }>(
        await driver.send('lookupContact', { lookup: { kind: 'linkedin-profile', linkedinUrl }, origin: 'click', confirmedCredits: 1000 }),
        'lookup',
      );
      // The waterfall set to Saber alone: the click is Saber's email finder, nothing of Lusha.
      data(await driver.send('saveSettings', { emailWaterfall: 'saber' }), 'waterfall order');
      const contactId = view.result.preview!.id;
      return { max: 1, click: (confirmedCredits, intentId) => driver.send('findEmail', { contactId, confirmedCredits, intentId }) };
    },
  },
  {
    name: 'watch check',
    provider: 'lusha',
    path: '/v3/companies/signals',
    async prepare({ driver, company }) {
      const { domain, name } = company();
      const view = data<{ result: { company?: { id: string } } }>(
        await driver.send('lookupCompany', { company: { type: 'company', domain, name, confidence: 1 }, origin: 'click', confirmedCredits: 1000 }),
        'company lookup',
      );
      // One watched company (what earlier cases watched is unwatched), checked under a budget that holds it.
      const before = data<{ items: { key: string }[] }>(await driver.send('getWatchlist', {}), 'watchlist');
      for (const item of before.items) data(await driver.send('unwatch', { key: item.key }), 'unwatch');
      data(await driver.send('watch', { items: [{ kind: 'company', id: view.result.company!.id, name, domain }] }), 'watch');
      data(await driver.send('saveSettings', { watchBudget: 10_000 }), 'watch budget');
      const list = data<{ maxCheckCredits: number }>(await driver.send('getWatchlist', {}), 'watchlist');
      // A check has no click id or confirmation: its budget is its consent.
      return { max: list.maxCheckCredits, click: () => driver.send('checkWatchlist', {}) };
    },
  },
];

const ZERO = { unasked_spend: 0, double_paid: 0, cap_overrun: 0, ledger_gap: 0 };

function gap(before: Money, after: Money): number {
  let sum = 0;
  for (const provider of ['lusha', 'saber'] as const) {
    sum += Math.abs(after.provider[provider] - before.provider[provider] - (after.ledger[provider] - before.ledger[provider]));
  }
  return sum;
}

const charged = (before: Money, after: Money, provider: Provider) => after.provider[provider] - before.provider[provider];

/** Waits for the engine, then makes sure nothing more is charged without a click (a late resend would show here). */
async function quiet(driver: MatrixDriver): Promise<{ before: Money; after: Money }> {
  await driver.settled();
  const before = await money(driver);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await driver.settled();
  return { before, after: await money(driver) };
}

/** A fault on an action's path, after the provider handled (and charged) the call. */
function afterFault(fault: FaultName, path: string, driver: MatrixDriver): object {
  switch (fault) {
    case 'timeout-after-charge':
      return { kind: 'latency', path, method: 'POST', ms: driver.providerTimeoutMs + 1500, phase: 'after', times: 1 };
    case '5xx-after-charge':
      return { kind: 'status', path, method: 'POST', status: 503, phase: 'after' };
    case 'dropped-after-charge':
      // Handled, charged, the answer begun, then the connection dies. (A connection closed before any byte of the
      // answer is re-sent by Chromium itself on a reused socket: see the README's notes on money.)
      return { kind: 'truncated', cut: 'connection', path, method: 'POST', phase: 'after' };
    default:
      return { kind: 'corrupt', path, method: 'POST', phase: 'after' };
  }
}

/** Two clicks at once on two subjects, with room under the cap for exactly one of them. */
async function runConcurrent(context: MatrixContext, action: PaidAction): Promise<CaseResult> {
  const { driver } = context;
  const fault = 'two-concurrent-under-cap';
  const [first, second] = [await action.prepare(context), await action.prepare(context)];
  await driver.settled();
  const before = await money(driver);
  const credits = data<{ spentToday: number }>(await driver.send('getCredits', {}), 'credits');
  const most = Math.max(first.max, second.max);
  const cap = credits.spentToday + most;
  data(await driver.send('saveSettings', { dailyCreditCap: cap }), 'cap');
  const answers = await Promise.all([first.click(1000, clickId()), second.click(1000, clickId())]);
  const { after } = await quiet(driver);
  const spent = data<{ spentToday: number }>(await driver.send('getCredits', {}), 'credits').spentToday;
  data(await driver.send('saveSettings', { dailyCreditCap: 1_000_000 }), 'cap');
  return {
    action: action.name,
    fault,
    figures: {
      ...ZERO,
      cap_overrun: Math.max(0, spent - cap),
      double_paid: Math.max(0, charged(before, after, action.provider) - most),
      ledger_gap: gap(before, after),
    },
    note: answers.map((answer) => (answer.ok ? 'went' : answer.error.kind)).join(' + '),
  };
}

/**
 * One fault for every action of one provider at once (one click each): a lost answer is found out from the provider's
 * own count, so finding out all of them together asks Lusha once (its account usage allows 5 reads a minute).
 */
async function runGrouped(context: MatrixContext, actions: PaidAction[], fault: Exclude<(typeof FAULTS)[number], 'two-concurrent-under-cap'>): Promise<CaseResult[]> {
  const { driver } = context;
  const provider = actions[0]!.provider;
  const prepared = [];
  for (const action of actions) prepared.push(await action.prepare(context));
  await driver.settled();
  const before = await money(driver);
  const most = prepared.reduce((sum, item) => sum + item.max, 0);
  let answers: Answer[];
  let after: Money;
  let late: number;
  if (fault === 'out-of-credits-then-top-up-and-restart') {
    // The account has nothing left: each click is refused (402) and charged nothing.
    await sandbox(driver, 'POST', '/__sandbox/credits', { [provider]: before.provider[provider] });
    answers = await Promise.all(prepared.map((item) => item.click(1000, clickId())));
    await sandbox(driver, 'POST', '/__sandbox/credits', { [provider]: before.provider[provider] + 10_000 });
    await driver.restartWorker();
    // The user says they topped up: Sidecar checks and lets new clicks go. Nothing refused earlier is sent again.
    await driver.send('resumeProvider', { provider });
    const settled = await quiet(driver);
    after = settled.after;
    late = charged(before, after, provider); // every credit here was charged without a click
  } else {
    for (const action of actions) await sandbox(driver, 'POST', '/__sandbox/faults', afterFault(fault, action.path, driver));
    answers = await Promise.all(prepared.map((item) => item.click(1000, clickId())));
    const settled = await quiet(driver);
    await sandbox(driver, 'DELETE', '/__sandbox/faults');
    after = settled.after;
    late = charged(settled.before, settled.after, provider);
  }
  const spent = charged(before, after, provider);
  const figures = { ...ZERO, unasked_spend: late, double_paid: Math.max(0, spent - most - late), ledger_gap: gap(before, after) };
  // The figures are the group's: each action is one case of the matrix, the money is counted once for all of them.
  return actions.map((action, index) => {
    const answer = answers[index]!;
    const note = answer.ok ? 'answered' : `${answer.error.kind}${answer.error.charged ? `, charged ${answer.error.charged}` : ''}${answer.error.mayHaveCharged ? `, may have charged ${answer.error.mayHaveCharged}` : ''}`;
    return { action: action.name, fault, figures: index === 0 ? figures : { ...ZERO }, note };
  });
}

/** A bulk reveal cancelled after its first call, then a worker restart: nothing of the rest is ever sent. */
async function runBulkCancel(context: MatrixContext): Promise<CaseResult> {
  const { driver } = context;
  const people = Array.from({ length: 30 }, () => context.person());
  const lookups = people.map((person) => ({ kind: 'linkedin-profile', linkedinUrl: `https://www.linkedin.com/in/${person.linkedinSlug}` }));
  const views = data<{ ok: boolean; view?: { result: { preview?: { id: string } } } }[]>(
    await driver.send('lookupContacts', { lookups, origin: 'click', confirmedCredits: 1000 }),
    'list lookup',
  );
  const ids = views.flatMap((item) => (item.view?.result.preview ? [item.view.result.preview.id] : []));
  await driver.settled();
  const before = await money(driver);
  // Each call answers slowly, so the job is still running when it is cancelled.
  await sandbox(driver, 'POST', '/__sandbox/faults', { kind: 'latency', path: '/v3/contacts/enrich', ms: 300 });
  const { jobId } = data<{ jobId: string }>(await driver.send('startBulkReveal', { contactIds: ids, field: 'emails', confirmedCredits: 1000, jobId: clickId() }), 'bulk start');
  data(await driver.send('cancelBulkJob', { jobId }), 'bulk cancel');
  await driver.restartWorker();
  const { after } = await quiet(driver);
  await sandbox(driver, 'DELETE', '/__sandbox/faults');
  const job = data<{ items: { status: string }[] }>(await driver.send('getBulkJob', { jobId }), 'bulk job');
  const revealed = job.items.filter((item) => item.status === 'revealed').length;
  return {
    action: 'bulk reveal',
    fault: 'bulk-cancel-then-restart',
    figures: { ...ZERO, unasked_spend: Math.max(0, charged(before, after, 'lusha') - revealed), ledger_gap: gap(before, after) },
    note: `${revealed} of ${ids.length} revealed before the cancel took hold`,
  };
}

/** Runs every case (or those `only` names) and sums the figures. */
export async function runFaultMatrix(driver: MatrixDriver, options: { only?: (action: string, fault: FaultName) => boolean; log?: (line: string) => void } = {}) {
  const dataset = (await sandbox(driver, 'GET', '/__sandbox/dataset')) as SandboxDataset;
  const people = dataset.people.filter((person) => person.emails.length > 0 && !person.restricted && !person.gdprBlocked);
  let nextPerson = 0;
  let nextCompany = 0;
  const context: MatrixContext = {
    driver,
    dataset,
    person: () => people[nextPerson++ % people.length]!,
    company: () => dataset.companies[nextCompany++ % dataset.companies.length]!,
  };
  const results: CaseResult[] = [];
  const report = (outcome: CaseResult) => {
    options.log?.(`  ${outcome.fault} × ${outcome.action}: ${JSON.stringify(outcome.figures)}${outcome.note ? ` (${outcome.note})` : ''}`);
    results.push(outcome);
  };
  for (const fault of FAULTS) {
    if (fault === 'two-concurrent-under-cap') {
      // Saber's pool has no daily cap: the case is Lusha's.
      for (const action of ACTIONS) if (action.provider === 'lusha' && (!options.only || options.only(action.name, fault))) report(await runConcurrent(context, action));
      continue;
    }
    for (const provider of ['lusha', 'saber'] as const) {
      const actions = ACTIONS.filter((action) => action.provider === provider && (!options.only || options.only(action.name, fault)));
      if (actions.length > 0) for (const outcome of await runGrouped(context, actions, fault)) report(outcome);
    }
  }
  if (!options.only || options.only('bulk reveal', 'bulk-cancel-then-restart')) report(await runBulkCancel(context));
  const figures: MatrixFigures = { ...ZERO, fault_cases: results.length };
  for (const { figures: each } of results) {
    figures.unasked_spend += each.unasked_spend;
    figures.double_paid += each.double_paid;
    figures.cap_overrun += each.cap_overrun;
    figures.ledger_gap += each.ledger_gap;
  }
  return { figures, results };
}

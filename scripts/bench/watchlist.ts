/**
 * The watchlist's figures: 200 watched items (every sandbox company, the rest people) checked once by the real
 * background in Node against the sandbox. Lusha takes up to 100 ids per signals call, so the floor is
 * ceil(companies/100) + ceil(people/100) calls; the credits are what the sandbox charged for the signals it had
 * published since the watch began, booked to the unit; and under the default watch budget the same check spends no
 * more than the budget (the part that would pass it is not sent).
 */
import type { Background } from '../../lib/background/wiring';
import { SETTING_BOUNDS } from '../../lib/domain/settings';
import { ledgerTotal } from '../../lib/store/ledger';
import { saveSettings } from '../../lib/store/settings';
import type { SandboxDataset } from '../../tests/sandbox/dataset-types';

interface BenchSandbox {
  url: string;
  dataset: SandboxDataset;
}

const ITEMS = 200;

async function lusha(sandbox: BenchSandbox): Promise<{ creditsUsed: number; requests: { path: string }[] }> {
  return (await (await fetch(`${sandbox.url}/__sandbox/state`)).json()).lusha;
}

async function publish(sandbox: BenchSandbox, entity: 'contact' | 'company', id: string, type: string): Promise<void> {
  await fetch(`${sandbox.url}/__sandbox/signals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entity, id, type }) });
}

/** Watches 200 items and publishes a few signals about some of them. */
async function watchAll(sandbox: BenchSandbox, background: Background) {
  const companies = sandbox.dataset.companies.slice(0, Math.min(100, ITEMS));
  const people = sandbox.dataset.people.filter((person) => !person.restricted && !person.gdprBlocked).slice(0, ITEMS - companies.length);
  await background.keys.saveLushaKey((await import('../../tests/sandbox/accounts')).SANDBOX_KEYS.valid);
  await background.watchlist.watchMany([
    ...companies.map((company) => ({ kind: 'company' as const, id: company.id, name: company.name, domain: company.domain })),
    ...people.map((person) => ({ kind: 'contact' as const, id: person.id, name: `${person.firstName} ${person.lastName}` })),
  ]);
  for (const company of companies.slice(0, 10)) await publish(sandbox, 'company', company.id, 'surgeInHiring');
  for (const person of people.slice(0, 10)) await publish(sandbox, 'contact', person.id, 'promotion');
  return { companies: companies.length, people: people.length };
}

export async function watchlistBench(sandbox: BenchSandbox, fresh: () => Promise<{ background: Background }>, log: (line: string) => void) {
  // 1. A budget that holds the whole check: calls against the floor, credits booked against the sandbox's count.
  let { background } = await fresh();
  const counts = await watchAll(sandbox, background);
  const maxCredits = (await background.watchlist.view()).maxCheckCredits;
  await saveSettings({ watchBudget: Math.min(SETTING_BOUNDS.watchBudget.max, maxCredits) });
  let before = await lusha(sandbox);
  const started = performance.now();
  const check = await background.watchlist.check();
  const elapsed = performance.now() - started;
  let after = await lusha(sandbox);
  const signalCalls = after.requests.slice(before.requests.length).filter((request) => request.path.endsWith('/signals')).length;
  const floor = Math.ceil(counts.companies / 100) + Math.ceil(counts.people / 100);
  const charged = after.creditsUsed - before.creditsUsed;
  const booked = (await background.watchlist.view()).spentToday;
  const gap = Math.abs((await ledgerTotal('lusha')) - after.creditsUsed);
  log(`  watchlist: ${check.checked} of ${check.total} checked in ${Math.round(elapsed)} ms, ${signalCalls} signals calls (floor ${floor}), ${charged} credits charged (at most ${maxCredits}), ${check.events} events`);

  // 2. The default watch budget: the check stops where it would pass it; nothing is spent past it.
  ({ background } = await fresh());
  await watchAll(sandbox, background);
  const budget = SETTING_BOUNDS.watchBudget.default;
  await saveSettings({ watchBudget: budget });
  before = await lusha(sandbox);
  const limited = await background.watchlist.check();
  after = await lusha(sandbox);
  const spentUnderBudget = after.creditsUsed - before.creditsUsed;
  log(`  watchlist under the default budget of ${budget}: ${limited.checked} of ${limited.total} checked, ${spentUnderBudget} credits (${limited.stopped?.message ?? 'not stopped'})`);
  return {
    watch_items: check.total,
    watch_calls: signalCalls,
    watch_calls_floor: floor,
    watch_calls_ratio: Number((signalCalls / floor).toFixed(2)),
    watch_credits: charged,
    watch_credits_max: maxCredits,
    watch_ledger_gap: gap + Math.abs(booked - charged),
    watch_budget: budget,
    watch_budget_spent: spentUnderBudget,
    watch_budget_overrun: Math.max(0, spentUnderBudget - budget),
    watch_budget_checked: limited.checked,
  };
}

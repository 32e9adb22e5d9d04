/** How a signal is named in words ("Hiring surge", "Head count up over 3 months"), for the panel and notifications. */
import type { Signal } from './signal';

const TYPE_LABEL: Record<string, string> = {
  companyChange: 'Changed company',
  promotion: 'Promoted',
  surgeInHiring: 'Hiring surge',
  surgeInHiringByDepartment: 'Hiring surge in a department',
  surgeInHiringByLocation: 'Hiring surge in a location',
  websiteTrafficIncrease: 'Website traffic up',
  websiteTrafficDecrease: 'Website traffic down',
  itSpendIncrease: 'IT spend up',
  itSpendDecrease: 'IT spend down',
  riskNews: 'Risk news',
  commercialActivityNews: 'Commercial news',
  corporateStrategyNews: 'Strategy news',
  financialEventsNews: 'Financial news',
  peopleNews: 'People news',
  marketIntelligenceNews: 'Market news',
  productActivityNews: 'Product news',
  linkedinActivityIntent: 'LinkedIn intent',
};

/** "Head count up over 3 months" for the eight head-count window types; the provider's name, spaced, otherwise. */
export function signalLabel(signal: Pick<Signal, 'type'>): string {
  const headcount = /^headcount(Increase|Decrease)(\d+)m$/.exec(signal.type);
  if (headcount) return `Head count ${headcount[1] === 'Increase' ? 'up' : 'down'} over ${headcount[2]} ${headcount[2] === '1' ? 'month' : 'months'}`;
  return TYPE_LABEL[signal.type] ?? signal.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function role(part: Signal['previous']): string | undefined {
  return part ? [part.title, part.company].filter(Boolean).join(' at ') || undefined : undefined;
}

/** One line saying what happened: "Sales Manager → Director of Sales", an article's title, "+12 %". */
export function signalDetail(signal: Signal): string | undefined {
  if (signal.previous || signal.current) return `${role(signal.previous) ?? '?'} → ${role(signal.current) ?? '?'}`;
  if (signal.title) return signal.title;
  if (signal.deltaPercent !== undefined) return `${signal.deltaPercent > 0 ? '+' : ''}${signal.deltaPercent} %`;
  return signal.summary;
}

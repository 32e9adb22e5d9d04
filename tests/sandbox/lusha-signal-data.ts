/**
 * Deterministic signals for the fake Lusha. Dates are "N days before today" (today from the sandbox clock), so
 * the default six-month window always has something in it and tests can pin the clock. Contact signals follow
 * `personSignals` (the id's last digit). Company signals come from a per-company generator: head count over the
 * four windows, hiring surges (overall, by department, by location), website traffic, IT spend, the seven news
 * categories and LinkedIn activity intent. Item fields follow the spec's example (`signalDate`, `previousCompany`,
 * `newCompany`) and the V2 examples for company items (`baselineEmployeesCount`, `historicalAvg`, …).
 */
import { personSignals } from './dataset';
import { DEPARTMENTS } from './dataset-data';
import type { SandboxCompany, SandboxDataset, SandboxPerson } from './dataset-types';
import { companyProfile, rngFor } from './lusha-company-data';

/** Contact signal types of V3 (V3ContactSignalsRequest.signalTypes). */
export const CONTACT_SIGNAL_TYPES = ['allSignals', 'promotion', 'companyChange'] as const;

/** Company signal types of V3 (V3CompanySignalsRequest.signalTypes), in the spec's order. */
export const COMPANY_SIGNAL_TYPES = [
  'allSignals',
  'linkedinActivityIntent',
  'websiteTrafficDecrease',
  'websiteTrafficIncrease',
  'itSpendIncrease',
  'itSpendDecrease',
  'surgeInHiring',
  'headcountIncrease1m',
  'headcountIncrease3m',
  'headcountIncrease6m',
  'headcountIncrease12m',
  'headcountDecrease1m',
  'headcountDecrease3m',
  'headcountDecrease6m',
  'headcountDecrease12m',
  'surgeInHiringByDepartment',
  'surgeInHiringByLocation',
  'riskNews',
  'commercialActivityNews',
  'corporateStrategyNews',
  'financialEventsNews',
  'peopleNews',
  'marketIntelligenceNews',
  'productActivityNews',
] as const;
export type CompanySignalType = Exclude<(typeof COMPANY_SIGNAL_TYPES)[number], 'allSignals'>;

/** News categories and their event types (the V2 spec's table). */
export const NEWS_EVENT_TYPES: Record<string, readonly string[]> = {
  commercialActivityNews: ['Partnership', 'New Customer', 'New Vendor'],
  corporateStrategyNews: ['M&A', 'Facilities Expansion', 'New Location', 'Facility Closure', 'Asset Sale', 'Lawsuit Filed'],
  financialEventsNews: ['Funding Round', 'Asset Investment', 'Strategic Investment', 'IPO'],
  marketIntelligenceNews: ['Event Participation', 'Recognition', 'Competitor Activity'],
  peopleNews: ['Executive Hire', 'Executive Departure', 'Executive Promotion', 'Headcount Increase', 'Headcount Decrease'],
  productActivityNews: ['Product Launch', 'Product Development', 'Product Integration'],
  riskNews: ['Security Issue', 'Lawsuit Faced'],
};

/** Bombora-style intent categories (the `intentCategories` filter values). */
export const INTENT_CATEGORIES = ['Technology', 'Business', 'Marketing', 'Finance', 'Human Resources', 'Operations'] as const;

/** `linkedinActivityIntent` only looks back this far, and returns at most this many per company (the spec). */
export const INTENT_WINDOW_DAYS = 90;
export const INTENT_CAP = 50;

/** One generated signal: its type, how many days before today it happened, and the item's fields (minus the date). */
export interface GeneratedSignal {
  type: string;
  daysAgo: number;
  fields: Record<string, unknown>;
}

const DAY = 86_400_000;

/** "YYYY-MM-DD" of `daysAgo` days before the UTC day of `now`. */
export function dayBefore(now: number, daysAgo: number): string {
  return new Date(Math.floor(now / DAY) * DAY - daysAgo * DAY).toISOString().slice(0, 10);
}

/** The default window start: the same day six calendar months before today (UTC). */
export function sixMonthsBefore(now: number): string {
  const d = new Date(Math.floor(now / DAY) * DAY);
  d.setUTCMonth(d.getUTCMonth() - 6);
  return d.toISOString().slice(0, 10);
}

/** A person's job-change and promotion signals. */
export function contactSignalsOf(person: SandboxPerson, dataset: SandboxDataset): GeneratedSignal[] {
  const company = dataset.companies.find((c) => c.id === person.companyId);
  const n = Number(person.id.slice(-4));
  const previous = dataset.companies[(n * 7) % dataset.companies.length];
  const signals: GeneratedSignal[] = [];
  for (const type of personSignals(person)) {
    if (type === 'promotion') {
      signals.push({
        type,
        daysAgo: 12 + (n % 150),
        fields: { previousTitle: previousTitleOf(person), newTitle: person.title, companyName: company?.name ?? '' },
      });
    } else {
      signals.push({
        type,
        daysAgo: 30 + ((n * 13) % 400),
        fields: {
          previousCompany: previous && previous.id !== company?.id ? previous.name : 'Old Harbor Trading',
          previousDomain: previous && previous.id !== company?.id ? previous.domain : 'old-harbor-trading.example',
          newCompany: company?.name ?? '',
          newDomain: company?.domain ?? '',
          newTitle: person.title,
        },
      });
    }
  }
  return signals;
}

function previousTitleOf(person: SandboxPerson): string {
  const title = person.title;
  if (title.startsWith('Senior ')) return title.slice('Senior '.length);
  if (title.startsWith('Director of ')) return `${title.slice('Director of '.length)} Manager`;
  if (title.startsWith('VP of ')) return `Director of ${title.slice('VP of '.length)}`;
  return `Associate ${title}`;
}

const WINDOWS = ['1m', '3m', '6m', '12m'] as const;

/** Every signal of one company, newest first within each type. */
export function companySignalsOf(company: SandboxCompany, dataset: SandboxDataset): GeneratedSignal[] {
  const rng = rngFor(dataset, company, 'signals');
  const profile = companyProfile(company, dataset);
  const base = Number(company.id) % 100_000;
  let serial = 0;
  const signals: GeneratedSignal[] = [];
  const add = (type: string, daysAgo: number, fields: Record<string, unknown>) => {
    serial += 1;
    signals.push({ type, daysAgo, fields: { signalId: String(1_500_000 + base * 100 + serial), ...fields } });
  };
  const exact = profile.employeeCount.exact;

  const growing = rng.chance(0.65);
  for (const window of WINDOWS) {
    if (!rng.chance(0.55)) continue;
    const percent = rng.int(2, 25);
    const baseline = Math.max(5, Math.round(exact / (1 + (growing ? percent : -percent) / 100)));
    add(`headcount${growing ? 'Increase' : 'Decrease'}${window}`, rng.int(3, 40), {
      baselineEmployeesCount: baseline,
      newEmployeesCount: exact,
      changeRatePercent: growing ? percent : -percent,
    });
  }
  if (rng.chance(0.5)) {
    const avg = rng.int(2, 15);
    const posted = avg * rng.int(2, 4);
    add('surgeInHiring', rng.int(2, 120), { newJobsPostedLastWeek: posted, historicalAvg: avg, changeRatePercent: Math.round(((posted - avg) / avg) * 100) });
  }
  if (rng.chance(0.45)) {
    const department = profile.employeesByDepartment[0]?.department ?? rng.pick(DEPARTMENTS).name;
    const avg = rng.int(1, 8);
    const posted = avg * rng.int(2, 5);
    add('surgeInHiringByDepartment', rng.int(2, 150), { department, newJobsPostedLast4Weeks: posted, historicalAvg: avg, changeRatePercent: Math.round(((posted - avg) / avg) * 100) });
  }
  if (rng.chance(0.35)) {
    const avg = rng.int(1, 8);
    const posted = avg * rng.int(2, 4);
    add('surgeInHiringByLocation', rng.int(2, 150), {
      country: profile.location.country,
      ...(profile.location.state ? { state: profile.location.state } : {}),
      newJobsPostedLast4Weeks: posted,
      historicalAvg: avg,
      changeRatePercent: Math.round(((posted - avg) / avg) * 100),
    });
  }
  if (rng.chance(0.55)) {
    const up = rng.chance(0.6);
    const avg = rng.int(5_000, 200_000);
    const percent = rng.int(12, 80);
    add(up ? 'websiteTrafficIncrease' : 'websiteTrafficDecrease', rng.int(5, 200), {
      historicalAvg: avg,
      lastMonthVisits: Math.round(avg * (1 + (up ? percent : -percent) / 100)),
      changeRatePercent: up ? percent : -percent,
    });
  }
  if (rng.chance(0.4)) {
    const up = rng.chance(0.65);
    const percent = rng.int(5, 45);
    add(up ? 'itSpendIncrease' : 'itSpendDecrease', rng.int(10, 300), {
      estimatedAnnualItSpend: (profile.estimatedAnnualItSpend?.value ?? rng.int(4, 200) * 25_000),
      changeRatePercent: up ? percent : -percent,
    });
  }
  for (const [category, events] of Object.entries(NEWS_EVENT_TYPES)) {
    const count = rng.chance(0.45) ? rng.int(1, 2) : 0;
    for (let i = 0; i < count; i++) {
      const eventType = rng.pick(events);
      const daysAgo = rng.int(1, 400);
      add(category, daysAgo, {
        eventType,
        eventSummary: `${company.name} reported news of type "${eventType}" (fictional).`,
        articleTitle: `${company.name}: ${eventType}`,
        articleHighlight: `A fictional article about ${company.name} and a ${eventType.toLowerCase()}.`,
        articleUrl: `https://news.example/${company.linkedinSlug}/${serial + 1}`,
      });
    }
  }
  const authors = profile.people.filter((p) => !p.restricted);
  const posts = rng.chance(0.6) ? rng.int(1, 3) : 0;
  for (let i = 0; i < posts; i++) {
    const author = authors.length > 0 ? rng.pick(authors) : undefined;
    const topic = rng.pick(profile.intent?.detectedTopics.map((t) => t.topicName) ?? ['Cloud Security']);
    add('linkedinActivityIntent', rng.int(1, 130), {
      companyId: Number(company.id),
      signalCategory: rng.pick(['Technology or Stack Discussion', 'Hiring Announcement', 'Vendor Evaluation']),
      intentTopics: [{ topic, category: rng.pick(INTENT_CATEGORIES) }],
      author: author
        ? { id: author.id, fullName: `${author.firstName} ${author.lastName}`, linkedinUrl: `https://www.linkedin.com/in/${encodeURIComponent(author.linkedinSlug)}` }
        : { id: null, fullName: 'Unknown author', linkedinUrl: 'https://www.linkedin.com/in/unknown' },
      contactsMentioned: [],
      companiesMentioned: [],
      activityUrl: `https://www.linkedin.com/feed/update/urn:li:activity:${7_000_000_000 + base * 10 + i}`,
      activitySummary: `Discusses ${topic.toLowerCase()} at ${company.name} (fictional).`,
      activityLikes: rng.int(0, 300),
      activityComments: rng.int(0, 40),
      activityShares: rng.int(0, 20),
      activityType: 'post',
    });
  }
  // News items carry their own date fields; the rest get `signalDate` when served.
  return signals;
}

/** The date field a served item of `type` carries. */
export function dateFieldOf(type: string): 'signalDate' | 'articlePublishedDate' | 'activityPublicationDate' {
  if (type.endsWith('News')) return 'articlePublishedDate';
  if (type === 'linkedinActivityIntent') return 'activityPublicationDate';
  return 'signalDate';
}

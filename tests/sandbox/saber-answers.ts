/**
 * Deterministic, fictional answers for the fake Saber's signals, derived from the dataset. The question picks a
 * topic (hiring, CRM, headcount, growth, funding, tech stack, decision makers, website; for people also job change,
 * promotion, tenure, posts); the requested answer type picks the shape. Same dataset, subject, question and type →
 * same answer, every time. Every source URL is on the company's `.example` domain.
 *
 * Answers use Saber's tagged form: `{type:"boolean", boolean:{value:true}}`, `{type:"currency",
 * currency:{value:"12000000"}}` (a string, as in Saber's own CLI fixture), `{type:"json_schema", jsonSchema:{…}}`
 * (no value wrapper). The contact-shaped types, undocumented upstream, use `{type, <camelType>: {value: [...]}}`.
 */
import { linkedinUrlOf, personSignals, toAscii } from './dataset';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import type { SaberAnswerType } from './saber-schemas';

export interface SaberSource {
  title: string;
  url: string;
  snippet: string;
}

/** What a finished signal holds. A failed subject (not in the dataset) is decided at creation and never charged. */
export type SignalOutcome =
  | { status: 'completed'; answer: Record<string, unknown> | null; confidence: number | null; reasoning: string; sources: SaberSource[] }
  | { status: 'failed'; error: string; errorCode: string };

/** What the question asked for. */
export interface QuestionInput {
  question: string;
  answerType: SaberAnswerType;
  outputSchema?: Record<string, unknown>;
  verificationMode?: 'strict' | 'lenient';
}

type Topic =
  | 'hiring'
  | 'crm'
  | 'headcount'
  | 'growth'
  | 'funding'
  | 'tech'
  | 'people'
  | 'website'
  | 'job-change'
  | 'promotion'
  | 'tenure'
  | 'posts'
  | 'general';

const TOPIC_RULES: readonly [Topic, RegExp][] = [
  ['job-change', /chang(e|ed) (jobs?|compan)|new (job|employer|company)|switched/],
  ['promotion', /promot/],
  ['tenure', /how long|tenure|years (in|at)/],
  ['posts', /\bposts?\b|posting|linkedin activity|published|wrote about/],
  ['hiring', /\bsdrs?\b|\bbdrs?\b|hiring|recruit|careers?\b|open (roles?|positions?|jobs?)|job (openings?|postings?)/],
  ['crm', /\bcrm\b/],
  ['headcount', /headcount|employees|staff|team size|how many people|workforce/],
  ['growth', /growth|growing|grow\b|grew/],
  ['funding', /fund|raised?|revenue|valuation|investment|budget/],
  ['tech', /tech(nology|nologies)?\b|stack|tools?\b|languages?|software do they use/],
  ['people', /decision[- ]makers?|leadership|executives?|who (runs|leads|should)|buying (group|committee)/],
  ['website', /website|careers? page|\burl\b|link/],
];

/** Fictional CRM products. */
const CRMS = ['Pipewell CRM', 'Closepath', 'Ledgerlane', 'Funnelbase', 'Quotient Suite'] as const;
/** Fictional sales tools that go with a CRM. */
const SALES_TOOLS = ['Mailwise Sequences', 'Dialtone Cloud', 'Forecastly', 'Signwell Docs'] as const;
const TECH = ['TypeScript', 'Go', 'Python', 'PostgreSQL', 'Kubernetes', 'React', 'Rust', 'Kafka', 'Redis', 'Terraform'] as const;
const SKILLS: Readonly<Record<string, readonly string[]>> = {
  Sales: ['Outbound prospecting', 'Negotiation', 'Pipeline management'],
  Marketing: ['Demand generation', 'Content strategy', 'Marketing analytics'],
  'Engineering & Technical': ['Distributed systems', 'Code review', 'Cloud infrastructure'],
};
const DEFAULT_SKILLS = ['Cross-functional leadership', 'Process design', 'Stakeholder management'] as const;
const TOP_SENIORITIES = new Set(['Founder', 'C-Suite', 'Vice President']);

/** FNV-1a: a stable 32-bit hash of text. */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const pick = <T>(items: readonly T[], hash: number): T => items[hash % items.length] as T;

function topicOf(question: string): Topic {
  const q = question.toLowerCase();
  return TOPIC_RULES.find(([, pattern]) => pattern.test(q))?.[0] ?? 'general';
}

const camel = (type: string): string => type.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Saber's tagged answer. */
function tagged(type: SaberAnswerType, value: unknown): Record<string, unknown> {
  if (type === 'json_schema') return { type, jsonSchema: value };
  return { type, [camel(type)]: { value } };
}

const confidenceOf = (hash: number): number => Math.round((0.62 + (hash % 37) / 100) * 100) / 100;

// ---------------------------------------------------------------------------------------------------------------
// Companies

/** Everything the fake "knows" about a company, derived from the dataset and a hash of its domain. */
export interface CompanyFacts {
  company: SandboxCompany;
  people: SandboxPerson[];
  openSdrRoles: number;
  hiringSdrs: boolean;
  crm: string;
  salesTools: string[];
  techStack: string[];
  headcount: number;
  growthPercent: number;
  fundingUsd: number;
  decisionMakers: SandboxPerson[];
  careersUrl: string;
}

/** The lower and upper bound of "201-500 employees", "1,001-5,000 employees". */
function sizeRange(size: string): [number, number] {
  const numbers = size.replace(/,/g, '').match(/\d+/g)?.map(Number) ?? [];
  const low = numbers[0] ?? 10;
  return [low, numbers[1] ?? low * 2];
}

export function companyFacts(company: SandboxCompany, people: SandboxPerson[]): CompanyFacts {
  const hash = hashOf(company.domain);
  const [low, high] = sizeRange(company.size);
  const openSdrRoles = hash % 4;
  const techStack = [0, 1, 2, 3].map((i) => pick(TECH, (hash >>> (i * 3)) + i)).filter((t, i, all) => all.indexOf(t) === i);
  return {
    company,
    people,
    openSdrRoles,
    hiringSdrs: openSdrRoles > 0,
    crm: pick(CRMS, hash >>> 4),
    salesTools: [pick(SALES_TOOLS, hash >>> 6), pick(SALES_TOOLS, (hash >>> 6) + 1)],
    techStack,
    headcount: low + ((hash >>> 8) % (high - low + 1)),
    growthPercent: ((hash >>> 11) % 41) - 5,
    fundingUsd: (((hash >>> 13) % 90) + 5) * 1_000_000,
    decisionMakers: people.filter((p) => TOP_SENIORITIES.has(p.seniority)),
    careersUrl: `https://${company.domain}/careers`,
  };
}

const article = (word: string): string => (/^[AEIOU]/i.test(word) ? 'an' : 'a');

const describeCompany = (c: SandboxCompany): string =>
  `${c.name} is ${article(c.industry)} ${c.industry} company (${c.size}) based in ${c.location.city}, ${c.location.country}.`;

const personRef = (p: SandboxPerson) => ({ fullName: `${p.firstName} ${p.lastName}`, title: p.title, linkedInProfileUrl: linkedinUrlOf(p) });

function companyValue(facts: CompanyFacts, topic: Topic, type: SaberAnswerType, outputSchema?: Record<string, unknown>): unknown {
  const { company } = facts;
  switch (type) {
    case 'boolean':
      return topic === 'hiring'
        ? facts.hiringSdrs
        : topic === 'growth'
          ? facts.growthPercent > 0
          : topic === 'funding'
            ? facts.fundingUsd >= 20_000_000
            : topic === 'headcount'
              ? facts.headcount > 200
              : topic === 'people'
                ? facts.decisionMakers.length > 0
                : true;
    case 'number':
      return topic === 'hiring'
        ? facts.openSdrRoles
        : topic === 'growth'
          ? facts.growthPercent
          : topic === 'funding'
            ? facts.fundingUsd
            : topic === 'people'
              ? facts.decisionMakers.length
              : topic === 'tech'
                ? facts.techStack.length
                : facts.headcount;
    case 'percentage':
      return topic === 'hiring' ? Math.round((facts.openSdrRoles / Math.max(1, facts.headcount)) * 1000) / 10 : facts.growthPercent;
    case 'currency':
      return String(facts.fundingUsd);
    case 'url':
      return topic === 'hiring'
        ? facts.careersUrl
        : topic === 'crm'
          ? `https://${company.domain}/integrations`
          : `https://${company.domain}/`;
    case 'list':
      return topic === 'crm'
        ? [facts.crm, ...facts.salesTools]
        : topic === 'hiring'
          ? Array.from({ length: facts.openSdrRoles }, (_, i) => (i === 0 ? 'Sales Development Representative' : `Sales Development Representative ${i + 1}`))
          : topic === 'people'
            ? facts.decisionMakers.map((p) => `${p.firstName} ${p.lastName}`)
            : topic === 'tech'
              ? facts.techStack
              : [company.industry, company.location.city];
    case 'open_text':
      return companySentence(facts, topic);
    case 'json_schema':
      return fillSchema(outputSchema, (key, kind) => companyField(facts, topic, key, kind));
    case 'contacts':
    case 'contacts_generation':
      return facts.decisionMakers.map(personRef);
    case 'contact_posts':
      return facts.decisionMakers.slice(0, 2).map((p, i) => ({
        author: `${p.firstName} ${p.lastName}`,
        url: `https://${company.domain}/blog/update-${i + 1}`,
        text: `${company.name} is growing its ${p.departments[0] ?? 'core'} team.`,
        publishedAt: `2026-02-${String(11 + i)}`,
      }));
    case 'contact_engagements':
      return facts.decisionMakers.slice(0, 2).map((p) => ({
        author: `${p.firstName} ${p.lastName}`,
        type: 'reaction',
        postUrl: `https://${company.domain}/blog/launch`,
      }));
  }
}

function companySentence(facts: CompanyFacts, topic: Topic): string {
  const { company } = facts;
  switch (topic) {
    case 'hiring':
      return facts.hiringSdrs
        ? `Yes. ${company.name} lists ${facts.openSdrRoles} open Sales Development Representative role${facts.openSdrRoles === 1 ? '' : 's'} on its careers page.`
        : `No. ${company.name}'s careers page lists no open SDR roles.`;
    case 'crm':
      return `${company.name} uses ${facts.crm} as its CRM, with ${facts.salesTools.join(' and ')}.`;
    case 'headcount':
      return `${company.name} has about ${facts.headcount} employees.`;
    case 'growth':
      return `${company.name}'s headcount changed by ${facts.growthPercent}% over the last year.`;
    case 'funding':
      return `${company.name} has raised about $${facts.fundingUsd.toLocaleString('en-US')}.`;
    case 'tech':
      return `${company.name} builds with ${facts.techStack.join(', ')}.`;
    case 'people':
      return `Decision makers at ${company.name}: ${facts.decisionMakers.map((p) => `${p.firstName} ${p.lastName} (${p.title})`).join(', ')}.`;
    default:
      return describeCompany(company);
  }
}

function companyField(facts: CompanyFacts, topic: Topic, key: string, kind: string): unknown {
  const k = key.toLowerCase();
  if (kind === 'boolean') return /hir|sdr|open/.test(k) ? facts.hiringSdrs : companyValue(facts, topic, 'boolean');
  if (kind === 'integer' || kind === 'number') {
    if (/employee|headcount|size/.test(k)) return facts.headcount;
    if (/role|open|sdr/.test(k)) return facts.openSdrRoles;
    if (/growth|percent/.test(k)) return facts.growthPercent;
    if (/fund|revenue|raised/.test(k)) return facts.fundingUsd;
    return facts.headcount;
  }
  if (kind === 'array') return /crm|tool/.test(k) ? [facts.crm, ...facts.salesTools] : /tech|stack/.test(k) ? facts.techStack : [facts.company.industry];
  if (/crm/.test(k)) return facts.crm;
  if (/industry/.test(k)) return facts.company.industry;
  if (/city|location|hq|headquarter/.test(k)) return `${facts.company.location.city}, ${facts.company.location.country}`;
  if (/domain|website|url/.test(k)) return `https://${facts.company.domain}/`;
  if (/name/.test(k)) return facts.company.name;
  return companySentence(facts, topic);
}

/** An object with one value per `outputSchema.properties` key, by the property's declared type. */
function fillSchema(outputSchema: Record<string, unknown> | undefined, field: (key: string, kind: string) => unknown): Record<string, unknown> {
  const properties = outputSchema?.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return { summary: field('summary', 'string') };
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(properties as Record<string, unknown>)) {
    const declared = typeof spec === 'object' && spec !== null ? (spec as { type?: unknown }).type : undefined;
    const kind = typeof declared === 'string' ? declared : Array.isArray(declared) && typeof declared[0] === 'string' ? declared[0] : 'string';
    out[key] = kind === 'object' ? {} : field(key, kind);
  }
  return out;
}

function companySources(facts: CompanyFacts, topic: Topic): SaberSource[] {
  const { company } = facts;
  const about = { title: `About ${company.name}`, url: `https://${company.domain}/about`, snippet: describeCompany(company) };
  switch (topic) {
    case 'hiring':
      return [{ title: `Careers at ${company.name}`, url: facts.careersUrl, snippet: companySentence(facts, 'hiring') }, about];
    case 'crm':
    case 'tech':
      return [{ title: `${company.name} integrations`, url: `https://${company.domain}/integrations`, snippet: companySentence(facts, topic) }];
    case 'funding':
      return [{ title: `${company.name} newsroom`, url: `https://${company.domain}/news`, snippet: companySentence(facts, 'funding') }];
    case 'people':
      return [{ title: `${company.name} leadership`, url: `https://${company.domain}/team`, snippet: companySentence(facts, 'people') }];
    default:
      return [about];
  }
}

/** The outcome of a question about a company the dataset knows. */
export function companyOutcome(facts: CompanyFacts, input: QuestionInput): SignalOutcome {
  const topic = topicOf(input.question);
  const hash = hashOf(`${facts.company.domain}|${input.question.trim().toLowerCase()}|${input.answerType}`);
  if (input.verificationMode === 'strict' && topic === 'general') {
    return { status: 'completed', answer: null, confidence: null, reasoning: 'No verifiable evidence was found for this question.', sources: [] };
  }
  return {
    status: 'completed',
    answer: tagged(input.answerType, companyValue(facts, topic, input.answerType, input.outputSchema)),
    confidence: confidenceOf(hash),
    reasoning: `Based on ${facts.company.name}'s public pages: ${companySentence(facts, topic)}`,
    sources: companySources(facts, topic),
  };
}

/** The outcome for a domain the dataset does not know. */
export function unknownCompanyOutcome(domain: string): SignalOutcome {
  return { status: 'failed', error: `Could not find enough public information about ${domain}.`, errorCode: 'INSUFFICIENT_DATA' };
}

// ---------------------------------------------------------------------------------------------------------------
// People

const asciiSlug = (text: string): string =>
  toAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function personSentence(person: SandboxPerson, company: SandboxCompany, topic: Topic): string {
  const name = `${person.firstName} ${person.lastName}`;
  const signals = personSignals(person);
  switch (topic) {
    case 'job-change':
      return signals.includes('companyChange') ? `Yes. ${name} joined ${company.name} recently.` : `No. ${name} has not changed companies recently.`;
    case 'promotion':
      return signals.includes('promotion') ? `Yes. ${name} was recently promoted to ${person.title}.` : `No recent promotion for ${name}.`;
    case 'tenure':
      return `${name} has been at ${company.name} for about ${tenureYears(person)} years.`;
    case 'posts':
      return `${name} posts about ${(SKILLS[person.departments[0] ?? ''] ?? DEFAULT_SKILLS)[0]?.toLowerCase() ?? 'their work'}.`;
    default:
      return `${name} is ${person.title} at ${company.name}, based in ${person.location.city}. ${person.headline}.`;
  }
}

const tenureYears = (person: SandboxPerson): number => 1 + (hashOf(person.id) % 9);

function personValue(person: SandboxPerson, company: SandboxCompany, colleagues: SandboxPerson[], topic: Topic, input: QuestionInput): unknown {
  const signals = personSignals(person);
  const hash = hashOf(person.id);
  const teamUrl = `https://${company.domain}/team/${asciiSlug(`${person.firstName} ${person.lastName}`)}`;
  const skills = [...(SKILLS[person.departments[0] ?? ''] ?? DEFAULT_SKILLS)];
  switch (input.answerType) {
    case 'boolean':
      return topic === 'job-change'
        ? signals.includes('companyChange')
        : topic === 'promotion'
          ? signals.includes('promotion')
          : topic === 'people'
            ? TOP_SENIORITIES.has(person.seniority)
            : true;
    case 'number':
      return topic === 'posts' ? 2 + (hash % 5) : tenureYears(person);
    case 'percentage':
      return hash % 101;
    case 'currency':
      return String(((hash % 20) + 1) * 10_000);
    case 'url':
      return teamUrl;
    case 'list':
      return topic === 'people' ? colleagues.map((p) => `${p.firstName} ${p.lastName}`) : skills;
    case 'open_text':
      return personSentence(person, company, topic);
    case 'json_schema':
      return fillSchema(input.outputSchema, (key, kind) => {
        const k = key.toLowerCase();
        if (kind === 'boolean') return topic === 'promotion' ? signals.includes('promotion') : signals.includes('companyChange');
        if (kind === 'integer' || kind === 'number') return tenureYears(person);
        if (kind === 'array') return skills;
        if (/title|role/.test(k)) return person.title;
        if (/company/.test(k)) return company.name;
        if (/seniority/.test(k)) return person.seniority;
        if (/city|location/.test(k)) return `${person.location.city}, ${person.location.country}`;
        if (/name/.test(k)) return `${person.firstName} ${person.lastName}`;
        return personSentence(person, company, topic);
      });
    case 'contacts':
    case 'contacts_generation':
      return colleagues.map(personRef);
    case 'contact_posts':
      return [0, 1].map((i) => ({
        url: `https://${company.domain}/blog/${asciiSlug(person.lastName)}-${i + 1}`,
        text: `${skills[i] ?? skills[0]}: what we learned at ${company.name}.`,
        publishedAt: `2026-01-${String(10 + i)}`,
        reactions: 10 + ((hash >>> i) % 90),
      }));
    case 'contact_engagements':
      return [{ type: 'comment', postUrl: `https://${company.domain}/blog/launch`, text: 'Congratulations to the team!' }];
  }
}

/** The outcome of a question about a person the dataset knows. */
export function personOutcome(person: SandboxPerson, company: SandboxCompany, colleagues: SandboxPerson[], input: QuestionInput): SignalOutcome {
  const topic = topicOf(input.question);
  const hash = hashOf(`${person.id}|${input.question.trim().toLowerCase()}|${input.answerType}`);
  if (input.verificationMode === 'strict' && topic === 'general') {
    return { status: 'completed', answer: null, confidence: null, reasoning: 'No verifiable evidence was found for this question.', sources: [] };
  }
  const teamUrl = `https://${company.domain}/team/${asciiSlug(`${person.firstName} ${person.lastName}`)}`;
  return {
    status: 'completed',
    answer: tagged(input.answerType, personValue(person, company, colleagues.filter((p) => p.id !== person.id && TOP_SENIORITIES.has(p.seniority)), topic, input)),
    confidence: confidenceOf(hash),
    reasoning: `Based on ${person.firstName} ${person.lastName}'s public profile and ${company.name}'s team page: ${personSentence(person, company, topic)}`,
    sources: [{ title: `${person.firstName} ${person.lastName} · ${company.name}`, url: teamUrl, snippet: person.headline }],
  };
}

/** The outcome for a profile the dataset does not know. */
export function unknownPersonOutcome(): SignalOutcome {
  return { status: 'failed', error: 'Could not access this profile.', errorCode: 'PROFILE_NOT_FOUND' };
}

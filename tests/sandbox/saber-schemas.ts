/**
 * Request schemas and error bodies of the fake Saber, written from docs/providers.md §2 and the vendor's reference
 * pages. Bodies are strict (an unknown field is a 400 naming it), so a client that sends `fullName` where Saber wants
 * `full_name`, or `seniorities` for `seniorityLevels`, fails here as it would risk failing there.
 */
import { z } from 'zod';
import { json, type ApiResponse } from './http';

export const SABER_ANSWER_TYPES = [
  'boolean',
  'contact_engagements',
  'contact_posts',
  'contacts',
  'contacts_generation',
  'currency',
  'json_schema',
  'list',
  'number',
  'open_text',
  'percentage',
  'url',
] as const;
export type SaberAnswerType = (typeof SABER_ANSWER_TYPES)[number];

export const SIGNAL_STATUSES = ['processing', 'completed', 'failed'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

/** Saber's domain pattern: a bare hostname. */
export const DOMAIN_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** LinkedIn Sales Navigator function (department) names. */
export const SALES_NAV_FUNCTIONS = [
  'Accounting',
  'Administrative',
  'Arts and Design',
  'Business Development',
  'Community and Social Services',
  'Consulting',
  'Customer Success and Support',
  'Education',
  'Engineering',
  'Entrepreneurship',
  'Finance',
  'Healthcare Services',
  'Human Resources',
  'Information Technology',
  'Legal',
  'Marketing',
  'Media and Communication',
  'Military and Protective Services',
  'Operations',
  'Product Management',
  'Program and Project Management',
  'Purchasing',
  'Quality Assurance',
  'Real Estate',
  'Research',
  'Sales',
] as const;

/** LinkedIn Sales Navigator seniority names. */
export const SALES_NAV_SENIORITIES = [
  'Owner / Partner',
  'CXO',
  'Vice President',
  'Director',
  'Experienced Manager',
  'Entry Level Manager',
  'Strategic',
  'Senior',
  'Entry Level',
  'In Training',
] as const;

const DOMAIN_MESSAGE = "'domain' must be a valid hostname (e.g., 'example.com') without protocol (https://) or path";
const domain = z.string().regex(DOMAIN_PATTERN, DOMAIN_MESSAGE);
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const jsonObject = z.record(z.string(), z.unknown());

const signalFields = {
  question: z.string().trim().min(1).max(500).optional(),
  answerType: z.enum(SABER_ANSWER_TYPES).optional(),
  outputSchema: jsonObject.optional(),
  weight: z.enum(['important', 'nice_to_have', 'not_important']).optional(),
  qualificationCriteria: jsonObject.optional(),
  signalTemplateId: z.string().regex(UUID_PATTERN, 'must be a UUID').optional(),
  forceRefresh: z.boolean().optional(),
  webhookUrl: httpUrl.optional(),
  connectors: jsonObject.optional(),
  verificationMode: z.enum(['strict', 'lenient']).optional(),
};

type SignalFields = { question?: string; answerType?: SaberAnswerType; outputSchema?: Record<string, unknown>; signalTemplateId?: string };

function signalRules(body: SignalFields, ctx: z.RefinementCtx): void {
  if (body.question === undefined && body.signalTemplateId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['question'], message: "'question' is required unless 'signalTemplateId' is set" });
  }
  if (body.answerType === 'json_schema' && body.outputSchema === undefined) {
    ctx.addIssue({ code: 'custom', path: ['outputSchema'], message: "'outputSchema' is required when answerType is json_schema" });
  }
}

/** `POST /v1/companies/signals[/sync]`. */
export const companySignalRequestSchema = z.strictObject({ domain, ...signalFields }).superRefine(signalRules);
export type CompanySignalRequest = z.infer<typeof companySignalRequestSchema>;

/** `POST /v1/contacts/signals[/sync]`. */
export const contactSignalRequestSchema = z.strictObject({ contactProfileUrl: httpUrl, ...signalFields }).superRefine(signalRules);
export type ContactSignalRequest = z.infer<typeof contactSignalRequestSchema>;

/**
 * `POST /v1/contacts/research`. `externalId`/`externalSource` are a sandbox extension: the real API sets them only
 * through its HubSpot integration, and the sandbox needs some way to make `GET ?externalId=` findable.
 */
export const contactResearchRequestSchema = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  companyName: z.string().trim().min(1).max(200),
  companyDomain: domain,
  contactProfileUrl: httpUrl.optional(),
  linkedInSalesNavigatorUrl: httpUrl.optional(),
  jobTitle: z.string().max(200).optional(),
  webhookUrl: httpUrl.optional(),
  externalId: z.string().min(1).max(100).optional(),
  externalSource: z.string().min(1).max(50).optional(),
});
export type ContactResearchRequest = z.infer<typeof contactResearchRequestSchema>;

/** `POST /v1/contacts/search`. */
export const contactSearchRequestSchema = z
  .strictObject({
    companyLinkedInUrls: z.array(z.string().min(1)).optional(),
    firstName: z.string().max(100).optional(),
    lastName: z.string().max(100).optional(),
    jobTitles: z.array(z.string().min(1)).optional(),
    keywords: z.string().max(500).optional(),
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"')).optional(),
    departments: z.array(z.string()).optional(),
    seniorityLevels: z.array(z.string()).optional(),
    limit: z.number().int().min(1).max(100).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .superRefine((body, ctx) => {
    const { limit: _limit, offset: _offset, ...filters } = body;
    const given = Object.values(filters).some((value) => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== ''));
    if (!given) ctx.addIssue({ code: 'custom', path: [], message: 'at least one search parameter must be provided' });
    const functions: readonly string[] = SALES_NAV_FUNCTIONS;
    const seniorities: readonly string[] = SALES_NAV_SENIORITIES;
    for (const value of body.departments ?? []) {
      if (!functions.includes(value)) ctx.addIssue({ code: 'custom', path: ['departments'], message: `invalid value: ${value}` });
    }
    for (const value of body.seniorityLevels ?? []) {
      if (!seniorities.includes(value)) ctx.addIssue({ code: 'custom', path: ['seniorityLevels'], message: `invalid value: ${value}` });
    }
  });
export type ContactSearchRequest = z.infer<typeof contactSearchRequestSchema>;

/** `POST /v1/contacts/find-email`: snake_case, a 2–3 word name. */
export const findEmailRequestSchema = z.strictObject({
  full_name: z
    .string()
    .trim()
    .refine((name) => {
      const words = name.split(/\s+/).filter(Boolean).length;
      return words >= 2 && words <= 3;
    }, 'must be a full name of 2 or 3 words'),
  domain,
});
export type FindEmailRequest = z.infer<typeof findEmailRequestSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Error bodies

/** Deterministic request ids, so logs and tests can name them. */
export function createRequestIds(): { next(): string; reset(): void } {
  let counter = 0;
  return {
    next: () => {
      counter += 1;
      return `5ab3e000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
    },
    reset: () => {
      counter = 0;
    },
  };
}

/** The Go platform envelope `{error:{type,code,message,requestId,fields?}}`. */
export function platformError(
  status: number,
  error: { type: string; code: string; message: string; fields?: { field: string; message: string }[] },
  requestId: string,
  headers?: Record<string, string>,
): ApiResponse {
  return json(status, { error: { ...error, requestId } }, headers);
}

/** The flat `{error:"NOT_FOUND",message}` the reference pages show for 404s and some 400s. */
export function flatError(status: number, error: string, message: string): ApiResponse {
  return json(status, { error, message });
}

/** A 400 VALIDATION_ERROR from zod issues: message names the first field, `fields` lists them all. */
export function validationError(issues: readonly z.core.$ZodIssue[], requestId: string): ApiResponse {
  const fields = issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const prefix = issue.path.map(String).join('.');
      return issue.keys.map((key) => ({ field: prefix ? `${prefix}.${key}` : key, message: `unknown field '${key}'` }));
    }
    const field = issue.path.map(String).join('.') || 'body';
    return [{ field, message: issue.message }];
  });
  const first = fields[0] ?? { field: 'body', message: 'invalid request' };
  return platformError(
    400,
    { type: 'VALIDATION', code: 'VALIDATION_ERROR', message: `validation failed for '${first.field}': ${first.message}`, fields },
    requestId,
  );
}

/** Parse `body` with `schema`, or the 400 it deserves. */
export function validate<T>(
  schema: z.ZodType<T>,
  body: unknown,
  requestId: () => string,
): { ok: true; value: T } | { ok: false; response: ApiResponse } {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, response: validationError(parsed.error.issues, requestId()) };
}

/**
 * Saber's body for a status injected by `/__sandbox/faults`: the platform envelope, except 429, which Saber's
 * global limiter answers in the NestJS shape with `retryAfter`.
 */
export function saberFaultBody(status: number): { body: unknown; headers?: Record<string, string> } {
  const requestId = 'req_sandbox_fault';
  const codes: Record<number, [type: string, code: string, message: string]> = {
    400: ['invalid_request_error', 'VALIDATION_ERROR', 'sandbox fault: request rejected'],
    401: ['authentication_error', 'UNAUTHORIZED', 'Invalid API key'],
    402: ['billing_error', 'INSUFFICIENT_CREDITS', 'Insufficient credits'],
    403: ['permission_error', 'FORBIDDEN', 'Forbidden'],
    404: ['invalid_request_error', 'NOT_FOUND', 'Not found'],
  };
  if (status === 429) {
    return { body: { statusCode: 429, message: 'ThrottlerException: Too Many Requests', error: 'Too Many Requests', retryAfter: 1 }, headers: { 'retry-after': '1' } };
  }
  const [type, code, message] = codes[status] ?? ['api_error', 'INTERNAL_ERROR', 'Internal server error'];
  return { body: { error: { type, code, message, requestId } } };
}

/**
 * Every failure Sidecar can show, as a kind the UI maps to its own words. Vendor text never reaches the screen;
 * `detail` is for logs and tests only. Leaf module: imports only zod.
 */
import { z } from 'zod';

export const ERROR_KINDS = [
  'missing-key',
  'bad-key',
  'validation',
  'out-of-credits',
  'forbidden',
  'not-found',
  'rate-limited',
  'gdpr-blocked',
  'server',
  'network',
  'timeout',
  'unexpected-response',
  'budget-exceeded',
  'needs-confirmation',
  'bad-request',
  'cancelled',
  'internal',
  /** A CRM refused to create a record because one like it exists (`existingIds` names it when the CRM says). */
  'duplicate',
  /** The organisation's browser policy decides this (a locked setting, a managed key, a feature it switched off). */
  'policy',
] as const;
export const errorKindSchema = z.enum(ERROR_KINDS);
export type ErrorKind = z.infer<typeof errorKindSchema>;

/** The serialisable shape of an error as it crosses the message boundary. */
export const sidecarErrorSchema = z.object({
  kind: errorKindSchema,
  /** A plain-language sentence safe to show (ours, never the vendor's). */
  message: z.string(),
  /** HTTP status when there was one. */
  status: z.number().optional(),
  /**
   * For 403: which reason (inactive account, V3 not enabled, plan lacks feature, a CRM's missing scope or read-only
   * field); for 401: which kind of bad credential (CRMs: expired, revoked); for 429: which limit.
   */
  reason: z.string().optional(),
  /** For 429: when the provider lets us try again (epoch ms). */
  retryAt: z.number().optional(),
  /** For needs-confirmation: the exact credits the action will spend. */
  credits: z.number().optional(),
  /** Credits the provider reported charging for this failed call (a charged answer Sidecar could not read). */
  charged: z.number().min(0).optional(),
  /**
   * The call left and its answer was lost (timeout, dropped connection, 5xx): the provider may have charged up to
   * this many credits. Sidecar finds out (reconciliation) instead of sending it again.
   */
  mayHaveCharged: z.number().min(0).optional(),
  /** The paid intent this failure ended (the panel asks what became of it). */
  intentId: z.string().optional(),
  /** For validation (CRM writes): the field the CRM named as invalid or not writable, in the CRM's own name. */
  field: z.string().optional(),
  /** For duplicate: the ids of the records the CRM says already exist. */
  existingIds: z.array(z.string()).optional(),
  /** For forbidden with reason 'missing-scope': the scopes (permissions) the credential lacks, when the CRM says. */
  scopes: z.array(z.string()).optional(),
  /** Diagnostic text (vendor message, failing path). Never rendered. */
  detail: z.string().optional(),
});
export type SidecarErrorData = z.infer<typeof sidecarErrorSchema>;

export class SidecarError extends Error {
  readonly kind: ErrorKind;
  readonly data: SidecarErrorData;

  constructor(data: SidecarErrorData) {
    super(data.message);
    this.name = 'SidecarError';
    this.kind = data.kind;
    this.data = data;
  }

  static is(value: unknown): value is SidecarError {
    return value instanceof SidecarError;
  }
}

/**
 * What any thrown value means as error data: a SidecarError's own, else an internal failure in `fallback`'s words
 * (the thrown value's text kept in `detail`, never shown).
 */
export function errorDataOf(error: unknown, fallback = 'Something went wrong inside Sidecar. Try again.'): SidecarErrorData {
  if (SidecarError.is(error)) return error.data;
  const data: SidecarErrorData = { kind: 'internal', message: fallback };
  if (error !== undefined) data.detail = error instanceof Error ? error.message : String(error);
  return data;
}

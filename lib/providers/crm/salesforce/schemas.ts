/**
 * Salesforce response bodies (docs/crm.md §2; the Postman collection gives requests only, so shapes are the ones
 * crm.md writes out): OAuth tokens, userinfo, versions, SOQL query results, sObject create, describe, composite,
 * limits, and the array-shaped errors.
 */
import { z } from 'zod';

/** `POST /services/oauth2/token` (code exchange or refresh). No `expires_in`. */
export const salesforceTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().optional(),
  instance_url: z.string().min(1),
  id: z.string(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
  signature: z.string().optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type SalesforceTokenResponse = z.infer<typeof salesforceTokenResponseSchema>;

/** `GET /services/oauth2/userinfo`. */
export const salesforceUserInfoSchema = z.object({
  user_id: z.string(),
  organization_id: z.string(),
  name: z.string().optional(),
  email: z.string().optional(),
  preferred_username: z.string().optional(),
});

/** `GET /services/data/`. */
export const salesforceVersionsSchema = z.array(z.object({ version: z.string(), label: z.string().optional(), url: z.string() }));

/** A record in a query result or a GET: `attributes` plus fields; relationships are nested objects or null. */
export const salesforceRecordSchema = z
  .object({ attributes: z.object({ type: z.string(), url: z.string().optional() }), Id: z.string() })
  .catchall(z.unknown());
export type SalesforceRecord = z.infer<typeof salesforceRecordSchema>;

export const salesforceQueryResultSchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  records: z.array(salesforceRecordSchema),
  nextRecordsUrl: z.string().optional(),
});
export type SalesforceQueryResult = z.infer<typeof salesforceQueryResultSchema>;

/** `POST /sobjects/{object}` → 201. */
export const salesforceCreateResultSchema = z.object({ id: z.string(), success: z.boolean(), errors: z.array(z.unknown()) });

export const salesforceDescribeSchema = z.object({
  name: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.string(),
      length: z.number(),
      createable: z.boolean(),
      updateable: z.boolean(),
      nillable: z.boolean(),
    }),
  ),
});

export const salesforceCompositeResponseSchema = z.object({
  compositeResponse: z.array(
    z.object({
      body: z.unknown(),
      httpHeaders: z.record(z.string(), z.string()).optional(),
      httpStatusCode: z.number(),
      referenceId: z.string(),
    }),
  ),
});

export const salesforceLimitsSchema = z.object({ DailyApiRequests: z.object({ Max: z.number(), Remaining: z.number() }) });

/** One entry of an error array; `duplicateResult` comes with DUPLICATES_DETECTED (sometimes without it). */
export const salesforceErrorSchema = z
  .object({
    message: z.string().optional(),
    errorCode: z.string().optional(),
    fields: z.array(z.string()).optional(),
    duplicateResult: z
      .object({
        allowSave: z.boolean().optional(),
        duplicateRule: z.string().optional(),
        matchResults: z
          .array(z.object({ matchRecords: z.array(z.object({ record: z.object({ Id: z.string() }).passthrough() }).passthrough()).optional() }).passthrough())
          .optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type SalesforceErrorEntry = z.infer<typeof salesforceErrorSchema>;

/** OAuth endpoints answer `{error, error_description}`. */
export const salesforceOAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

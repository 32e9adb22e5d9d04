/**
 * HubSpot response bodies (HubSpot-public-api-spec-collection: CRM objects v3, associations v4, properties v3,
 * account info v3, OAuth 2026-03; docs/crm.md §1). Lenient where HubSpot adds fields, strict where Sidecar reads.
 * Property values are strings or null on the wire.
 */
import { z } from 'zod';

const propertiesSchema = z.record(z.string(), z.string().nullable());

export const hubspotObjectSchema = z.object({
  id: z.string(),
  properties: propertiesSchema,
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  url: z.string().optional(),
  associations: z
    .record(z.string(), z.object({ results: z.array(z.object({ id: z.string(), type: z.string() })) }))
    .optional(),
});
export type HubSpotObject = z.infer<typeof hubspotObjectSchema>;

export const hubspotSearchResponseSchema = z.object({
  total: z.number(),
  results: z.array(hubspotObjectSchema),
  paging: z.object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() }).optional(),
});
export type HubSpotSearchResponse = z.infer<typeof hubspotSearchResponseSchema>;

/** `PUT …/associations/default/…` → `BatchResponsePublicDefaultAssociation`. */
export const hubspotDefaultAssociationResponseSchema = z.object({
  status: z.string(),
  results: z.array(z.object({ from: z.object({ id: z.string() }), to: z.object({ id: z.string() }) }).passthrough()),
});

/** `GET /account-info/v3/details`. */
export const hubspotAccountDetailsSchema = z.object({
  portalId: z.number(),
  uiDomain: z.string(),
  accountType: z.string().optional(),
  dataHostingLocation: z.string().optional(),
  timeZone: z.string().optional(),
  utcOffsetMilliseconds: z.number().optional(),
  companyCurrency: z.string().optional(),
});
export type HubSpotAccountDetails = z.infer<typeof hubspotAccountDetailsSchema>;

/** `POST /oauth/2026-03/token/introspect` for an access token (`PublicAccessTokenInfoResponse`). */
export const hubspotTokenInfoSchema = z.object({
  active: z.boolean(),
  hub_id: z.number().optional(),
  hub_domain: z.string().optional(),
  user: z.string().optional(),
  user_id: z.number().optional(),
  scopes: z.array(z.string()).optional(),
  token_use: z.string().optional(),
  expires_in: z.number().optional(),
});
export type HubSpotTokenInfo = z.infer<typeof hubspotTokenInfoSchema>;

/** `GET /crm/v3/properties/{objectType}/{propertyName}` (only what Sidecar reads). */
export const hubspotPropertySchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  fieldType: z.string(),
  modificationMetadata: z.object({ readOnlyValue: z.boolean().optional() }).passthrough().optional(),
});
export type HubSpotProperty = z.infer<typeof hubspotPropertySchema>;

/** `GET /account-info/v3/api-usage/daily/private-apps`. */
export const hubspotApiUsageSchema = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      usageLimit: z.number(),
      currentUsage: z.number(),
      collectedAt: z.string().optional(),
      resetsAt: z.string().optional(),
      fetchStatus: z.string().optional(),
    }),
  ),
});
export type HubSpotApiUsage = z.infer<typeof hubspotApiUsageSchema>;

/** `GET /crm/v3/owners/{ownerId}` (not in the spec collection; the owners API's documented shape). */
export const hubspotOwnerSchema = z.object({
  id: z.string(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
});
export type HubSpotOwner = z.infer<typeof hubspotOwnerSchema>;

/** Every HubSpot error body (spec `Error`, plus `status`, and the 429's `errorType` / `policyName`). */
export const hubspotErrorBodySchema = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.string().optional(),
    correlationId: z.string().optional(),
    errorType: z.string().optional(),
    policyName: z.string().optional(),
    context: z.record(z.string(), z.array(z.string())).optional(),
    errors: z
      .array(
        z.object({
          message: z.string().optional(),
          code: z.string().optional(),
          in: z.string().optional(),
          subCategory: z.string().optional(),
          context: z.record(z.string(), z.array(z.string())).optional(),
        }),
      )
      .optional(),
    // OAuth endpoints (RFC 6749 fields alongside the legacy ones).
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .passthrough();
export type HubSpotErrorBody = z.infer<typeof hubspotErrorBodySchema>;

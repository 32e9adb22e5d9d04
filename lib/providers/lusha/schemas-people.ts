/**
 * Raw Lusha V3 shapes for people at a company: prospecting (V3ProspectingContactsResponse) and the buying group
 * (V3BuyingGroupResponse). Loose objects, nullable optionals, opaque ids, as in schemas.ts.
 */
import { z } from 'zod';
import { lushaBillingSchema, lushaContactPreviewSchema, lushaIdSchema, lushaItemErrorSchema } from './schemas';

const optString = z.string().nullish();
const optNumber = z.number().nullish();

/** `V3PaginationResponse`. */
export const lushaPaginationSchema = z.looseObject({ page: optNumber, size: optNumber, total: optNumber });

/** `V3ProspectingContactsResponse`. */
export const lushaProspectingContactsResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaContactPreviewSchema),
  pagination: lushaPaginationSchema.nullish(),
  billing: lushaBillingSchema.nullish(),
});

/** `V3BuyingGroupContact`: a contact preview with persona `roles` and a 0..1 `score`. */
export const lushaBuyingGroupContactSchema = lushaContactPreviewSchema.extend({
  roles: z.array(z.string()).nullish(),
  score: optNumber,
});
export type LushaBuyingGroupContact = z.infer<typeof lushaBuyingGroupContactSchema>;

/** `V3BuyingGroupCompanyResult`. */
export const lushaBuyingGroupCompanyResultSchema = z.looseObject({
  clientReferenceId: lushaIdSchema.nullish(),
  companyId: lushaIdSchema.nullish(),
  contacts: z.array(lushaBuyingGroupContactSchema).nullish(),
  error: lushaItemErrorSchema.nullish(),
});
export type LushaBuyingGroupCompanyResult = z.infer<typeof lushaBuyingGroupCompanyResultSchema>;

/** `V3BuyingGroupResponse`. */
export const lushaBuyingGroupResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaBuyingGroupCompanyResultSchema),
  pagination: lushaPaginationSchema.nullish(),
  billing: lushaBillingSchema.nullish(),
});

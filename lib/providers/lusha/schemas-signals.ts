/**
 * Raw Lusha V3 signal shapes (V3ContactSignalsResponse, V3CompanySignalsResponse). A result holds one array per
 * signal type; the items are typed loosely (`{}` objects with any fields) because the spec types only
 * `linkedinActivityIntent` items, and they are read field by field.
 */
import { z } from 'zod';
import { lushaBillingSchema, lushaIdSchema, lushaItemErrorSchema } from './schemas';

const optString = z.string().nullish();

/** A signal item: any JSON object. */
export const lushaSignalItemSchema = z.record(z.string(), z.unknown());
export type LushaSignalItem = z.infer<typeof lushaSignalItemSchema>;

/**
 * One entity's signals: `id`, for companies `companyName` and `domain`, and `<signalType>: item[]` for each type.
 * Every other array field is read as a signal list.
 */
export const lushaSignalsResultSchema = z.looseObject({
  id: lushaIdSchema.nullish(),
  companyName: optString,
  domain: optString,
  error: lushaItemErrorSchema.nullish(),
});
export type LushaSignalsResult = z.infer<typeof lushaSignalsResultSchema>;

/** `V3ContactSignalsResponse` / `V3CompanySignalsResponse`. */
export const lushaSignalsResponseSchema = z.looseObject({
  requestId: optString,
  results: z.array(lushaSignalsResultSchema),
  startDate: optString,
  endDate: optString,
  billing: lushaBillingSchema.nullish(),
});

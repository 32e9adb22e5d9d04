/**
 * Pipedrive response bodies (docs/crm.md §3; the v1/v2 cut specs): every answer is `{success, data,
 * additional_data}`; errors are `{success:false, error, error_info, data:null, additional_data:null}`.
 */
import { z } from 'zod';

const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.boolean(), data, additional_data: z.record(z.string(), z.unknown()).nullable().optional() });

const labelled = z.object({ value: z.string(), primary: z.boolean().optional(), label: z.string().nullable().optional() });
export type PipedriveLabelled = z.infer<typeof labelled>;

export const pipedrivePersonSchema = z.object({
  id: z.number(),
  name: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  owner_id: z.number().nullable().optional(),
  org_id: z.number().nullable().optional(),
  emails: z.array(labelled).nullable().optional(),
  phones: z.array(labelled).nullable().optional(),
  job_title: z.string().nullable().optional(),
  custom_fields: z.record(z.string(), z.unknown()).nullable().optional(),
  add_time: z.string().nullable().optional(),
  update_time: z.string().nullable().optional(),
});
export type PipedrivePerson = z.infer<typeof pipedrivePersonSchema>;

export const pipedriveOrganizationSchema = z.object({
  id: z.number(),
  name: z.string().nullable().optional(),
  owner_id: z.number().nullable().optional(),
  custom_fields: z.record(z.string(), z.unknown()).nullable().optional(),
  add_time: z.string().nullable().optional(),
  update_time: z.string().nullable().optional(),
});
export type PipedriveOrganization = z.infer<typeof pipedriveOrganizationSchema>;

export const pipedrivePersonResponseSchema = envelope(pipedrivePersonSchema);
export const pipedriveOrganizationResponseSchema = envelope(pipedriveOrganizationSchema);

const searchItem = z.object({
  result_score: z.number().optional(),
  item: z.object({
    id: z.number(),
    type: z.string().optional(),
    name: z.string().nullable().optional(),
    emails: z.array(z.string()).nullable().optional(),
    phones: z.array(z.string()).nullable().optional(),
    owner: z.object({ id: z.number() }).nullable().optional(),
    organization: z.object({ id: z.number(), name: z.string().nullable().optional() }).nullable().optional(),
    custom_fields: z.array(z.string()).nullable().optional(),
  }),
});
export type PipedriveSearchItem = z.infer<typeof searchItem>['item'];

export const pipedriveSearchResponseSchema = envelope(z.object({ items: z.array(searchItem) }));

export const pipedriveFieldsResponseSchema = envelope(
  z.array(z.object({ field_name: z.string(), field_code: z.string(), field_type: z.string(), is_custom_field: z.boolean() })),
);

/** `GET /api/v1/users/me`. */
export const pipedriveMeResponseSchema = envelope(
  z.object({
    id: z.number(),
    name: z.string().optional(),
    email: z.string().optional(),
    company_id: z.number(),
    company_name: z.string().optional(),
    company_domain: z.string(),
  }),
);

/** `POST /api/v1/notes`. */
export const pipedriveNoteResponseSchema = envelope(z.object({ id: z.number() }).passthrough());

/** `GET /api/v1/notes?person_id=…` (`data` is null when there are none). */
export const pipedriveNotesResponseSchema = envelope(z.array(z.object({ id: z.number(), content: z.string().nullable().optional() }).passthrough()).nullable());

/** `GET /api/v1/users`: the company's users, who own records. */
export const pipedriveUsersResponseSchema = envelope(z.array(z.object({ id: z.number(), name: z.string().nullable().optional(), email: z.string().nullable().optional() }).passthrough()));

export const pipedriveErrorBodySchema = z
  .object({ success: z.literal(false).optional(), error: z.string().optional(), error_info: z.string().optional(), code: z.string().optional(), errorCode: z.number().optional() })
  .passthrough();
export type PipedriveErrorBody = z.infer<typeof pipedriveErrorBodySchema>;

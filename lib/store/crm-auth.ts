/**
 * The connected CRM: its credential (a HubSpot token, a Pipedrive token and company, Salesforce's OAuth session),
 * what the check at connect time found (account, user, the LinkedIn field), owner names learnt since, and the last
 * refusal of the credential. Stored like the provider keys: in the background's IndexedDB only, never sent to a page
 * (pages get `connection` and `authError`), never sent anywhere but the CRM it belongs to. One CRM at a time.
 */
import { z } from 'zod';
import { crmConnectionSchema, crmNameSchema, type CrmName } from '../domain/crm';
import { sidecarErrorSchema } from '../domain/errors';
import { getDb } from './db';

export const crmCredentialSchema = z.discriminatedUnion('crm', [
  z.object({ crm: z.literal('hubspot'), token: z.string().min(1) }),
  z.object({ crm: z.literal('pipedrive'), token: z.string().min(1), companyDomain: z.string().min(1) }),
  z.object({
    crm: z.literal('salesforce'),
    /** The consumer key of the org's External Client App (not a secret, but the org's). */
    clientId: z.string().min(1),
    loginUrl: z.string().url(),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    instanceUrl: z.string().url(),
    issuedAt: z.number(),
  }),
]);
export type CrmCredential = z.infer<typeof crmCredentialSchema>;

export const crmAuthRecordSchema = z.object({
  crm: crmNameSchema,
  credential: crmCredentialSchema,
  connection: crmConnectionSchema,
  /** Owner (CRM user) names by id, learnt from the CRM (HubSpot owners, Pipedrive users; Salesforce names them inline). */
  owners: z.record(z.string(), z.string()).default({}),
  savedAt: z.number(),
  /** The CRM refused the credential (revoked, expired, scope removed): writes wait until the user reconnects. */
  authError: sidecarErrorSchema.optional(),
});
export type CrmAuthRecord = z.infer<typeof crmAuthRecordSchema>;

function valid(value: unknown): CrmAuthRecord | undefined {
  const parsed = crmAuthRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The connected CRM, if any (a record that no longer reads is dropped: the user connects again). */
export async function getCrmAuth(): Promise<CrmAuthRecord | undefined> {
  const db = await getDb();
  for (const raw of await db.getAll('crmAuth')) {
    const record = valid(raw);
    if (record) return record;
    await db.delete('crmAuth', (raw as { crm: string }).crm).catch(() => undefined);
  }
  return undefined;
}

/** Stores the connection, replacing any other CRM's (one CRM at a time). */
export async function putCrmAuth(record: CrmAuthRecord): Promise<void> {
  const parsed = crmAuthRecordSchema.parse(record);
  const tx = (await getDb()).transaction('crmAuth', 'readwrite');
  await tx.store.clear();
  await tx.store.put(parsed);
  await tx.done;
}

/**
 * Changes the stored connection of `crm` in one transaction (a token refresh, an owner learnt, a refusal noted).
 * Nothing happens if that CRM is no longer connected.
 */
export async function updateCrmAuth(crm: CrmName, change: (record: CrmAuthRecord) => CrmAuthRecord): Promise<CrmAuthRecord | undefined> {
  const tx = (await getDb()).transaction('crmAuth', 'readwrite');
  const current = valid(await tx.store.get(crm));
  if (!current) {
    await tx.done;
    return undefined;
  }
  const next = crmAuthRecordSchema.parse(change(current));
  await tx.store.put(next);
  await tx.done;
  return next;
}

export async function removeCrmAuth(): Promise<void> {
  await (await getDb()).clear('crmAuth');
}

/** The last characters of a token, the only part a page may see. */
export function credentialHint(credential: CrmCredential): string {
  const secret = credential.crm === 'salesforce' ? credential.clientId : credential.token;
  return secret.length > 8 ? secret.slice(-4) : '';
}

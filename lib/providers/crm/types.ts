/**
 * What every CRM client offers, in Sidecar's terms (lib/domain/crm.ts). Each client also has operations of its own
 * (HubSpot owners and API usage, Salesforce describe and limits, Pipedrive fields); see each folder's types.ts.
 *
 * A client holds one credential and knows HTTP and schemas only: no retries, no caching, no throttling, no
 * decisions for the user. An operation may take several requests (an update reads, then writes); `rateLimit` and
 * `status` describe the last of them. Errors are SidecarErrors (lib/domain/errors.ts), except that aborting the
 * caller's `signal` rejects with the signal's reason, exactly as `fetch` does.
 */
import type {
  CrmCompanyInput,
  CrmCompanyQuery,
  CrmConnection,
  CrmField,
  CrmMatch,
  CrmName,
  CrmPersonInput,
  CrmPersonQuery,
  CrmRateLimit,
  CrmRecord,
  CrmRecordKind,
  CrmUpdateResult,
} from '../../domain/crm';

/** Per-call options. */
export interface CrmCallInit {
  signal?: AbortSignal;
}

/** What every successful operation returns: its data and the facts of its last HTTP exchange. */
export interface CrmCallResult<T> {
  data: T;
  status: number;
  rateLimit: CrmRateLimit;
  /** The CRM's request or correlation id, for support. */
  requestId?: string;
}

export interface CrmCreateOptions {
  /** Link the new person to this company (HubSpot association 279, Salesforce `AccountId`, Pipedrive `org_id`). */
  companyId?: string;
  /** Salesforce: create a Lead (needs `companyName`) instead of a Contact. */
  asLead?: boolean;
  /**
   * Salesforce: save even though an Alert duplicate rule fired (`Sforce-Duplicate-Rule-Header: allowSave=true`).
   * Only after the user confirmed; a Block rule still refuses. Ignored by HubSpot (email is unique) and Pipedrive.
   */
  allowDuplicate?: boolean;
}

export interface CrmUpdateOptions {
  /** Fields whose differing values replace the CRM's. Default none: only empty fields are filled. */
  overwrite?: CrmField[];
  /** Read and diff, but write nothing. */
  dryRun?: boolean;
  /** Salesforce: as in `CrmCreateOptions`. */
  allowDuplicate?: boolean;
}

export interface CrmNoteTarget {
  personId?: string;
  companyId?: string;
}

export interface CrmNoteOptions {
  /** When the note is dated (its place in the timeline). Default: the client's clock. */
  at?: Date;
}

export interface CrmClient {
  readonly crm: CrmName;
  /** A free call (or two) that proves the credential and names the account, org or company and the user. */
  verify(init?: CrmCallInit): Promise<CrmCallResult<CrmConnection>>;
  /** Every record matching each query (batched where the CRM allows); see `matchPeople` for the order. */
  findPeople(queries: readonly CrmPersonQuery[], init?: CrmCallInit): Promise<CrmCallResult<CrmMatch[]>>;
  /** Companies by domain, else by name. */
  findCompanies(queries: readonly CrmCompanyQuery[], init?: CrmCallInit): Promise<CrmCallResult<CrmMatch[]>>;
  /** One person by id (Salesforce: a Contact or Lead id). 'not-found' when it does not exist. */
  getPerson(id: string, init?: CrmCallInit): Promise<CrmCallResult<CrmRecord>>;
  /** Create a person. A CRM-detected duplicate fails with kind 'duplicate' and `existingIds` when the CRM names them. */
  createPerson(input: CrmPersonInput, options?: CrmCreateOptions, init?: CrmCallInit): Promise<CrmCallResult<CrmRecord>>;
  /** Read → diff → write only empty fields (and `overwrite` ones); lists (Pipedrive) merged whole. Never clears. */
  updatePerson(id: string, input: CrmPersonInput, options?: CrmUpdateOptions, init?: CrmCallInit): Promise<CrmCallResult<CrmUpdateResult>>;
  /** The company with this domain (or name), or a new one. */
  findOrCreateCompany(input: CrmCompanyInput, init?: CrmCallInit): Promise<CrmCallResult<{ record: CrmRecord; created: boolean }>>;
  /** Link a person to a company. */
  associate(personId: string, companyId: string, init?: CrmCallInit): Promise<CrmCallResult<null>>;
  /** A plain-text note on a person and/or company; returns the note's id. */
  addNote(target: CrmNoteTarget, text: string, options?: CrmNoteOptions, init?: CrmCallInit): Promise<CrmCallResult<{ id: string }>>;
  /**
   * The note on `target` whose text contains `marker` (a token of letters and digits), or null. How a note whose
   * answer was lost is found before it is sent again. HubSpot searches notes (its index lags writes); Salesforce and
   * Pipedrive list the target's notes.
   */
  findNote(target: CrmNoteTarget, marker: string, init?: CrmCallInit): Promise<CrmCallResult<{ id: string } | null>>;
  /** Where the record opens in the CRM; undefined when the client lacks what the link needs (HubSpot portal). */
  recordUrl(kind: CrmRecordKind, id: string): string | undefined;
}

/**
 * Pipedrive CRM client (personal API token, API v2 where it exists, v1 for notes and users/me), in Sidecar's CRM
 * terms. Background-only (it holds the token).
 */
export { createPipedriveClient, pipedriveBaseUrl, pipedriveRecordUrl } from './client';
export { fieldOfMessage, pipedriveErrorFromResponse } from './errors';
export { parsePipedriveRateLimit, PIPEDRIVE_CLOUDFLARE_WAIT_MS } from './rate-limit-headers';
export { PIPEDRIVE_LABELS, PIPEDRIVE_SEARCH_BURST, type PipedriveClient, type PipedriveClientOptions, type PipedriveField } from './types';

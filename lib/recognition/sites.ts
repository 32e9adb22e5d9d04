/**
 * The extractors by site, and per-site recognisers. `recognizePage` (index.ts) handles every page kind; a content
 * script that only runs on LinkedIn (or only on CRMs) can use `recognizeLinkedInPage` (or `recognizeCrmPage`) instead
 * and bundle only those extractors: the answers are identical for that site's URLs.
 */
import { hubspotCompanyExtractor, hubspotContactExtractor } from './hubspot';
import { linkedinCompanyExtractor } from './linkedin/company';
import { linkedinProfileExtractor } from './linkedin/profile';
import { linkedinSearchExtractor } from './linkedin/search';
import { pipedriveDealExtractor, pipedriveOrganizationExtractor, pipedrivePersonExtractor } from './pipedrive';
import { createRecognizer } from './recognizer';
import { salesforceAccountExtractor, salesforceContactExtractor, salesforceLeadExtractor } from './salesforce';
import { salesnavAccountExtractor, salesnavLeadExtractor, salesnavSearchExtractor } from './salesnav';
import type { Extractor } from './types';

/** linkedin.com: profile, company, people search, Sales Navigator lead, account, search/list. */
export const LINKEDIN_EXTRACTORS: readonly Extractor[] = [
  linkedinProfileExtractor,
  linkedinCompanyExtractor,
  linkedinSearchExtractor,
  salesnavLeadExtractor,
  salesnavAccountExtractor,
  salesnavSearchExtractor,
];

/** HubSpot, Salesforce Lightning, Pipedrive records (person, organization, deal). */
export const CRM_EXTRACTORS: readonly Extractor[] = [
  hubspotContactExtractor,
  hubspotCompanyExtractor,
  salesforceContactExtractor,
  salesforceLeadExtractor,
  salesforceAccountExtractor,
  pipedrivePersonExtractor,
  pipedriveOrganizationExtractor,
  pipedriveDealExtractor,
];

/** LinkedIn and Sales Navigator pages only (other URLs are `unknown`). */
export const recognizeLinkedInPage = /* @__PURE__ */ createRecognizer(LINKEDIN_EXTRACTORS);
/** HubSpot, Salesforce and Pipedrive pages only (other URLs are `unknown`). */
export const recognizeCrmPage = /* @__PURE__ */ createRecognizer(CRM_EXTRACTORS);

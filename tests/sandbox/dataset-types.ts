/**
 * The sandbox's seeded, fictional dataset. Shared by the sandbox server (tests/sandbox/server.ts) and the page
 * fixtures it renders (tests/sandbox/pages/), so LinkedIn fixture pages always describe people the fake Lusha knows.
 */

export interface SandboxCompany {
  id: string; // opaque Lusha-style id, e.g. "16300001"
  name: string;
  domain: string; // bare domain, e.g. "northwind-analytics.example"
  /** Lusha returns domains with "www." about half the time; we keep what the "API" sends. */
  apiDomain: string;
  industry: string;
  size: string; // "201-500 employees"
  linkedinSlug: string; // company slug: https://www.linkedin.com/company/<slug>
  location: { country: string; city: string };
}

export interface SandboxEmail {
  email: string;
  type: 'work' | 'private' | 'unknown';
  confidence: string | null;
  updateDate: string;
}

export interface SandboxPhone {
  number: string;
  type: 'mobile' | 'direct' | 'work' | 'unknown';
  doNotCall: boolean;
  updateDate: string;
}

export interface SandboxPerson {
  id: string; // opaque Lusha-style id, e.g. "4389000001"
  firstName: string;
  lastName: string;
  /** What LinkedIn shows as the name, sometimes with honorifics/credentials ("Dr. Ana Ruiz, PhD"). */
  displayName: string;
  title: string;
  headline: string;
  seniority: string;
  departments: string[];
  companyId: string;
  linkedinSlug: string; // https://www.linkedin.com/in/<slug>
  location: { country: string; countryIso2: string; state?: string; city: string; isEuContact: boolean };
  emails: SandboxEmail[]; // empty: no email known
  phones: SandboxPhone[]; // empty: no phone known
  /** COMPLIANCE_RESTRICTED in search results. */
  restricted: boolean;
  /** Enrich answers HTTP 451 for this person (GDPR). */
  gdprBlocked: boolean;
  photo: boolean;
}

export interface SandboxDataset {
  seed: number;
  companies: SandboxCompany[];
  people: SandboxPerson[];
}

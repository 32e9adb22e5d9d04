/**
 * The fake Lusha's `POST /v3/contacts/search-and-enrich`: contact search and enrich in one call, with both rules.
 * Identifiers, partial profiles and restrictions as in search; reveal fields (default both), GDPR and
 * "already revealed costs 0" as in enrich. Billing: the search charge (1 credit per 25 results) plus each field
 * revealed; more than the credits left → 402 with nothing charged or revealed.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxCompany, SandboxPerson } from './dataset-types';
import { json, type ApiResponse } from './http';
import { badRequest, isPartial, LUSHA_ERRORS, type HandlerContext } from './lusha-contacts';
import { findContact } from './lusha-matching';
import { contactSearchItemSchema, identifierForm, REVEAL_FIELDS, validate, type RevealField } from './lusha-schemas';
import {
  charge,
  countSearchResults,
  creditsRemaining,
  isRevealed,
  markRevealed,
  revealPrice,
  searchCharge,
} from './lusha-state';
import { hasField, ITEM_ERRORS, toEnriched } from './lusha-views';

/** V3ContactsSearchAndEnrichRequest. */
export const contactsSearchAndEnrichRequestSchema = z.strictObject({
  contacts: z.array(contactSearchItemSchema).min(1).max(100),
  reveal: z.array(z.enum(REVEAL_FIELDS)).optional(),
  options: z.strictObject({ includePartialProfiles: z.boolean().optional() }).optional(),
});

type Match = { ref: { clientReferenceId?: string } } & (
  | { person: SandboxPerson; company: SandboxCompany }
  | { error: { code: string; message: string } }
);

/** `POST /v3/contacts/search-and-enrich`. */
export function searchAndEnrichContacts(ctx: HandlerContext, body: unknown): ApiResponse {
  const parsed = validate(contactsSearchAndEnrichRequestSchema, body);
  if (!parsed.ok) return badRequest(parsed.errors);
  const { contacts, options } = parsed.value;
  const requested: RevealField[] = parsed.value.reveal ?? ['emails', 'phones'];
  const reveal = [...new Set(requested)];
  const forms = contacts.map((item, i) => identifierForm(item, i));
  const formErrors = forms.flatMap((f) => ('error' in f ? [f.error] : []));
  if (formErrors.length > 0) return badRequest(formErrors);

  const matches: Match[] = contacts.map((item, i) => {
    const ref = item.clientReferenceId === undefined ? {} : { clientReferenceId: item.clientReferenceId };
    const form = forms[i];
    const person = form && 'form' in form ? findContact(ctx.index, item, form.form) : undefined;
    const company = person && ctx.index.companies.get(person.companyId);
    if (!person || !company) return { ref, error: ITEM_ERRORS.notFound };
    if (person.restricted || person.gdprBlocked) return { ref, error: ITEM_ERRORS.restricted };
    if (isPartial(person) && options?.includePartialProfiles !== true) return { ref, error: ITEM_ERRORS.notFound };
    return { ref, person, company };
  });
  const [only] = contacts;
  const single = only && contacts.length === 1 ? findContactOf(ctx, only, forms[0]) : undefined;
  if (single?.gdprBlocked) return json(451, LUSHA_ERRORS.gdpr);

  const found = matches.flatMap((m) => ('person' in m ? [m] : []));
  const due = new Map<string, { person: SandboxPerson; field: RevealField }>();
  for (const { person } of found) {
    for (const field of reveal) {
      if (hasField(person, field) && !isRevealed(ctx.account, person.id, field)) due.set(`${person.id}:${field}`, { person, field });
    }
  }
  const revealCost = [...due.values()].reduce((sum, { field }) => sum + revealPrice(field).credits, 0);
  const searchCost = searchCharge(ctx.account, found.length);
  if (revealCost + searchCost > creditsRemaining(ctx.account)) return json(402, LUSHA_ERRORS.insufficientCredits);

  countSearchResults(ctx.account, found.length);
  charge(ctx.account, 'search', searchCost);
  for (const { person, field } of due.values()) {
    markRevealed(ctx.account, person.id, field);
    charge(ctx.account, field === 'emails' ? 'revealEmail' : 'revealPhone', revealPrice(field).credits);
  }
  const results = matches.map((m) => ('person' in m ? { ...m.ref, ...toEnriched(m.person, m.company, reveal) } : { ...m.ref, error: m.error }));
  return json(200, {
    requestId: randomUUID(),
    results,
    billing: { creditsCharged: searchCost + revealCost, resultsReturned: found.length },
  });
}

function findContactOf(ctx: HandlerContext, item: z.infer<typeof contactSearchItemSchema>, form: ReturnType<typeof identifierForm> | undefined) {
  return form && 'form' in form ? findContact(ctx.index, item, form.form) : undefined;
}

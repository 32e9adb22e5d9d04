/** Plain HTML pages the sandbox serves besides the LinkedIn fixtures: a fictional article and a 404 page. */
import { companyOf, featuredPeople, findPersonBySlug, linkedinUrlOf } from './dataset';
import type { SandboxDataset } from './dataset-types';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body>
</html>
`;
}

/**
 * A fictional trade-press article for context-menu tests. It names the featured `withEmailAndPhone` person, shows
 * their work email in a paragraph (`[data-featured-email]`) and links to their LinkedIn profile (`[data-featured-profile]`).
 */
export function renderArticlePage(dataset: SandboxDataset): string {
  const slug = featuredPeople(dataset).withEmailAndPhone;
  const person = findPersonBySlug(slug, dataset);
  const email = person?.emails[0]?.email;
  if (!person || !email) throw new Error('featured person without email');
  const company = companyOf(person, dataset);
  const name = escapeHtml(`${person.firstName} ${person.lastName}`);
  return page(
    `${company.name} expands its ${person.departments[0] ?? 'product'} team`,
    `<article>
  <h1>${escapeHtml(company.name)} expands its team</h1>
  <p class="byline">The Sandbox Gazette (fictional) · ${escapeHtml(company.location.city)}</p>
  <p>${escapeHtml(company.name)} (${escapeHtml(company.industry)}) announced new hires this week.
     ${name}, ${escapeHtml(person.title)}, says the team will double by next year.</p>
  <p id="contact-email">Press enquiries: <span class="email" data-featured-email>${escapeHtml(email)}</span></p>
  <p>Read more on <a id="profile-link" data-featured-profile href="${escapeHtml(linkedinUrlOf(person))}">${name}'s LinkedIn profile</a>.</p>
</article>`,
  );
}

/** The 404 page for an unknown profile or page. */
export function renderNotFoundPage(what: string): string {
  return page('Page not found', `<main><h1>Page not found</h1><p>${escapeHtml(what)} does not exist in the sandbox.</p></main>`);
}

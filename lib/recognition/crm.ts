/**
 * What the CRM extractors (HubSpot, Salesforce, Pipedrive) share: their field-label table (EN, FR, DE, ES) and the
 * document-title fallback.
 */
import { documentTitle } from './dom';
import { cleanName } from '../domain/normalize';
import { labelTable, setName, type Draft } from './read';

/** CRM field labels → what the value is. */
export const CRM_LABELS = /* @__PURE__ */ labelTable({
  name: 'name|full name|nom|nom complet|nombre|nombre completo',
  org: "company|company name|account name|organization|organisation|entreprise|société|nom de l'entreprise|nom du compte|unternehmen|firma|firmenname|accountname|organización|empresa|nombre de la empresa|nombre de la cuenta",
  email: 'email|e-mail|adresse e-mail|courriel|e-mail-adresse|correo electrónico|correo',
  phone: 'phone|phone number|téléphone|numéro de téléphone|telefon|telefonnummer|teléfono',
  title: 'title|job title|titre|poste|intitulé du poste|fonction|titel|position|berufsbezeichnung|cargo|puesto',
  web: 'website|company domain name|domain|site web|nom de domaine|webseite|sitio web|dominio',
  industry: "industry|secteur|secteur d'activité|branche|sector|industria",
  size: "employees|number of employees|employés|nombre d'employés|mitarbeiter|anzahl der mitarbeiter|empleados|número de empleados",
  address: 'address|adresse|anschrift|dirección',
  linkedin: 'linkedin|linkedin profile|profil linkedin|linkedin-profil|perfil de linkedin',
});

/**
 * The record name in the document title, e.g. "Ana Vidal | Contact | Salesforce" or "(2) Acme - Pipedrive": the first
 * segment, when the last one names the application (`app`). Confidence +0.05 when it names the record as the page
 * does; otherwise it is the name of last resort.
 */
export function titleFallback(d: Draft, doc: Document, app: RegExp): void {
  const parts = documentTitle(doc).replace(/^\(\d+\+?\)\s*/, '').split(/\s+[|•–—-]\s+/);
  const title = parts.length > 1 && app.test(parts[parts.length - 1] ?? '') ? parts[0] : undefined;
  const current = d.v.fullName ?? d.v.name;
  if (current && title && cleanName(current).toLowerCase() === cleanName(title).toLowerCase()) d.bonus += 0.05;
  else setName(d, title, 'title');
}

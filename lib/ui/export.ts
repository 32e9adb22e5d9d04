/** Turning an export into files the user can keep: JSON as is, and a CSV of revealed contacts for a CRM import. */
import type { Output } from '../messaging/protocol';

type Export = Pick<Output<'exportData'>, 'exportedAt' | 'revealed' | 'ledger'>;

/**
 * One CSV cell: quoted when needed, and never starting a formula (a spreadsheet would run "=…"). Phone numbers such
 * as "+1 415 555 0100" are left as they are: digits cannot make a formula, and a CRM import needs them clean.
 */
export function csvCell(value: string | undefined): string {
  let text = value ?? '';
  const phoneNumbers = /^\+[\d\s().;+-]+$/.test(text);
  if (!phoneNumbers && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function contactsCsv(data: Export): string {
  const header = ['Full name', 'Title', 'Company', 'Company domain', 'Location', 'LinkedIn', 'Emails', 'Phones', 'Do not call', 'EU contact', 'Lusha id'];
  const rows = data.revealed.map((contact) => [
    contact.preview?.fullName ?? [contact.preview?.firstName, contact.preview?.lastName].filter(Boolean).join(' '),
    contact.preview?.title,
    contact.preview?.companyName,
    contact.preview?.companyDomain,
    contact.preview?.location,
    contact.preview?.linkedinUrl,
    (contact.emails ?? []).map((email) => email.email).join('; '),
    (contact.phones ?? []).map((phone) => phone.number).join('; '),
    (contact.phones ?? []).some((phone) => phone.doNotCall) ? 'yes' : '',
    contact.isEuContact ? 'yes' : '',
    contact.id,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Starts a download of `text` as `filename`. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

import { describe, expect, it } from 'vitest';
import { contactsCsv, csvCell } from './export';

describe('CSV export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+33 1 23 45 67 89')).toBe('+33 1 23 45 67 89');
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
  });

  it('writes one row per revealed contact with its preview', () => {
    const csv = contactsCsv({
      exportedAt: 1,
      ledger: [],
      revealed: [
        {
          provider: 'lusha',
          id: '7',
          emails: [{ email: 'ana@x.example' }],
          phones: [{ number: '+1 415 555 0100', doNotCall: true }],
          isEuContact: true,
          revealedAt: { emails: 1 },
          preview: { provider: 'lusha', id: '7', fullName: 'Ana Ruiz', title: 'VP, Sales', departments: [], has: [], canReveal: [] },
        },
      ],
    });
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toContain('Full name');
    expect(row).toBe('Ana Ruiz,"VP, Sales",,,,,ana@x.example,+1 415 555 0100,yes,yes,7');
  });
});

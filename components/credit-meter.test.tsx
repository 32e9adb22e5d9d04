// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { CreditMeter } from './credit-meter';
import { creditsViewSchema, type CreditsView } from '@/lib/messaging/protocol';

afterEach(cleanup);

function view(patch: Partial<CreditsView> = {}): CreditsView {
  return creditsViewSchema.parse({
    lusha: {
      key: { configured: true, hint: 'abcd' },
      usage: { provider: 'lusha', credits: { total: 1000, used: 120, remaining: 880 }, plan: 'professional', fetchedAt: 1 },
      reconciliation: { providerUsed: 120, sidecarSpent: 120, since: 1, gap: 0 },
    },
    saber: { key: { configured: false } },
    spentToday: 7,
    spentTodayByAction: { reveal: 6, search: 1 },
    dailyCreditCap: 50,
    ...patch,
  });
}

describe('CreditMeter', () => {
  it('shows the account, the plan and a ledger that matches Lusha', () => {
    render(<CreditMeter credits={view()} onOpenOptions={vi.fn()} />);
    expect(screen.getByTestId('credits-remaining').textContent).toContain('880');
    expect(screen.getByText('Professional plan')).toBeTruthy();
    expect(screen.getByTestId('reconciliation').textContent).toBe('Sidecar’s ledger matches Lusha’s count: 120 credits since you added the key.');
  });

  it('lists searches first and apart from reveals, and what is held for requests on their way', () => {
    render(<CreditMeter credits={view({ heldToday: 5 })} onOpenOptions={vi.fn()} />);
    const rows = [...screen.getByTestId('spent-by-action').querySelectorAll('[data-action]')].map((row) => row.getAttribute('data-action'));
    expect(rows[0]).toBe('search');
    expect(rows).toContain('reveal');
    expect(screen.getByText(/7 of your 50-credit daily cap · 5 held for requests on their way/)).toBeTruthy();
  });

  it('names a gap Lusha counted that Sidecar did not spend', () => {
    render(<CreditMeter credits={view({ lusha: { ...view().lusha, reconciliation: { providerUsed: 130, sidecarSpent: 120, since: 1, gap: 10 } } })} onOpenOptions={vi.fn()} />);
    const note = screen.getByTestId('reconciliation');
    expect(note.dataset.gap).toBe('10');
    expect(note.textContent).toMatch(/The other 10 were not spent through Sidecar/);
  });

  it('asks for a key when none is saved, and shows Saber only once its key is', () => {
    render(<CreditMeter credits={view({ lusha: { key: { configured: false } } })} onOpenOptions={vi.fn()} />);
    expect(screen.getByRole('alert').dataset.errorKind).toBe('missing-key');
    expect(screen.queryByLabelText('Saber credits')).toBeNull();
  });

  it('keeps Saber’s pool apart from the Lusha cap', () => {
    render(<CreditMeter credits={view({ saber: { key: { configured: true }, remaining: 40 }, saberSpentToday: 3 })} onOpenOptions={vi.fn()} />);
    expect(screen.getByTestId('saber-credits').textContent).toBe('40');
    expect(screen.getByTestId('saber-spent-today').textContent).toMatch(/used 3 today on questions, research and emails \(Saber’s own pool, outside the Lusha cap\)/);
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ErrorNotice, explainError } from './error-notice';
import type { SidecarErrorData } from '@/lib/domain/errors';

afterEach(cleanup);

const KINDS: SidecarErrorData['kind'][] = [
  'missing-key', 'bad-key', 'out-of-credits', 'forbidden', 'gdpr-blocked', 'rate-limited', 'server', 'network', 'timeout',
  'unexpected-response', 'budget-exceeded', 'cancelled', 'not-found', 'validation', 'needs-confirmation', 'bad-request', 'internal', 'duplicate',
];

describe('ErrorNotice', () => {
  it.each(KINDS)('explains %s in words, never the vendor’s raw text', (kind) => {
    const raw = 'HTTP 500 {"error":"stack trace at Foo.bar"}';
    const explained = explainError({ kind, message: kind === 'budget-exceeded' ? 'Your cap of 50 is reached.' : raw });
    expect(explained.title.length).toBeGreaterThan(3);
    if (!['not-found', 'validation', 'needs-confirmation', 'bad-request', 'internal', 'duplicate'].includes(kind)) {
      expect(explained.body).not.toContain('stack trace');
    }
  });

  it('names the price of trying again on the button, and a new click calls back', () => {
    const onRetry = vi.fn();
    render(<ErrorNotice error={{ kind: 'server', message: 'x' }} retryCredits={2} onRetry={onRetry} />);
    const button = screen.getByRole('button', { name: 'Try again · 2 credits' });
    fireEvent.click(button);
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('alert').dataset.errorKind).toBe('server');
    expect(screen.getByText(/Nothing was charged/)).toBeTruthy();
  });

  it('says what a charged unreadable answer cost and that it is in the ledger', () => {
    render(<ErrorNotice error={{ kind: 'unexpected-response', message: 'x', charged: 1 }} onRetry={() => {}} />);
    expect(screen.getByTestId('charge-note').textContent).toBe('Lusha charged 1 credit for it; Sidecar booked it in your ledger.');
  });

  it('says a lost answer may have cost, and does not claim nothing was charged', () => {
    render(<ErrorNotice error={{ kind: 'server', message: 'x', mayHaveCharged: 3 }} provider="Saber" />);
    expect(screen.getByTestId('charge-note').textContent).toMatch(/Saber may have charged up to 3 credits for it\. Sidecar is checking/);
    expect(screen.queryByText(/Nothing was charged/)).toBeNull();
  });

  it('offers options, not a retry, for a key Lusha refused', () => {
    const onOpenOptions = vi.fn();
    render(<ErrorNotice error={{ kind: 'bad-key', message: 'x' }} onRetry={() => {}} onOpenOptions={onOpenOptions} />);
    expect(screen.queryByRole('button', { name: /Try again/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(onOpenOptions).toHaveBeenCalledTimes(1);
  });

  it('words a refusal about a company as a company', () => {
    render(<ErrorNotice error={{ kind: 'gdpr-blocked', message: 'x' }} about="company" />);
    expect(screen.getByText(/cannot share this company’s details under its compliance rules/)).toBeTruthy();
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { RevealConfirm, SpendConfirm } from './reveal-confirm';

afterEach(cleanup);

describe('RevealConfirm', () => {
  it('asks with the exact price and confirms without changing the threshold', () => {
    const onConfirm = vi.fn();
    render(<RevealConfirm field="phones" cost={5} onConfirm={onConfirm} onCancel={() => {}} />);
    expect(screen.getByRole('heading').textContent).toBe('Reveal phone for 5 credits?');
    fireEvent.click(screen.getByRole('button', { name: 'Reveal · 5 credits' }));
    expect(onConfirm).toHaveBeenCalledWith({ autoConfirmUnder: undefined });
  });

  it('raises the threshold only when "don’t ask again" is ticked, to the number typed', () => {
    const onConfirm = vi.fn();
    render(<RevealConfirm field="emails" cost={1} onConfirm={onConfirm} onCancel={() => {}} />);
    fireEvent.change(screen.getByLabelText('Credit threshold for asking'), { target: { value: '4' } });
    fireEvent.click(screen.getByLabelText('Don’t ask again for spends under'));
    fireEvent.click(screen.getByRole('button', { name: 'Reveal · 1 credit' }));
    expect(onConfirm).toHaveBeenCalledWith({ autoConfirmUnder: 4 });
  });

  it('cancels once, however the dialog closes', () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(<RevealConfirm field="emails" cost={1} onConfirm={onConfirm} onCancel={onCancel} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent(screen.getByRole('dialog', { hidden: true }), new Event('close'));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('offers no "don’t ask again" for spends that always ask (bulk)', () => {
    render(<SpendConfirm title="Enrich 20 people?" body="b" confirmLabel="Enrich · 40 credits" cost={40} allowDontAsk={false} onConfirm={() => {}} onCancel={() => {}} />);
    expect(screen.queryByLabelText('Credit threshold for asking')).toBeNull();
  });
});

// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ContactCard } from './contact-card';
import { contactPreviewSchema, revealedDataSchema } from '@/lib/domain/contact';

afterEach(cleanup);

const preview = contactPreviewSchema.parse({
  provider: 'lusha',
  id: 'p1',
  fullName: 'Ada Lovelace',
  title: 'Head of Engineering',
  companyName: 'Analytical Engines',
  canReveal: [
    { field: 'emails', credits: 1 },
    { field: 'phones', credits: 5 },
  ],
});

function card(props: Partial<Parameters<typeof ContactCard>[0]> = {}) {
  const handlers = { onReveal: vi.fn(), onOpenOptions: vi.fn(), onRetryReveal: vi.fn() };
  render(<ContactCard preview={preview} {...handlers} {...props} />);
  return handlers;
}

describe('ContactCard', () => {
  it('prices each reveal on its button before anything is spent', () => {
    const { onReveal } = card();
    expect(screen.getByRole('button', { name: 'Reveal email · 1 credit' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reveal phone · 5 credits' }));
    expect(onReveal).toHaveBeenCalledWith('phones');
  });

  it('shows a value already paid for as free', () => {
    card({ preview: { ...preview, canReveal: [{ field: 'emails', credits: 0 }] } });
    expect(screen.getByRole('button', { name: 'Show email · already paid' })).toBeTruthy();
    expect(screen.getByText('Lusha has no phone for this person.')).toBeTruthy();
  });

  it('disables every reveal while one is on its way, so one click cannot become two', () => {
    card({ revealing: 'emails' });
    const buttons = screen.getAllByRole('button').filter((button) => button.dataset.revealField);
    expect(buttons.map((button) => [button.textContent, (button as HTMLButtonElement).disabled])).toEqual([
      ['Revealing…', true],
      ['Reveal phone · 5 credits', true],
    ]);
  });

  it('shows revealed values with their copy buttons and a do-not-call warning, and no button to pay again', () => {
    const revealed = revealedDataSchema.parse({
      provider: 'lusha',
      id: 'p1',
      emails: [{ email: 'ada@engines.example', type: 'work', confidence: 'A+' }],
      phones: [{ number: '+44 20 7946 0000', type: 'mobile', doNotCall: true }],
      isEuContact: true,
      revealedAt: { emails: 1, phones: 2 },
    });
    card({ revealed });
    expect(screen.queryAllByRole('button').filter((button) => button.dataset.revealField)).toHaveLength(0);
    expect(within(screen.getByTestId('revealed-email')).getByText('ada@engines.example')).toBeTruthy();
    expect(within(screen.getByTestId('revealed-phone')).getByText('Do not call')).toBeTruthy();
    expect(screen.getByText(/EU contact: process this person’s data under GDPR/)).toBeTruthy();
  });

  it('says an empty reveal cost nothing', () => {
    card({ revealed: revealedDataSchema.parse({ provider: 'lusha', id: 'p1', emails: [], revealedAt: { emails: 1 } }) });
    expect(screen.getByText('Lusha returned no email for this person. Nothing was charged for it.')).toBeTruthy();
  });

  it('puts a failed reveal’s notice under the reveals with its retry at its price', () => {
    const { onRetryReveal } = card({ revealError: { kind: 'rate-limited', message: 'x' }, retryRevealCredits: 1 });
    fireEvent.click(screen.getByRole('button', { name: 'Try again · 1 credit' }));
    expect(onRetryReveal).toHaveBeenCalledTimes(1);
  });

  it('renders hostile page text as text', () => {
    card({ preview: { ...preview, fullName: '<img src=x onerror=alert(1)>' } });
    expect(screen.getByTestId('contact-name').textContent).toBe('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });
});

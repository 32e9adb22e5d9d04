import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { RevealField } from '@/lib/domain/contact';
import { creditWord } from '@/lib/domain/credits';
import { useSettingSource } from '@/lib/ui/policy';

interface SpendConfirmProps {
  /** The question, e.g. "Reveal email for 1 credit?". */
  title: string;
  /** Where the credits come from and what the user gets for them. */
  body: string;
  /** The confirm button, e.g. "Reveal · 1 credit". */
  confirmLabel: string;
  cost: number;
  /** Where the focus goes back to when the dialog closes and the browser had nothing to return to. */
  returnFocusSelector?: string;
  /** Offer "don't ask again under N" (not for bulk spends, which always ask). */
  allowDontAsk?: boolean;
  /** Why this spend needs a second look (shown above the buttons); such a prompt never offers "don't ask again". */
  warning?: string;
  onConfirm(options: { autoConfirmUnder?: number }): void;
  onCancel(): void;
}

interface RevealConfirmProps {
  field: RevealField;
  cost: number;
  warning?: string;
  onConfirm(options: { autoConfirmUnder?: number }): void;
  onCancel(): void;
}

export function RevealConfirm({ field, cost, warning, onConfirm, onCancel }: RevealConfirmProps) {
  const noun = field === 'emails' ? 'email' : 'phone';
  return (
    <SpendConfirm
      title={`Reveal ${noun} for ${creditWord(cost)}?`}
      body={`The ${creditWord(cost)} ${cost === 1 ? 'comes' : 'come'} from your Lusha account. Once revealed, Sidecar keeps the ${noun}: you never pay for it twice.`}
      confirmLabel={`Reveal · ${creditWord(cost)}`}
      cost={cost}
      returnFocusSelector={`button[data-reveal-field="${field}"]:not(:disabled)`}
      warning={warning}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}

/**
 * Asks before spending, with the exact cost, and offers not to ask again below a threshold. A native modal dialog:
 * the rest of the panel is inert while it is open, Escape cancels, and closing it returns the focus to the button
 * that opened it (`data-reveal-field`, when the browser had nothing to return to: the button was disabled while the
 * panel asked whether to confirm). The focus starts on the confirm button, so Enter confirms.
 */
export function SpendConfirm({ title, body, confirmLabel, cost, returnFocusSelector, allowDontAsk: offered = true, warning, onConfirm, onCancel }: SpendConfirmProps) {
  // When the organisation set the threshold, the rep cannot raise it from here.
  const thresholdSource = useSettingSource('autoConfirmUnder');
  const allowDontAsk = offered && thresholdSource !== 'locked';
  const [dontAsk, setDontAsk] = useState(false);
  const [threshold, setThreshold] = useState(Math.max(cost + 1, 2));
  const titleId = useId();
  const bodyId = useId();
  const checkId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  /** Set once the prompt is answered or goes away, so a late native `close` event does not cancel twice. */
  const settled = useRef(false);

  // A layout effect: the dialog is modal before the first paint, and is closed (restoring the focus) while still in the page.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    settled.current = false;
    if (!dialog.open) dialog.showModal();
    confirmRef.current?.focus();
    return () => {
      settled.current = true;
      if (dialog.open) dialog.close();
      // Still inside the dialog (about to leave the page) or on the body: the browser had nothing to return to.
      const active = document.activeElement;
      if (active && active !== document.body && !dialog.contains(active)) return;
      if (returnFocusSelector) document.querySelector<HTMLElement>(returnFocusSelector)?.focus();
    };
  }, [returnFocusSelector]);

  const cancel = () => {
    if (settled.current) return;
    settled.current = true;
    onCancel();
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        // Escape: the panel's state closes the prompt.
        event.preventDefault();
        cancel();
      }}
      // Chromium may close without a cancelable `cancel` event (Escape pressed twice without a click between).
      onClose={cancel}
    >
      <h2 id={titleId}>{title}</h2>
      <p className="muted" id={bodyId}>
        {body}
      </p>
      {warning && (
        <p className="notice warn" data-testid="confirm-warning">
          {warning}
        </p>
      )}
      {allowDontAsk && !warning && (
      <div className="confirm-option">
        <input id={checkId} type="checkbox" checked={dontAsk} onChange={(event) => setDontAsk(event.target.checked)} />
        <label htmlFor={checkId}>Don’t ask again for spends under</label>
        <input
          type="number"
          min={1}
          max={1000}
          value={threshold}
          aria-label="Credit threshold for asking"
          onChange={(event) => setThreshold(Math.max(1, Number(event.target.value) || 1))}
        />
        <span>credits</span>
      </div>
      )}
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={cancel}>
          Cancel
        </button>
        <button
          ref={confirmRef}
          type="button"
          className="btn primary"
          onClick={() => {
            settled.current = true;
            onConfirm({ autoConfirmUnder: dontAsk ? threshold : undefined });
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/** The price of looking someone (or a company) up when automatic lookups are off: a Lusha search, kept after. */
export function LookupConfirm({ subject, credits, onConfirm, onCancel }: { subject: 'person' | 'company'; credits: number; onConfirm(options: { autoConfirmUnder?: number }): void; onCancel(): void }) {
  const who = subject === 'person' ? 'this person' : 'this company';
  return (
    <SpendConfirm
      title={`Look ${who} up for up to ${creditWord(credits)}?`}
      body={`Lusha charges its searches about 1 credit per 25 results, from your Lusha account. Sidecar keeps the preview, so opening ${who} again costs nothing.`}
      confirmLabel={`Look up · ${creditWord(credits)}`}
      cost={credits}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}

import { useId, useState } from 'react';
import type { RevealField } from '@/lib/domain/contact';
import { credits } from './contact-card';

interface RevealConfirmProps {
  field: RevealField;
  cost: number;
  onConfirm(options: { autoConfirmUnder?: number }): void;
  onCancel(): void;
}

/** Asks before spending, with the exact cost, and offers not to ask again below a threshold. */
export function RevealConfirm({ field, cost, onConfirm, onCancel }: RevealConfirmProps) {
  const [dontAsk, setDontAsk] = useState(false);
  const [threshold, setThreshold] = useState(Math.max(cost + 1, 2));
  const titleId = useId();
  const checkId = useId();
  const noun = field === 'emails' ? 'email' : 'phone';
  return (
    <div className="dialog-backdrop" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <h2 id={titleId}>Reveal {noun} for {credits(cost)}?</h2>
        <p className="muted">The {credits(cost)} come from your Lusha account. Once revealed, Sidecar keeps the {noun}: you never pay for it twice.</p>
        <div className="confirm-option">
          <input id={checkId} type="checkbox" checked={dontAsk} onChange={(event) => setDontAsk(event.target.checked)} />
          <label htmlFor={checkId}>Don’t ask again for reveals under</label>
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
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="button" className="btn primary" autoFocus onClick={() => onConfirm({ autoConfirmUnder: dontAsk ? threshold : undefined })}>
            Reveal · {credits(cost)}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Sending messages from extension pages (side panel, popup, options) to the background, parsed both ways. */
import { browser } from '#imports';
import { SidecarError } from '../domain/errors';
import { protocol, responseEnvelopeSchema, type Input, type Output, type PageMessageType } from './protocol';

/** How often a message is sent again when the background went away before answering (it restarts on the next). */
const DELIVERY_ATTEMPTS = 3;
const DELIVERY_RETRY_MS = 250;

/**
 * Delivers one message. When the background's service worker stopped before answering (Chrome stops idle workers
 * and may kill a busy one), the same message goes again: paid messages carry their click's id, so the background
 * joins the click it already has rather than paying twice.
 */
async function deliver(message: unknown): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < DELIVERY_ATTEMPTS; attempt += 1) {
    try {
      const answer = await browser.runtime.sendMessage(message);
      if (answer !== undefined) return answer;
      lastError = new Error('no answer');
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, DELIVERY_RETRY_MS * (attempt + 1)));
  }
  throw new SidecarError({
    kind: 'internal',
    message: 'Sidecar’s background service did not answer. Try again.',
    detail: lastError instanceof Error ? lastError.message : String(lastError),
  });
}

/** Sends one message and returns its parsed output; failures arrive as a SidecarError. */
export async function sendMessage<K extends PageMessageType>(type: K, data: Input<K>): Promise<Output<K>> {
  const raw = await deliver({ sidecar: 1, type, data });
  const envelope = responseEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new SidecarError({ kind: 'internal', message: 'Sidecar received an answer it could not read.', detail: envelope.error.message });
  }
  if (!envelope.data.ok) throw new SidecarError(envelope.data.error);
  const output = protocol[type].output.safeParse(envelope.data.data);
  if (!output.success) {
    throw new SidecarError({ kind: 'internal', message: 'Sidecar received an answer it could not read.', detail: output.error.message });
  }
  return output.data as Output<K>;
}

/** Sending messages from extension pages (side panel, popup, options) to the background, parsed both ways. */
import { browser } from '#imports';
import { SidecarError } from '../domain/errors';
import { protocol, responseEnvelopeSchema, type Input, type Output, type PageMessageType } from './protocol';

/** Sends one message and returns its parsed output; failures arrive as a SidecarError. */
export async function sendMessage<K extends PageMessageType>(type: K, data: Input<K>): Promise<Output<K>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage({ sidecar: 1, type, data });
  } catch (error) {
    throw new SidecarError({
      kind: 'internal',
      message: 'Sidecar’s background service did not answer. Try again.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
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

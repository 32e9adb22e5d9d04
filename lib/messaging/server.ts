/**
 * The background's side of messaging: one router, sender checks, zod at the door and on the way out.
 * Content scripts may only report page context; only extension pages may reveal, change settings or keys.
 */
import type { Browser } from '#imports';
import { z } from 'zod';
import { errorDataOf, type SidecarErrorData } from '../domain/errors';
import {
  contentProtocol,
  pageProtocol,
  requestEnvelopeSchema,
  type ContentMessageType,
  type Input,
  type MessageType,
  type Output,
  type PageMessageType,
  type ResponseEnvelope,
} from './protocol';

type Sender = Browser.runtime.MessageSender;
export type Handler<K extends MessageType> = (input: z.output<(typeof pageProtocol & typeof contentProtocol)[K]['input']>, sender: Sender) => Promise<Input<K> | Output<K>>;
export type Handlers = { [K in MessageType]: Handler<K> };

export interface RouterOptions {
  /** This extension's id. */
  extensionId: string;
  /** This extension's page origin, e.g. `chrome-extension://<id>/`. */
  extensionOrigin: string;
}

/** Turns any thrown value into the error data a page may see (never a stack, never vendor text). */
export function toErrorData(error: unknown): SidecarErrorData {
  return errorDataOf(error);
}

function reject(kind: SidecarErrorData['kind'], message: string, detail?: string): ResponseEnvelope {
  return { ok: false, error: { kind, message, detail } };
}

/** Routes one raw message; exported for tests. Never throws. */
export async function routeMessage(raw: unknown, sender: Sender, handlers: Handlers, options: RouterOptions): Promise<ResponseEnvelope> {
  const envelope = requestEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return reject('bad-request', 'Sidecar did not understand that request.', 'not a Sidecar message');
  if (sender.id !== options.extensionId) return reject('bad-request', 'Sidecar did not understand that request.', 'foreign sender');

  const { type, data } = envelope.data;
  const fromExtensionPage = typeof sender.url === 'string' && sender.url.startsWith(options.extensionOrigin);
  const fromContentScript = !fromExtensionPage && sender.tab?.id !== undefined;

  let schemas: { input: z.ZodType; output: z.ZodType } | undefined;
  if (Object.hasOwn(pageProtocol, type)) {
    if (!fromExtensionPage) return reject('bad-request', 'Sidecar did not understand that request.', `${type} is for extension pages only`);
    schemas = pageProtocol[type as PageMessageType];
  } else if (Object.hasOwn(contentProtocol, type)) {
    if (!fromContentScript) return reject('bad-request', 'Sidecar did not understand that request.', `${type} is for content scripts only`);
    schemas = contentProtocol[type as ContentMessageType];
  } else {
    return reject('bad-request', 'Sidecar did not understand that request.', `unknown message ${type}`);
  }

  const input = schemas.input.safeParse(data);
  if (!input.success) return reject('bad-request', 'Sidecar did not understand that request.', z.prettifyError(input.error));
  try {
    const handler = handlers[type as MessageType] as (input: unknown, sender: Sender) => Promise<unknown>;
    const output = schemas.output.parse(await handler(input.data, sender));
    return { ok: true, data: output };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}

/**
 * A Chrome-style `runtime.onMessage` listener (sendResponse + `return true`), which behaves the same under the
 * polyfill, in Chromium and in WXT's fake browser. Ignores messages that are not Sidecar requests (broadcasts).
 */
export function createMessageListener(handlers: Handlers, options: RouterOptions) {
  return (raw: unknown, sender: Sender, sendResponse: (response: ResponseEnvelope) => void): true | undefined => {
    if (!requestEnvelopeSchema.safeParse(raw).success) return undefined;
    void routeMessage(raw, sender, handlers, options).then(sendResponse);
    return true;
  };
}

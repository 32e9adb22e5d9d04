/** Extension pages listen to the background's change notices, parsed like every other message. */
import { useEffect } from 'react';
import { browser } from '#imports';
import { broadcastSchema, type Broadcast } from '../messaging/protocol';

/**
 * Whether a message comes from Sidecar's own background: this extension, from its own origin, from no tab. A content
 * script's `runtime.sendMessage` also reaches extension pages: it must not be able to pose as the background.
 */
export function fromBackground(sender: { id?: string; url?: string; tab?: unknown } | undefined): boolean {
  return sender?.id === browser.runtime.id && sender.tab === undefined && (sender.url === undefined || sender.url.startsWith(browser.runtime.getURL('/')));
}

export function useBroadcasts(onBroadcast: (broadcast: Broadcast) => void): void {
  useEffect(() => {
    const listener = (message: unknown, sender: { id?: string; url?: string; tab?: unknown }) => {
      if (!fromBackground(sender)) return undefined;
      const parsed = broadcastSchema.safeParse(message);
      if (parsed.success) onBroadcast(parsed.data);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [onBroadcast]);
}

export function openOptions(): void {
  void browser.runtime.openOptionsPage();
}

/** Extension pages listen to the background's change notices, parsed like every other message. */
import { useEffect } from 'react';
import { browser } from '#imports';
import { broadcastSchema, type Broadcast } from '../messaging/protocol';

export function useBroadcasts(onBroadcast: (broadcast: Broadcast) => void): void {
  useEffect(() => {
    const listener = (message: unknown) => {
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

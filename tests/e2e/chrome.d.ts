// Code passed to `worker.evaluate` runs inside the extension's service worker, where `chrome` exists.
import type { browser } from 'wxt/browser';

declare global {
  const chrome: typeof browser;
}

export {};

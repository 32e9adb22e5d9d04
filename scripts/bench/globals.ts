// The extension's storage APIs, in Node: WXT's fake browser and an in-memory IndexedDB, so the benchmark runs the
// real background code (lookup service, engine, store, ledger) outside a browser.
import 'fake-indexeddb/auto';
import { fakeBrowser } from '@webext-core/fake-browser';

Object.assign(globalThis, { browser: fakeBrowser, chrome: fakeBrowser });

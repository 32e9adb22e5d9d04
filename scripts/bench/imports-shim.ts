// What `#imports` gives the background code, for Node (see register.mjs).
import './globals';

export { storage } from '@wxt-dev/storage';
export { fakeBrowser as browser } from '@webext-core/fake-browser';

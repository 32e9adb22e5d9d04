import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe, expect, it } from 'vitest';
import { fromBackground } from './broadcasts';

describe('fromBackground', () => {
  it('takes broadcasts only from this extension’s background, never from a content script or another extension', () => {
    const id = fakeBrowser.runtime.id;
    const origin = fakeBrowser.runtime.getURL('/');
    expect(fromBackground({ id, url: `${origin}background.js` })).toBe(true);
    expect(fromBackground({ id, url: 'https://www.linkedin.com/in/ana', tab: { id: 3 } })).toBe(false);
    expect(fromBackground({ id: 'another-extension', url: `chrome-extension://another-extension/background.js` })).toBe(false);
    expect(fromBackground(undefined)).toBe(false);
  });
});

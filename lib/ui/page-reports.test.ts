import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe, expect, it } from 'vitest';
import type { PageContext } from '../domain/page-context';
import { reportedPage } from './page-reports';

const context: PageContext = { url: 'https://www.linkedin.com/in/ana-ruiz/', kind: 'linkedin-profile', entities: [{ type: 'contact', fullName: 'Ana Ruiz', confidence: 0.9 }] };
const message = { sidecar: 1, type: 'reportPageContext', data: { context } };
const contentScript = { id: fakeBrowser.runtime.id, url: context.url, tab: { id: 7 }, frameId: 0 };

describe('reportedPage', () => {
  it('takes the page its tab’s content script reports', () => {
    expect(reportedPage(message, contentScript, 7)).toEqual(context);
  });

  it('ignores other tabs, frames, extensions and extension pages, other messages and malformed reports', () => {
    expect(reportedPage(message, contentScript, 8)).toBeNull();
    expect(reportedPage(message, contentScript, undefined)).toBeNull();
    expect(reportedPage(message, { ...contentScript, frameId: 3 }, 7)).toBeNull();
    expect(reportedPage(message, { ...contentScript, id: 'another-extension' }, 7)).toBeNull();
    expect(reportedPage(message, { ...contentScript, url: fakeBrowser.runtime.getURL('/popup.html') }, 7)).toBeNull();
    expect(reportedPage({ ...message, type: 'getTabState' }, contentScript, 7)).toBeNull();
    expect(reportedPage({ sidecarBroadcast: 1, event: 'tabStateChanged', tabId: 7 }, contentScript, 7)).toBeNull();
    expect(reportedPage({ ...message, data: { context: { ...context, kind: 'myspace-profile' } } }, contentScript, 7)).toBeNull();
  });
});

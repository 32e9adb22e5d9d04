import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageContext } from '../domain/page-context';
import type { ContactView, TabState } from '../messaging/protocol';

const sent = vi.hoisted(() => ({ calls: [] as { type: string; data: unknown }[], answers: new Map<string, (data: unknown) => Promise<unknown>>() }));
vi.mock('../messaging/client', () => ({
  sendMessage: (type: string, data: unknown) => {
    sent.calls.push({ type, data });
    const answer = sent.answers.get(type);
    return answer ? answer(data) : Promise.reject(new Error(`no answer for ${type}`));
  },
}));

const { usePanelStore } = await import('./panel-store');

const profile = (slug: string, fullName: string): PageContext => ({
  url: `https://www.linkedin.com/in/${slug}/`,
  kind: 'linkedin-profile',
  entities: [{ type: 'contact', fullName, linkedinUrl: `https://www.linkedin.com/in/${slug}`, confidence: 0.9 }],
});
const viewOf = (fullName: string): ContactView => ({ key: fullName, fromCache: true, result: { status: 'found', preview: { provider: 'lusha', id: fullName, fullName, departments: [], canReveal: [], has: {} } as never } });
const lookups = () => sent.calls.filter((call) => call.type === 'lookupContact').map((call) => (call.data as { lookup: { linkedinUrl: string } }).lookup.linkedinUrl);

beforeEach(() => {
  sent.calls = [];
  sent.answers.clear();
  sent.answers.set('lookupContact', async (data) => viewOf((data as { lookup: { linkedinUrl: string } }).lookup.linkedinUrl));
});

describe('the panel store', () => {
  it('shows a page its content script reported at once, and the background’s state after it changes nothing more', async () => {
    const ana: TabState = { tabId: 3, page: profile('ana', 'Ana Ruiz'), updatedAt: 10 };
    sent.answers.set('getTabState', async () => ana);
    await usePanelStore.getState().setTab(3);
    expect(usePanelStore.getState().subject?.entity?.fullName).toBe('Ana Ruiz');
    await usePanelStore.getState().pageReported(profile('bo', 'Bo Lee'));
    expect(usePanelStore.getState().subject?.entity?.fullName).toBe('Bo Lee');
    expect(usePanelStore.getState().view?.key).toBe('https://www.linkedin.com/in/bo');
    await usePanelStore.getState().applyTab({ tabId: 3, page: profile('bo', 'Bo Lee'), updatedAt: 12 });
    expect(lookups()).toEqual(['https://www.linkedin.com/in/ana', 'https://www.linkedin.com/in/bo']);
  });

  it('never goes back to an older state of the background, nor shows another tab’s', async () => {
    sent.answers.set('getTabState', async () => ({ tabId: 4, page: profile('ana', 'Ana Ruiz'), updatedAt: 10 }));
    await usePanelStore.getState().setTab(4);
    await usePanelStore.getState().applyTab({ tabId: 4, page: profile('bo', 'Bo Lee'), updatedAt: 20 });
    await usePanelStore.getState().applyTab({ tabId: 4, page: profile('ana', 'Ana Ruiz'), updatedAt: 15 });
    await usePanelStore.getState().applyTab({ tabId: 5, page: profile('cy', 'Cy Young'), updatedAt: 30 });
    expect(usePanelStore.getState().subject?.entity?.fullName).toBe('Bo Lee');
  });

  it('never shows the previous person’s late answer as the new one’s', async () => {
    let answerAna: (view: ContactView) => void = () => undefined;
    sent.answers.set('lookupContact', (data) =>
      (data as { lookup: { linkedinUrl: string } }).lookup.linkedinUrl.endsWith('/ana') ? new Promise((resolve) => (answerAna = resolve)) : Promise.resolve(viewOf('Bo Lee')),
    );
    sent.answers.set('getTabState', async () => ({ tabId: 6, page: profile('ana', 'Ana Ruiz'), updatedAt: 10 }));
    const opening = usePanelStore.getState().setTab(6);
    await vi.waitFor(() => expect(lookups()).toHaveLength(1));
    await usePanelStore.getState().pageReported(profile('bo', 'Bo Lee'));
    answerAna(viewOf('Ana Ruiz'));
    await opening;
    expect(usePanelStore.getState().view?.key).toBe('Bo Lee');
  });
});

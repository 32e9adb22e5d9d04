/** The protocol's handlers for the watchlist, Saber contact research and the email waterfall. */
import type { Handlers } from '../../messaging/server';
import type { watchProtocol } from '../../messaging/watch';
import { researchSubject } from '../saber/research';
import type { Background } from '../wiring';

type WatchHandlers = Pick<Handlers, keyof typeof watchProtocol>;

export function createWatchHandlers(background: Background, notify: { unreadChanged(unread: number): void }): WatchHandlers {
  const { watchlist, research, waterfall } = background;
  return {
    watch: ({ items }) => watchlist.watchMany(items),
    async unwatch({ key }) {
      await watchlist.unwatch(key);
      return { ok: true as const };
    },
    getWatchlist: () => watchlist.view(),
    pinQuestion: ({ key, question, answerType, lastAnswer }) => watchlist.pin(key, question, answerType, lastAnswer),
    async unpinQuestion({ key, question }) {
      await watchlist.unpin(key, question);
      return { ok: true as const };
    },
    checkWatchlist: ({ clickId }) => watchlist.check(clickId),
    getWatchEvents: () => watchlist.events(),
    async markWatchEventsRead({ ids }) {
      const unread = await watchlist.markRead(ids);
      notify.unreadChanged(unread);
      return { unread };
    },
    startResearch: (input) => research.start(input),
    async getResearch(input) {
      if (input.all) return research.list();
      if (!input.profileUrl && !(input.firstName && input.lastName && input.companyDomain)) return [];
      return research.list(researchSubject({ profileUrl: input.profileUrl, firstName: input.firstName ?? '', lastName: input.lastName ?? '', companyDomain: input.companyDomain ?? '' }));
    },
    planEmailWaterfall: ({ contactId }) => waterfall.plan(contactId),
    findEmail: ({ contactId, confirmedCredits, intentId }) => waterfall.run(contactId, confirmedCredits, intentId),
    getEmailWaterfall: async ({ contactId }) => (await waterfall.last(contactId)) ?? null,
  };
}

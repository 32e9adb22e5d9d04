/**
 * The fault matrix's driver in Node: the background's real code (services, engine, store, clients) over WXT's fake
 * browser and an in-memory IndexedDB, driven through the same message protocol the panel uses; a "worker restart" is
 * a new background over the same storage, with the old one's requests cut off as Chrome cuts them.
 */
import { createHandlers } from '../../lib/background/handlers';
import { createBackground, type Background } from '../../lib/background/wiring';
import { routeMessage } from '../../lib/messaging/server';
import { createLushaClient } from '../../lib/providers/lusha';
import { createSaberClient } from '../../lib/providers/saber';
import type { Answer, MatrixDriver } from '../../tests/faults/matrix';

const EXTENSION = { extensionId: 'sidecar-bench', extensionOrigin: 'chrome-extension://sidecar-bench/' };
const PAGE = { id: EXTENSION.extensionId, url: `${EXTENSION.extensionOrigin}sidepanel.html` };
/** The bench's provider timeout: a latency fault past it loses the answer. */
const TIMEOUT_MS = 800;

export async function createNodeMatrixDriver(sandboxUrl: string): Promise<MatrixDriver & { background(): Background; stop(): void }> {
  let killed = new AbortController();
  const make = () => {
    const signal = killed.signal;
    const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([signal, init.signal]) : signal });
    return createBackground({
      createLushaClient: (apiKey) => createLushaClient({ apiKey, baseUrl: sandboxUrl, fetch: fetchFn, timeoutMs: TIMEOUT_MS }),
      createSaberClient: (apiKey) => createSaberClient({ apiKey, baseUrl: sandboxUrl, fetch: fetchFn, timeoutMs: TIMEOUT_MS }),
    });
  };
  let background = make();
  let handlers = createHandlers(background);
  await background.engine.start();
  return {
    sandboxUrl,
    providerTimeoutMs: TIMEOUT_MS,
    background: () => background,
    async send(type, data) {
      return (await routeMessage({ sidecar: 1, type, data }, PAGE, handlers, EXTENSION)) as Answer;
    },
    async restartWorker() {
      background.engine.stop();
      killed.abort();
      killed = new AbortController();
      background = make();
      handlers = createHandlers(background);
      await background.engine.start();
    },
    async settled() {
      for (;;) {
        await background.engine.idle();
        const status = background.engine.status();
        if (status.queued === 0 && status.inFlight === 0 && status.uncertain === 0) return;
        await Promise.all([background.engine.investigate('lusha'), background.engine.investigate('saber')]);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop() {
      background.engine.stop();
      killed.abort();
    },
  };
}

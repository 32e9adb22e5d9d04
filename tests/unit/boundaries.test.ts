/**
 * The layers' boundaries are enforced by lint (eslint.config.js, `import-x/no-restricted-paths`): this proves each
 * zone bites. Probe files with one forbidden import each are written into the layer they would break, linted with the
 * project's own config, and removed; every one must be flagged, and an allowed import must not be.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** [where the probe lives, the import it tries, whether lint must refuse it]. */
const PROBES: [string, string, boolean][] = [
  ['components/__probe_providers__.tsx', "import { createLushaClient } from '@/lib/providers/lusha';\nexport const probe = createLushaClient;", true],
  ['components/__probe_store_relative__.tsx', "import { getApiKey } from '../lib/store/secrets';\nexport const probe = getApiKey;", true],
  ['components/__probe_engine__.tsx', "import { Engine } from '@/lib/engine/engine';\nexport const probe = Engine;", true],
  ['lib/ui/__probe_background__.ts', "import { createBackground } from '../background/wiring';\nexport const probe = createBackground;", true],
  ['lib/ui/__probe_keys__.ts', "import { createKeysService } from '@/lib/background/keys/keys';\nexport const probe = createKeysService;", true],
  ['entrypoints/sidepanel/__probe_store__.ts', "import { getSettings } from '@/lib/store/settings';\nexport const probe = getSettings;", true],
  ['lib/domain/__probe_store__.ts', "import { getDb } from '../store/db';\nexport const probe = getDb;", true],
  ['lib/domain/__probe_messaging__.ts', "import { protocol } from '../messaging/protocol';\nexport const probe = protocol;", true],
  ['lib/recognition/__probe_ui__.ts', "import { safeUrl } from '../ui/safe-url';\nexport const probe = safeUrl;", true],
  ['lib/recognition/__probe_providers__.ts', "import { createSaberClient } from '../providers/saber';\nexport const probe = createSaberClient;", true],
  ['lib/providers/__probe_store__.ts', "import { getApiKey } from '../store/secrets';\nexport const probe = getApiKey;", true],
  ['lib/store/__probe_engine__.ts', "import { Engine } from '../engine/engine';\nexport const probe = Engine;", true],
  ['lib/engine/__probe_provider__.ts', "import { createLushaClient } from '../providers/lusha';\nexport const probe = createLushaClient;", true],
  ['lib/engine/__probe_background__.ts', "import { createBackground } from '../background/wiring';\nexport const probe = createBackground;", true],
  ['lib/__probe_upward__.ts', "import { ErrorNotice } from '../components/error-notice';\nexport const probe = ErrorNotice;", true],
  ['entrypoints/linkedin.content/__probe_ui__.ts', "import { sendMessage } from '@/lib/messaging/client';\nexport const probe = sendMessage;", true],
  // Allowed edges: lint must not flag them.
  ['components/__probe_allowed__.tsx', "import { creditWord } from '@/lib/domain/credits';\nimport { sendMessage } from '@/lib/messaging/client';\nexport const probe = [creditWord, sendMessage];", false],
  ['lib/background/__probe_allowed__.ts', "import { Engine } from '../engine/engine';\nimport { getDb } from '../store/db';\nexport const probe = [Engine, getDb];", false],
];

const written: string[] = [];
afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

describe('layer boundaries', () => {
  it('lint flags every forbidden import, relative or aliased, and no allowed one', async () => {
    for (const [file, code] of PROBES) {
      const full = path.join(root, file);
      writeFileSync(full, `${code}\n`);
      written.push(full);
    }
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(PROBES.map(([file]) => file));
    const flagged = new Map(results.map((result) => [path.relative(root, result.filePath), result.messages.some((message) => message.ruleId === 'import-x/no-restricted-paths')]));
    for (const [file, , forbidden] of PROBES) expect(flagged.get(file), file).toBe(forbidden);
  }, 60_000);
});

/**
 * Writing an organisation's policy for Sidecar where Debian's Chromium reads it (`/etc/chromium/policies/managed/
 * *.json`, "3rdparty" → "extensions" → Sidecar's id), and putting the machine's policy folder back exactly as it was.
 * Only root can write there (CI runs as root); a spec that needs it skips otherwise. The file has a name of its own,
 * so a copy left by a killed run is recognised and removed before anything is saved.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
const OUR_FILE = path.join(CHROMIUM_POLICY_DIR, 'sidecar-e2e-policy.json');
/** The folders above the policy files, outermost first, each removed again if this run created it. */
const FOLDERS = ['/etc/chromium', '/etc/chromium/policies', CHROMIUM_POLICY_DIR];

/**
 * Removes Sidecar's e2e policy left behind by a run that was killed before it could restore the folder (a process
 * killed outright runs no exit handler). Run once before any spec: such a file would lock every spec's key and cap.
 */
export function removeLeftoverPolicy(): boolean {
  if (!canWriteMachinePolicy()) return false;
  const left = [OUR_FILE, `${OUR_FILE}.tmp`].filter((file) => fs.existsSync(file));
  for (const file of left) fs.rmSync(file);
  return left.length > 0;
}

export function canWriteMachinePolicy(): boolean {
  return process.getuid?.() === 0;
}

interface Snapshot {
  existed: Set<string>;
  files: Map<string, Buffer>;
}

function snapshot(): Snapshot {
  const existed = new Set(FOLDERS.filter((folder) => fs.existsSync(folder)));
  const files = new Map<string, Buffer>();
  if (existed.has(CHROMIUM_POLICY_DIR)) {
    for (const name of fs.readdirSync(CHROMIUM_POLICY_DIR)) files.set(name, fs.readFileSync(path.join(CHROMIUM_POLICY_DIR, name)));
  }
  return { existed, files };
}

/**
 * Takes the policy folder for this run: `write` puts Sidecar's policy there, `restore` (idempotent, synchronous, also
 * run when the process exits) brings the folder back to what it held before.
 */
export function takePolicyFolder(extensionId: string) {
  removeLeftoverPolicy();
  const before = snapshot();
  let restored = false;

  function restore(): void {
    if (restored) return;
    restored = true;
    fs.rmSync(OUR_FILE, { force: true });
    if (before.existed.has(CHROMIUM_POLICY_DIR)) {
      for (const name of fs.readdirSync(CHROMIUM_POLICY_DIR)) if (!before.files.has(name)) fs.rmSync(path.join(CHROMIUM_POLICY_DIR, name), { force: true });
      for (const [name, content] of before.files) {
        const file = path.join(CHROMIUM_POLICY_DIR, name);
        if (!fs.existsSync(file) || !fs.readFileSync(file).equals(content)) fs.writeFileSync(file, content);
      }
    }
    for (const folder of [...FOLDERS].reverse()) {
      if (!before.existed.has(folder) && fs.existsSync(folder) && fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
    }
  }
  process.once('exit', restore);

  return {
    write(policy: Record<string, unknown>): void {
      fs.mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
      // Written whole, then renamed: Chromium never reads half a file.
      fs.writeFileSync(`${OUR_FILE}.tmp`, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: policy } } }, null, 2));
      fs.renameSync(`${OUR_FILE}.tmp`, OUR_FILE);
    },
    restore,
    /** Whether the folder holds again exactly what it held before. */
    isRestored(): boolean {
      const now = snapshot();
      return [...now.existed].sort().join() === [...before.existed].sort().join() && now.files.size === before.files.size && [...before.files].every(([name, content]) => now.files.get(name)?.equals(content));
    },
  };
}

/**
 * Makes Chromium read its policy files now (chrome://policy → "Reload policies") instead of at its next check; `check`
 * may look at the page (what an admin sees there) before it closes.
 */
export async function reloadPolicies(context: BrowserContext, check?: (page: Page) => Promise<void>): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://policy');
    await page.getByRole('button', { name: 'Reload policies' }).click();
    await check?.(page);
  } finally {
    await page.close();
  }
}

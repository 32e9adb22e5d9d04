/** What every e2e spec shares: where the sandbox and the sandbox build are, and the dataset's people. */
import fs from 'node:fs';
import path from 'node:path';
import { E2E_SANDBOX_PORT } from '../../playwright.config';
import { DEFAULT_DATASET } from '../sandbox/dataset';
import { createSandboxClient } from './sandbox-client';

export const SANDBOX_URL = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;
export const EXTENSION_PATH = path.resolve(`.sandbox-build/${E2E_SANDBOX_PORT}/chrome-mv3`);
export const SHOTS = path.resolve('test-results/screenshots');
export const sandbox = createSandboxClient(SANDBOX_URL);

fs.mkdirSync(SHOTS, { recursive: true });

/** A person of the sandbox's dataset by LinkedIn slug. */
export function datasetPerson(slug: string) {
  const found = DEFAULT_DATASET.people.find((candidate) => candidate.linkedinSlug === slug);
  if (!found) throw new Error(`no person ${slug} in the sandbox dataset`);
  return found;
}

/**
 * Before any spec: a machine policy for Sidecar left by an e2e run that was killed mid-spec is removed, so that it
 * cannot lock the key and the cap of every spec that follows (Chromium reads the folder at launch).
 */
import { removeLeftoverPolicy } from './policy-folder';

export default function globalSetup(): void {
  if (removeLeftoverPolicy()) console.log('Removed a Sidecar e2e policy left in /etc/chromium/policies/managed by a killed run.');
}

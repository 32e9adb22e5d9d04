// Maps WXT's `#imports` virtual module to a Node shim, so `tsx --import ./scripts/bench/register.mjs` can run
// background modules as they are.
import { register } from 'node:module';

register('./resolve-imports.mjs', import.meta.url);

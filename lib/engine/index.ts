/** The one engine for every call that can cost: see engine.ts and types.ts. */
import { Engine, type EngineOptions } from './engine';

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}

export type { Engine, EngineOptions, EngineStatus, EngineEvent, LaneConfig, BudgetSource, Timers } from './engine';
export type * from './types';

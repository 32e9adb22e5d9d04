/**
 * Timing helper for a recognition benchmark (not imported by the content script). Runs `recognizePageDetailed` on
 * the same document `runs` times and reports the median and 95th percentile in milliseconds.
 */
import { recognizePageDetailed } from './index';

export interface RecognitionTiming {
  runs: number;
  p50: number;
  p95: number;
}

/** Nearest-rank percentile of ascending `sorted` samples. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Median and 95th-percentile time (ms) of recognising `doc` at `url`, over `runs` runs (at least 1) after one warm-up. */
export function measureRecognition(doc: Document, url: string, runs: number): RecognitionTiming {
  const count = Math.max(1, Math.floor(runs));
  recognizePageDetailed(doc, url);
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    recognizePageDetailed(doc, url);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { runs: count, p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

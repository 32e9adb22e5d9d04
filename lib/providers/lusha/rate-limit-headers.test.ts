import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, parseResetValue, retryInfoFor429 } from './rate-limit-headers';

const NOW = Date.parse('2026-03-30T14:30:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('parseRateLimitHeaders', () => {
  it('reads the V3 spec scheme, whatever the case', () => {
    const headers = new Headers({
      'X-Rate-Limit-Daily': '18000',
      'X-DAILY-REQUESTS-LEFT': '17990',
      'x-daily-usage': '10',
      'x-rate-limit-hourly': '1800',
      'X-Hourly-Requests-Left': '1795',
      'X-Hourly-Usage': '5',
      'x-Rate-Limit-Minute': '300',
      'x-minute-requests-left': '0',
      'x-minute-usage': '300',
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({
      daily: { limit: 18000, remaining: 17990, used: 10 },
      hourly: { limit: 1800, remaining: 1795, used: 5 },
      minute: { limit: 300, remaining: 0, used: 300 },
    });
  });

  it('reads RateLimit-* as a general window, or the window RateLimit-Policy names', () => {
    const general = new Headers({ 'RateLimit-Limit': '25', 'ratelimit-remaining': '3', 'RATELIMIT-RESET': '1' });
    expect(parseRateLimitHeaders(general, NOW)).toEqual({
      general: { limit: 25, remaining: 3, resetsAt: iso(NOW + 1000) },
    });
    const perSecond = new Headers({ 'RateLimit-Limit': '25', 'RateLimit-Remaining': '0', 'RateLimit-Policy': '25;w=1' });
    expect(parseRateLimitHeaders(perSecond, NOW)).toEqual({ second: { limit: 25, remaining: 0 } });
    const daily = new Headers({ 'RateLimit-Limit': '100', 'RateLimit-Remaining': '9', 'RateLimit-Policy': '100;w=86400' });
    expect(parseRateLimitHeaders(daily, NOW)).toEqual({ daily: { limit: 100, remaining: 9 } });
  });

  it('reads X-RateLimit-<Field>-<Window> in its documented spellings', () => {
    const headers = new Headers({
      'X-RateLimit-Remaining-Daily': '17',
      'X-RateLimit-Reset-Daily': '3600',
      'X-RateLimit-Limit-day': '100',
      'x-ratelimit-limit-minute': '40',
      'X-RATELIMIT-REMAINING-MINUTE': '39',
      'X-RateLimit-Remaining-second': '24',
      'X-RateLimit-Remaining-fortnight': '1',
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({
      daily: { remaining: 17, resetsAt: iso(NOW + 3_600_000), limit: 100 },
      minute: { limit: 40, remaining: 39 },
      second: { remaining: 24 },
    });
  });

  it('reads X-RateLimit-Remaining-day too, and lets the spec scheme win a conflict', () => {
    const headers = new Headers({
      'x-rate-limit-daily': '5000',
      'x-daily-requests-left': '4000',
      'X-RateLimit-Limit-day': '9999',
      'X-RateLimit-Remaining-day': '1',
    });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({ daily: { limit: 5000, remaining: 4000 } });
  });

  it('skips junk and returns {} without rate-limit headers', () => {
    expect(parseRateLimitHeaders(new Headers({ 'content-type': 'application/json' }), NOW)).toEqual({});
    expect(
      parseRateLimitHeaders(new Headers({ 'x-rate-limit-daily': 'lots', 'x-daily-requests-left': '-1', 'RateLimit-Reset': 'soon' }), NOW),
    ).toEqual({});
  });

  it('defaults now to the clock', () => {
    const before = Date.now();
    const snapshot = parseRateLimitHeaders(new Headers({ 'RateLimit-Reset': '10' }));
    expect(Date.parse(snapshot.general?.resetsAt ?? '')).toBeGreaterThanOrEqual(before + 10_000);
  });
});

describe('parseResetValue', () => {
  it('reads delta seconds, epoch seconds, epoch ms and dates', () => {
    expect(parseResetValue('30', NOW)).toBe(NOW + 30_000);
    expect(parseResetValue('1774881000', NOW)).toBe(1_774_881_000_000);
    expect(parseResetValue('1774881000123', NOW)).toBe(1_774_881_000_123);
    expect(parseResetValue('Mon, 30 Mar 2026 15:00:00 GMT', NOW)).toBe(Date.parse('2026-03-30T15:00:00Z'));
    expect(parseResetValue('2026-03-31T00:00:00.000Z', NOW)).toBe(Date.parse('2026-03-31T00:00:00.000Z'));
    expect(parseResetValue('whenever', NOW)).toBeUndefined();
    expect(parseResetValue(null, NOW)).toBeUndefined();
  });
});

describe('retryInfoFor429', () => {
  it('names the longest exhausted window and waits for the latest known reset among exhausted ones', () => {
    const headers = new Headers({
      'x-minute-requests-left': '0',
      'X-RateLimit-Reset-Minute': '20',
      'X-RateLimit-Remaining-Daily': '0',
      'X-RateLimit-Reset-Daily': '7200',
    });
    expect(retryInfoFor429(headers, NOW)).toEqual({ retryAt: NOW + 7_200_000, window: 'daily' });
  });

  it('reports a per-second window', () => {
    const headers = new Headers({ 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1', 'RateLimit-Policy': '25;w=1' });
    expect(retryInfoFor429(headers, NOW)).toEqual({ retryAt: NOW + 1000, window: 'second' });
  });

  it('ignores resets in the past', () => {
    const headers = new Headers({ 'Retry-After': 'Mon, 30 Mar 2026 14:00:00 GMT' });
    expect(retryInfoFor429(headers, NOW)).toEqual({ retryAt: NOW + 1000 });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_MS, parseRateLimitHeaders, parseResetValue, retryAtFor429 } from './rate-limit-headers';

const NOW = Date.parse('2026-03-30T14:30:00.000Z');

describe('parseRateLimitHeaders', () => {
  it('reads X-Ratelimit-Limit/Remaining/Reset whatever their case', () => {
    for (const [limit, remaining, reset] of [
      ['X-Ratelimit-Limit', 'X-Ratelimit-Remaining', 'X-Ratelimit-Reset'],
      ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
      ['X-RATELIMIT-LIMIT', 'X-RateLimit-Remaining', 'x-RateLimit-RESET'],
    ] as const) {
      const headers = new Headers({ [limit]: '2000', [remaining]: '17', [reset]: '1774881060' });
      expect(parseRateLimitHeaders(headers, NOW)).toEqual({ limit: 2000, remaining: 17, resetsAt: '2026-03-30T14:31:00.000Z' });
    }
  });

  it('is {} without headers and skips values it cannot read', () => {
    expect(parseRateLimitHeaders(new Headers(), NOW)).toEqual({});
    const odd = new Headers({ 'X-Ratelimit-Limit': 'many', 'X-Ratelimit-Remaining': '-1', 'X-Ratelimit-Reset': 'soon' });
    expect(parseRateLimitHeaders(odd, NOW)).toEqual({});
  });

  it('ignores other schemes (Lusha’s, IETF draft)', () => {
    const headers = new Headers({ 'x-rate-limit-minute': '300', 'RateLimit-Remaining': '4', 'x-minute-requests-left': '2' });
    expect(parseRateLimitHeaders(headers, NOW)).toEqual({});
  });
});

describe('parseResetValue', () => {
  it.each([
    ['epoch seconds', '1774881060', NOW + 60_000],
    ['epoch milliseconds', '1774881060000', NOW + 60_000],
    ['seconds from now', '42', NOW + 42_000],
    ['an ISO date', '2026-03-30T15:00:00Z', Date.parse('2026-03-30T15:00:00Z')],
    ['an HTTP date', 'Mon, 30 Mar 2026 14:35:00 GMT', Date.parse('2026-03-30T14:35:00Z')],
  ])('%s', (_label, value, expected) => {
    expect(parseResetValue(value, NOW)).toBe(expected);
  });

  it('is undefined for a missing or unreadable value', () => {
    expect(parseResetValue(null, NOW)).toBeUndefined();
    expect(parseResetValue('later', NOW)).toBeUndefined();
  });
});

describe('retryAtFor429', () => {
  const reset = new Headers({ 'X-Ratelimit-Reset': '1774881045', 'Retry-After': '20' });

  it('prefers the body’s retryAfter, then Retry-After, then X-Ratelimit-Reset', () => {
    expect(retryAtFor429(reset, NOW, 3)).toBe(NOW + 3000);
    expect(retryAtFor429(reset, NOW)).toBe(NOW + 20_000);
    expect(retryAtFor429(new Headers({ 'X-Ratelimit-Reset': '1774881045' }), NOW)).toBe(NOW + 45_000);
  });

  it('skips times not in the future and falls back to 60 s', () => {
    expect(retryAtFor429(new Headers({ 'X-Ratelimit-Reset': '1774880000' }), NOW, 0)).toBe(NOW + DEFAULT_RETRY_MS);
    expect(retryAtFor429(new Headers(), NOW)).toBe(NOW + 60_000);
  });
});

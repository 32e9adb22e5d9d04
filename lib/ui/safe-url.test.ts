import { describe, expect, it } from 'vitest';
import { safeUrl } from './safe-url';

describe('safeUrl', () => {
  it('keeps http(s) links and refuses script, data and malformed ones', () => {
    expect(safeUrl('https://news.example/a?b=1')).toBe('https://news.example/a?b=1');
    expect(safeUrl('http://x.example')).toBe('http://x.example/');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('JAVASCRIPT:alert(1)', true)).toBeUndefined();
    expect(safeUrl('data:text/html,<b>x</b>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });

  it('reads a bare host as https only when asked', () => {
    expect(safeUrl('acme.example', true)).toBe('https://acme.example/');
    expect(safeUrl('acme.example')).toBeUndefined();
  });
});

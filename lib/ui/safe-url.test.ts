import { describe, expect, it } from 'vitest';
import { linkedInPhoto, safeUrl } from './safe-url';

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

describe('linkedInPhoto', () => {
  it('loads a page’s photo only from LinkedIn’s own image hosts, over https', () => {
    expect(linkedInPhoto('https://media.licdn.com/dms/image/C4E03AQ/profile.jpg')).toBe('https://media.licdn.com/dms/image/C4E03AQ/profile.jpg');
    expect(linkedInPhoto('http://media.licdn.com/x.jpg')).toBeUndefined();
    expect(linkedInPhoto('https://media.licdn.com.evil.example/x.jpg')).toBeUndefined();
    expect(linkedInPhoto('https://tracker.example/pixel.gif')).toBeUndefined();
    expect(linkedInPhoto('data:image/svg+xml,<svg/>')).toBeUndefined();
    expect(linkedInPhoto(undefined)).toBeUndefined();
  });
});

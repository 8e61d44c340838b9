// Accept-Encoding negotiation and the compressed-file cache (each file compressed once per version and coding).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressedCache, negotiateEncoding } from './compression.ts';

describe('negotiateEncoding', () => {
  it('prefers br, then gzip, and honours q=0 and *', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('BR;Q=0.1')).toBe('br');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0, br;q=0')).toBeNull();
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('deflate')).toBeNull();
    expect(negotiateEncoding('')).toBeNull();
    expect(negotiateEncoding(undefined)).toBeNull();
  });
});

describe('compressedCache', () => {
  const text = Buffer.from('const answer = 42; '.repeat(500));

  it('compresses once per path, version and coding, and the bytes round-trip', async () => {
    const cache = compressedCache();
    const [a, b] = await Promise.all([
      cache.get('/x.js', 'v1', text, 'br'),
      cache.get('/x.js', 'v1', text, 'br'),
    ]);
    expect(a).toBe(b);
    expect(a.length).toBeLessThan(text.length / 10);
    expect(brotliDecompressSync(a).equals(text)).toBe(true);
    const gz = await cache.get('/x.js', 'v1', text, 'gzip');
    expect(gunzipSync(gz).equals(text)).toBe(true);
    const changed = Buffer.from('let other = 1; '.repeat(500));
    const next = await cache.get('/x.js', 'v2', changed, 'br');
    expect(brotliDecompressSync(next).equals(changed)).toBe(true);
  });

  it('evicts the oldest entries beyond its size bound', async () => {
    const cache = compressedCache(1);
    const first = await cache.get('/a.js', 'v1', text, 'gzip');
    await cache.get('/b.js', 'v1', text, 'gzip');
    // Evicted: compressed again, so a new buffer with the same bytes.
    const again = await cache.get('/a.js', 'v1', text, 'gzip');
    expect(again).not.toBe(first);
    expect(again.equals(first)).toBe(true);
  });
});

// Compressed static files: Accept-Encoding negotiation (br, then gzip) and each file compressed once, kept in memory.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this, compression saves less than the headers cost. */
export const MIN_COMPRESS_BYTES = 1024;

/** Quality 5: most of brotli's gain for a small share of its time at 11 (a file is compressed on its first request). */
const BROTLI_QUALITY = 5;
const doBrotli = promisify(brotliCompress);
const doGzip = promisify(gzip);

/**
 * The encoding to send for an `Accept-Encoding` header: br if accepted, else gzip, else none. `q=0` refuses a coding;
 * `*` accepts any not named.
 */
export function negotiateEncoding(header: string | undefined | null): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: Encoding) => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return null;
}

export interface CompressedCache {
  /** `data` (the file at `path`, as of `version`) compressed with `encoding`; computed once per path, version and coding. */
  get(path: string, version: string, data: Buffer, encoding: Encoding): Promise<Buffer>;
}

/** An in-memory cache of compressed files, evicting the oldest entries beyond `maxBytes`. */
export function compressedCache(maxBytes = 64 * 1024 * 1024): CompressedCache {
  const entries = new Map<string, Promise<Buffer>>();
  const sizes = new Map<string, number>();
  let total = 0;
  return {
    get(path, version, data, encoding) {
      const key = `${encoding}\0${version}\0${path}`;
      const hit = entries.get(key);
      if (hit) return hit;
      const promise =
        encoding === 'br'
          ? doBrotli(data, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            })
          : doGzip(data, { level: 9 });
      entries.set(key, promise);
      promise.then(
        (out) => {
          if (entries.get(key) !== promise) return;
          sizes.set(key, out.length);
          total += out.length;
          for (const [old, size] of sizes) {
            if (total <= maxBytes) break;
            sizes.delete(old);
            entries.delete(old);
            total -= size;
          }
        },
        () => entries.delete(key),
      );
      return promise;
    },
  };
}

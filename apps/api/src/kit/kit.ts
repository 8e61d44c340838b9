// The Kit: what every resource route module is built with (store, Access, transactions, idempotency).
import type { Store } from '@perfloop/store';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { principalOrgId } from '../auth/principal.ts';
import { actorOf } from '../authz/access.ts';
import { type AccessLoader, createAccessLoader } from '../authz/loader.ts';
import type { AppEnv } from '../context.ts';
import { createIdempotency } from './idempotency.ts';
import type { Reply } from './reply.ts';
import { createWrite, translateStoreError, type Write } from './write.ts';

export interface Kit {
  readonly store: Store;
  /** The caller's Access (loaded once per request). */
  access: AccessLoader;
  /** Route middleware honouring Idempotency-Key on POST. */
  idempotent: MiddlewareHandler<AppEnv>;
  /** Runs `fn` in one transaction for the caller's organisation. */
  writeTx<T>(c: Context<AppEnv>, fn: (w: Write) => Promise<T>, options?: WriteOptions): Promise<T>;
  /**
   * Like writeTx, for handlers that answer with the reply `fn` builds: under an Idempotency-Key the
   * reply is stored in the same transaction, and a request that loses a race for the key is rolled
   * back and answered with the winner's stored reply.
   */
  writeReply<B, S extends ContentfulStatusCode>(
    c: Context<AppEnv>,
    fn: (w: Write) => Promise<Reply<B, S>>,
    options?: WriteOptions,
  ): Promise<Reply<B, S>>;
  /**
   * For requests made of independent parts, each in its own transaction (bulk endpoints; start them
   * together and the store commits them as one group): like writeReply for one part. Under an
   * Idempotency-Key the part's reply is stored in its transaction under the key and `part`, so a
   * retried or twin request replays the parts that committed instead of writing them again; the
   * route's whole answer is stored by `kit.idempotent` after the handler.
   */
  writePart<B, S extends ContentfulStatusCode>(
    c: Context<AppEnv>,
    part: string,
    fn: (w: Write) => Promise<Reply<B, S>>,
    options?: WriteOptions,
  ): Promise<Reply<B, S>>;
}

export interface WriteOptions {
  /**
   * The audit actor of the writes, when the route acts for someone other than the caller (a key acting
   * for a person: `<person id>@api_key:<key id>`, see actorOf); default the caller's actor.
   */
  actor?: string;
}

export function createKit(store: Store): Kit {
  const idempotency = createIdempotency(store);

  async function writeTx<T>(
    c: Context<AppEnv>,
    fn: (w: Write) => Promise<T>,
    options: WriteOptions = {},
  ): Promise<T> {
    const principal = c.get('principal');
    try {
      return await store.transaction(principalOrgId(principal), (tx) =>
        fn(createWrite(tx, options.actor ?? actorOf(principal))),
      );
    } catch (error) {
      throw translateStoreError(error);
    }
  }

  return {
    store,
    access: createAccessLoader(store),
    idempotent: idempotency.middleware,
    writeTx,
    async writeReply(c, fn, options) {
      try {
        return await writeTx(
          c,
          async (w) => {
            await idempotency.checkInTx(c, w.tx);
            const r = await fn(w);
            await idempotency.storeInTx(c, w.tx, r);
            return r;
          },
          options,
        );
      } catch (error) {
        const replay = await idempotency.resolveRace(c, error);
        if (replay === null) throw error;
        // The stored reply was produced by this same route for the same request, so it has its shape.
        return replay as Reply<never, never>;
      }
    },
    async writePart(c, part, fn, options) {
      try {
        return await writeTx(
          c,
          async (w) => {
            await idempotency.checkInTx(c, w.tx, part);
            const r = await fn(w);
            await idempotency.storeInTx(c, w.tx, r, part);
            return r;
          },
          options,
        );
      } catch (error) {
        const replay = await idempotency.resolveRace(c, error, part);
        if (replay === null) throw error;
        // Stored by this same route for this part of the same request, so it has its shape.
        return replay as Reply<never, never>;
      }
    },
  };
}

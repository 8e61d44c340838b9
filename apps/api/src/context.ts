// The Hono environment shared by the app, its middleware and every route module.
import type { Logger } from 'pino';
import type { Principal } from './auth/principal.ts';

export type AppEnv = {
  Variables: {
    requestId: string;
    /** Request-scoped logger (carries requestId). */
    log: Logger;
    /** Set by the auth middleware on every /v1 route. */
    principal: Principal;
  };
};

// The default verifier chain built from the configuration.
import type { Env } from '../env.ts';
import { createApiKeyVerifier } from './apiKey.ts';
import { createDevVerifier } from './dev.ts';
import { createEntraVerifier } from './entra.ts';
import { createGoogleUserTokens } from './google.ts';
import type { IdentityDirectory } from './identity.ts';
import type { Verifier } from './verifier.ts';

/**
 * dev → API key (with the Sheets users' Google tokens, if configured) → Entra (if configured);
 * first `canHandle` wins.
 */
export function createVerifiers(env: Env, directory: IdentityDirectory): Verifier[] {
  const googleUsers = env.google ? createGoogleUserTokens(env.google) : null;
  const verifiers: Verifier[] = [
    createDevVerifier({ enabled: env.demo && !env.production, directory }),
    createApiKeyVerifier({ directory, googleUsers }),
  ];
  if (env.entra) verifiers.push(createEntraVerifier({ config: env.entra, directory }));
  return verifiers;
}

// The default verifier chain built from the configuration.
import type { Env } from '../env.ts';
import { createApiKeyVerifier } from './apiKey.ts';
import { createDevVerifier } from './dev.ts';
import { createEntraVerifier } from './entra.ts';
import { createGoogleAddonVerifier } from './google.ts';
import type { IdentityDirectory } from './identity.ts';
import type { Verifier } from './verifier.ts';

/** dev → API key → Entra (if configured) → Google add-on (if configured); first `canHandle` wins. */
export function createVerifiers(env: Env, directory: IdentityDirectory): Verifier[] {
  const verifiers: Verifier[] = [
    createDevVerifier({ enabled: env.demo && !env.production, directory }),
    createApiKeyVerifier({ directory }),
  ];
  if (env.entra) verifiers.push(createEntraVerifier({ config: env.entra, directory }));
  if (env.google) verifiers.push(createGoogleAddonVerifier({ config: env.google, directory }));
  return verifiers;
}

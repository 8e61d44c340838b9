// The local Google token issuer (certs endpoints + signed system and user ID tokens).
export {
  GOOGLE_ISSUER,
  type GoogleTokenIssuer,
  type GoogleTokenIssuerOptions,
  type GoogleUser,
  startGoogleTokenIssuer,
  type TokenOptions,
} from './issuer.ts';

// Google's side of an add-on call in tests: the identities, the signed tokens and the event object Google POSTs.
import type { FakeSheets, GoogleTokenIssuer } from '@perfloop/fakes';
import { type AddonResponse, AddonResponseSchema } from '../cards/schema.ts';
import { auth as googleAuth, sheets as googleSheets, type sheets_v4 } from '../sheets/googleapis.ts';

export const ADDON_URL = 'https://sheets-addon.perfloop.test';
export const SERVICE_ACCOUNT = 'service-424242424242@gcp-sa-gsuiteaddons.iam.gserviceaccount.com';
export const CLIENT_ID = '424242424242-perfloop.apps.googleusercontent.com';

export const oauthToken = (email: string) => `ya29.test-${email}`;

export interface InvokeOptions {
  /** The Google user (their e-mail is their Perfloop e-mail). */
  as: string;
  formInputs?: Record<string, string>;
  parameters?: Record<string, string>;
  /** The open spreadsheet (granted with drive.file), if any. */
  spreadsheetId?: string;
  /** Override the system token (identity tests). */
  systemToken?: string;
  userToken?: string;
}

/**
 * What Google sends to the add-on endpoint at `path` for a user action: the system ID token for the
 * endpoint's URL (`ADDON_URL` + path) and the event with the user's tokens (the user's OAuth token is
 * granted on the Sheets fake).
 */
export async function addonCall(
  issuer: GoogleTokenIssuer,
  sheets: FakeSheets,
  path: string,
  o: InvokeOptions,
): Promise<{ headers: Record<string, string>; body: unknown }> {
  sheets.grant(oauthToken(o.as), o.as);
  const system = o.systemToken ?? (await issuer.systemToken(`${ADDON_URL}${path}`, SERVICE_ACCOUNT));
  const user = o.userToken ?? (await issuer.userToken({ email: o.as }, CLIENT_ID));
  const formInputs = Object.fromEntries(
    Object.entries(o.formInputs ?? {}).map(([k, v]) => [k, { stringInputs: { value: [v] } }]),
  );
  const event = {
    commonEventObject: {
      hostApp: 'SHEETS',
      platform: 'WEB',
      userLocale: 'en',
      timeZone: { id: 'Europe/Berlin', offset: 3_600_000 },
      ...(o.formInputs ? { formInputs } : {}),
      ...(o.parameters ? { parameters: o.parameters } : {}),
    },
    authorizationEventObject: {
      userOAuthToken: oauthToken(o.as),
      userIdToken: user,
      systemIdToken: system,
    },
    sheets: o.spreadsheetId
      ? { id: o.spreadsheetId, title: 'Scoring', addonHasFileScopePermission: true }
      : { addonHasFileScopePermission: false },
  };
  return { headers: { Authorization: `Bearer ${system}` }, body: event };
}

/** An endpoint's answer: a 200 must be a valid card response (checked against the card schema). */
export async function addonAnswer(
  path: string,
  res: Response,
): Promise<{ status: number; body: AddonResponse }> {
  const json: unknown = await res.json();
  if (res.status !== 200) return { status: res.status, body: json as AddonResponse };
  const checked = AddonResponseSchema.safeParse(json);
  if (!checked.success) {
    throw new Error(
      `${path} answered something that is not a valid card response: ${checked.error.message}\n${JSON.stringify(json).slice(0, 2000)}`,
    );
  }
  return { status: res.status, body: checked.data };
}

/** googleapis Sheets v4 against the fake, as `email` (the user's own edits in the spreadsheet). */
export function sheetsAs(fake: FakeSheets, email: string): sheets_v4.Sheets {
  fake.grant(oauthToken(email), email);
  const auth = new googleAuth.OAuth2();
  auth.setCredentials({ access_token: oauthToken(email) });
  return googleSheets({ version: 'v4', auth, rootUrl: fake.rootUrl });
}

/** Every card in a response (to search their text). */
export function cardText(response: AddonResponse): string {
  return JSON.stringify(response);
}

// @perfloop/sheets-addon/testing: the add-on service and Google's side of its calls, for cross-app tests.
export type { AddonResponse } from '../cards/schema.ts';
export { PATHS } from '../paths.ts';
export { COL, letter, SCORING_TITLE } from '../sheet/layout.ts';
export {
  ADDON_URL,
  CLIENT_ID,
  cardText,
  type InvokeOptions,
  oauthToken,
  SERVICE_ACCOUNT,
} from './events.ts';
export { type AddonService, type AddonServiceOptions, startAddonService } from './service.ts';

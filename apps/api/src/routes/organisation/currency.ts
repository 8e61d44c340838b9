// The organisation's currency (ISO 4217): the setting's schema, reading it from stored settings, and the field money responses carry.
import { z } from '@hono/zod-openapi';
import type { JsonObject, Organisation } from '@perfloop/store';

export const CURRENCY_SETTING = 'currency';

/** The ISO 4217 codes this runtime knows (Node 20's ICU: the codes in use; not withdrawn ones such as DEM, nor XXX / XTS). */
const KNOWN: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(value: string): boolean {
  return KNOWN.has(value);
}

const DESCRIPTION =
  "The organisation's currency, an ISO 4217 code (e.g. EUR). Every money amount (`…Cents`: salaries, target bonuses, bonus pool, merit budget, bonuses, merit increases) is in hundredths of this currency's unit. Null until HR sets it: amounts then have no currency (show them without a symbol). Changing it relabels the amounts already stored; it converts nothing.";

// No regex flags: the pattern is published in /openapi.json, where JSON Schema patterns have none.
/** A known ISO 4217 code: three upper-case letters (400 otherwise), then one this runtime knows (400 too). */
export const CurrencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, {
    message: 'must be an ISO 4217 currency code: three upper-case letters such as EUR',
    abort: true,
  })
  .refine(isCurrency, 'is not a known ISO 4217 currency code')
  .openapi({ description: DESCRIPTION, example: 'EUR' });

/** The setting: a currency, or null (none set; also what HR sends to clear it). */
export const CurrencySettingSchema = CurrencyCodeSchema.nullable().openapi({
  description: DESCRIPTION,
  example: 'EUR',
});

/** The `currency` field of responses that carry money: the organisation's currency when the response was made. */
export const MoneyCurrencyField = z.string().nullable().openapi({
  description:
    "The organisation's currency (ISO 4217; `GET /v1/organisation` → `settings.currency`) the amounts in cents are in; null when the organisation has none set (show the amounts without a symbol).",
  example: 'EUR',
});

/** The currency in stored settings; null when unset or not a known code (never expected: writes are validated). */
export function currencyOf(settings: JsonObject): string | null {
  const value = settings[CURRENCY_SETTING];
  return typeof value === 'string' && isCurrency(value) ? value : null;
}

/** Anything that reads an organisation row: the store or a transaction. */
export interface OrganisationSource {
  organisations: { get(orgId: string): Promise<Organisation | undefined> };
}

/** The organisation's currency, read through `source` (the store, or the transaction answering the request). */
export async function organisationCurrency(
  source: OrganisationSource,
  orgId: string,
): Promise<string | null> {
  const org = await source.organisations.get(orgId);
  return org ? currencyOf(org.settings) : null;
}

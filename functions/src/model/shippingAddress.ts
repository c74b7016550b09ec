// Where an order ships: given with placeOrder or holdStock, stored on the order (and the hold it
// came from), shown to the buyer in their emails and to the shop. A buyer types it, and it lands
// in an email, so it is plain text only: one line per field (no control characters, so nothing
// can add lines or headers), no links, bounded lengths; the templates escape it in HTML.
import countries from "i18n-iso-countries";
import { z } from "zod";

const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cf}]*$/u, "use plain text on one line")
    .refine((text) => !/:\/\/|www\./i.test(text), { message: "no links" });

export const shippingAddressSchema = z.strictObject({
  // The recipient, as the carrier should print it.
  name: plainText(100),
  // Street, number, building, apartment: one to three lines.
  lines: z.array(plainText(100)).min(1).max(3),
  city: plainText(100),
  // State, province or county, where the country uses one.
  region: plainText(100).optional(),
  postalCode: plainText(20).regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "letters, digits, spaces and hyphens"),
  // ISO 3166-1 alpha-2, upper case.
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code in capitals, e.g. DE or US")
    .refine((code) => countries.isValid(code), { message: "not an ISO 3166-1 country code" }),
});

export type ShippingAddress = z.infer<typeof shippingAddressSchema>;

// The country's name in `locale` (else the runtime's language), or the code itself if the
// runtime can't name it. Emails and the apps show it the same way.
export function countryName(code: string, locale?: string): string {
  try {
    return new Intl.DisplayNames(locale ? [locale, "en"] : undefined, { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

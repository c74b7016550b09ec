// Where the order ships, typed at checkout and checked with the backend's own schema before the
// order is sent. All fields empty: no address (a shop that doesn't ship); partly filled: the
// buyer is told what to fix, and nothing is ordered.
import { countryName, shippingAddressSchema, type ShippingAddress } from "@firebase-inventory/client";
import countries from "i18n-iso-countries";
import { useMemo } from "preact/hooks";

export interface AddressDraft {
  name: string;
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export const EMPTY_ADDRESS: AddressDraft = { name: "", line1: "", line2: "", city: "", region: "", postalCode: "", country: "" };

export function formatAddress(address: ShippingAddress): string {
  return [address.name, ...address.lines, `${address.postalCode} ${address.city}${address.region ? `, ${address.region}` : ""}`, countryName(address.country)].join(", ");
}

// The address to send (undefined: none given), or what to fix.
export function addressFromDraft(draft: AddressDraft): { address?: ShippingAddress } | { problems: string } {
  if ((Object.values(draft) as string[]).every((value) => value.trim() === "")) return {};
  const parsed = shippingAddressSchema.safeParse({
    name: draft.name,
    lines: [draft.line1, draft.line2].filter((line) => line.trim() !== ""),
    city: draft.city,
    ...(draft.region.trim() ? { region: draft.region } : {}),
    postalCode: draft.postalCode,
    country: draft.country,
  });
  if (parsed.success) return { address: parsed.data };
  const fields: Record<string, string> = { name: "name", lines: "street", city: "city", region: "region", postalCode: "postal code", country: "country" };
  const problems = [...new Set(parsed.error.issues.map((issue) => fields[String(issue.path[0])] ?? String(issue.path[0])))];
  return { problems: `Please check the shipping address: ${problems.join(", ")}.` };
}

export function ShippingAddressForm({ value, onChange }: { value: AddressDraft; onChange: (draft: AddressDraft) => void }) {
  const options = useMemo(
    () =>
      Object.keys(countries.getAlpha2Codes())
        .map((code) => ({ code, name: countryName(code) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [],
  );
  const field = (key: keyof AddressDraft, label: string, autoComplete: string) => (
    <label>
      {label}
      <input value={value[key]} autoComplete={autoComplete} maxLength={100} onInput={(e) => onChange({ ...value, [key]: e.currentTarget.value })} />
    </label>
  );
  return (
    <fieldset class="address">
      <legend>Ship to (leave empty if nothing ships)</legend>
      {field("name", "Full name", "shipping name")}
      {field("line1", "Street and number", "shipping address-line1")}
      {field("line2", "Apartment, building (optional)", "shipping address-line2")}
      {field("postalCode", "Postal code", "shipping postal-code")}
      {field("city", "City", "shipping address-level2")}
      {field("region", "State or region (optional)", "shipping address-level1")}
      {/* Labelled by id, not wrapped: a wrapping label's name would include every option's text. */}
      <div class="field">
        <label for="ship-country">Country</label>
        <select id="ship-country" value={value.country} autoComplete="shipping country" onChange={(e) => onChange({ ...value, country: e.currentTarget.value })}>
          <option value="">Choose a country</option>
          {options.map(({ code, name }) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}

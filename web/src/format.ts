// Prices are stored in minor units (cents) with an ISO currency; shown in the buyer's locale.
export function fractionDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function money(minor: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 10 ** fractionDigits(currency));
}

export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** fractionDigits(currency));
}

export function when(timestamp: { toDate(): Date } | undefined | null): string {
  return timestamp ? timestamp.toDate().toLocaleString() : "just now";
}

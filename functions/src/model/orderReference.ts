// A short order reference a person can read out to support: 8 characters from an alphabet
// without look-alikes (no 0/O, 1/I/L, U/V), derived from the order id, so every replay, email
// and screen shows the same one without storing anything new. Pure: apps may compute it too.
export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
export const REFERENCE_LENGTH = 8;

// FNV-1a, 64 bits: spreads any id (hex or not) evenly over the reference space.
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const char of text) {
    hash ^= BigInt(char.codePointAt(0) ?? 0);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

export function orderReference(orderId: string): string {
  const base = BigInt(REFERENCE_ALPHABET.length);
  let value = fnv1a64(orderId);
  let reference = "";
  for (let i = 0; i < REFERENCE_LENGTH; i += 1) {
    reference += REFERENCE_ALPHABET[Number(value % base)];
    value /= base;
  }
  return reference;
}

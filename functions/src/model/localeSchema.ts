import { z } from "zod";

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

// The buyer's language for emails (BCP 47); stored canonical, e.g. "pt-BR".
export const localeSchema = z
  .string()
  .max(35)
  .refine(isLanguageTag, "a language tag such as en, de or pt-BR")
  .transform((tag) => Intl.getCanonicalLocales(tag)[0] as string);

// Finds the shop's template for an email kind and language in Firestore: the most specific of
// `{kind}_{locale}` ("confirmation_pt-BR"), `{kind}_{language}` ("confirmation_pt") and
// `{kind}`, read in one round trip on every email, so an edit applies to the next email.
import { db } from "../firestore/db";
import { emailTemplateRef, EMAIL_TEMPLATES } from "../firestore/paths";
import type { EmailKind } from "./emailTemplates";

// Most specific first, each with the language its template is written in (none: the shop's default).
export function templateCandidates(kind: EmailKind, locale: string | undefined): { id: string; locale?: string }[] {
  const candidates: { id: string; locale?: string }[] = [];
  if (locale) {
    candidates.push({ id: `${kind}_${locale}`, locale });
    const language = locale.split("-")[0];
    if (language && language !== locale) candidates.push({ id: `${kind}_${language}`, locale: language });
  }
  candidates.push({ id: kind });
  return candidates;
}

export interface TemplateOverrideDoc {
  path: string;
  data: unknown;
  locale?: string;
}

export async function findTemplateOverride(kind: EmailKind, locale: string | undefined): Promise<TemplateOverrideDoc | undefined> {
  const candidates = templateCandidates(kind, locale);
  const snapshots = await db().getAll(...candidates.map(({ id }) => emailTemplateRef(id)));
  const index = snapshots.findIndex((snapshot) => snapshot.exists);
  if (index < 0) return undefined;
  return { path: `${EMAIL_TEMPLATES}/${candidates[index]!.id}`, data: snapshots[index]!.data(), locale: candidates[index]!.locale };
}

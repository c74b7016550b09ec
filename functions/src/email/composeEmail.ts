// Composes an order email as it will be sent: the shop's template for the buyer's language
// (or the built-in one), the branding params, and the order. A template that fails is logged
// at ERROR with its path and the problem, and the built-in template is used instead.
import * as logger from "firebase-functions/logger";
import { defaultLocale, logoUrl, shopName, supportEmail } from "../config";
import type { EmailKind } from "./emailTemplates";
import { emailContext, type EmailOrder } from "./orderEmailContent";
import { renderEmail, type Rendering } from "./renderTemplate";
import { findTemplateOverride } from "./templateStore";

function shopLocale(): string {
  return defaultLocale.value() || "en";
}

export function branding() {
  return { name: shopName.value(), supportEmail: supportEmail.value(), logoUrl: logoUrl.value() };
}

// The buyer's language picks the template; amounts are formatted in the language the chosen
// template is written in, so a buyer without a template in their language gets one consistent
// email in the shop's default language.
export async function composeOrderEmail(kind: EmailKind, orderId: string, order: EmailOrder, options: { locale?: string; preview?: boolean } = {}): Promise<Rendering> {
  const wanted = options.locale ?? order.locale;
  const override = await findTemplateOverride(kind, wanted);
  const shop = branding();
  const rendering = renderEmail(kind, emailContext(orderId, order, shop, override?.locale ?? shopLocale()), override);
  if (!rendering.problems.length) return rendering;
  // A preview shows its problems to the admin instead.
  if (!options.preview) {
    logger.error("Email template failed; the built-in template was used", { orderId, kind, locale: wanted, template: override?.path, problems: rendering.problems });
  }
  // The built-in template is in the default language: format it that way too.
  return { ...renderEmail(kind, emailContext(orderId, order, shop, shopLocale())), problems: rendering.problems };
}

// Renders an order email from a template with Handlebars, each render in its own Handlebars
// environment (partials never leak between shops' templates or renders). A shop's override
// that fails (bad shape, syntax error, missing partial, a runtime error) never loses the
// email: the built-in template renders instead and the problem is reported.
import Handlebars from "handlebars";
import { DEFAULT_PARTIALS, DEFAULT_TEMPLATES, templateOverrideSchema, type EmailKind, type EmailTemplate } from "./emailTemplates";
import type { ShippingAddress } from "../model/shippingAddress";
import { describeIssues } from "../model/validationIssues";

export interface ShipmentContent {
  lines: { productId: string; name: string; quantity: number }[];
  carrier?: string;
  trackingNumber?: string;
  complete: boolean;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContext {
  shop: { name: string; supportEmail: string; logoUrl: string };
  order: {
    id: string;
    reference: string;
    status: string;
    items: { productId: string; name: string; quantity: number; unitPrice: string; amount: string }[];
    total: string;
    currency: string;
    // The shop's words for the reason code, and the code itself (model/cancelReasons.ts).
    cancellationReason?: string;
    cancellationReasonCode?: string;
    // Where it ships, as the buyer gave it (model/shippingAddress.ts: plain one-line fields),
    // with the country's name in the email's language.
    shippingAddress?: ShippingAddress & { countryName: string };
    // A cancellation of a partly shipped order: the lines that shipped before it.
    shippedBefore?: { name: string; quantity: number }[];
  };
  // A shipment email's shipment: its lines, carrier and tracking number, and whether it
  // completes the order.
  shipment?: ShipmentContent;
  buyer: { email: string };
  locale: string;
}

export interface Rendering {
  email: RenderedEmail;
  // Where the template came from: "default", or the override's document path.
  source: string;
  // Why an override was not used; empty when all went well.
  problems: string[];
}

// Header values must be one line: a newline there could start a header of its own.
export function headerSafe(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

function render(template: EmailTemplate, context: EmailContext): RenderedEmail {
  const handlebars = Handlebars.create();
  for (const [name, source] of Object.entries({ ...DEFAULT_PARTIALS, ...template.partials })) handlebars.registerPartial(name, source);
  const options = { strict: false };
  const plain = (source: string) => handlebars.compile(source, { ...options, noEscape: true })(context);
  return {
    subject: headerSafe(plain(template.subject)),
    text: plain(template.text),
    html: handlebars.compile(template.html, options)(context),
  };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 3).join(" ").slice(0, 300);
}

export function renderEmail(kind: EmailKind, context: EmailContext, override?: { path: string; data: unknown }): Rendering {
  const fallback = DEFAULT_TEMPLATES[kind];
  if (override) {
    const parsed = templateOverrideSchema.safeParse(override.data);
    if (!parsed.success) {
      const problem = describeIssues(parsed.error, { whole: "document" });
      return { email: render(fallback, context), source: "default", problems: [`${override.path}: ${problem}`] };
    }
    const { subject, text, html, partials } = parsed.data;
    try {
      const email = render({ subject: subject ?? fallback.subject, text: text ?? fallback.text, html: html ?? fallback.html, partials }, context);
      if (!email.subject) throw new Error("the subject renders empty");
      return { email, source: override.path, problems: [] };
    } catch (error) {
      return { email: render(fallback, context), source: "default", problems: [`${override.path}: ${describe(error)}`] };
    }
  }
  return { email: render(fallback, context), source: "default", problems: [] };
}

// Deploy-time settings. Each is a Firebase param: `firebase deploy` asks for missing values
// and stores them in functions/.env.<project>; the emulator reads functions/.env.local.
import { defineBoolean, defineInt, defineSecret, defineString } from "firebase-functions/params";

export const region = defineString("REGION", {
  default: "us-central1",
  description: "Region of every function. Put it next to your Firestore database.",
});

// placeOrder
export const orderMaxInstances = defineInt("ORDER_MAX_INSTANCES", {
  default: 100,
  description: "Upper bound on placeOrder instances (cost and Firestore load ceiling).",
});
export const orderMinInstances = defineInt("ORDER_MIN_INSTANCES", {
  default: 0,
  description: "Warm placeOrder instances kept ready; >0 removes cold starts at a cost.",
});
export const orderConcurrency = defineInt("ORDER_CONCURRENCY", {
  default: 80,
  description: "Requests one placeOrder instance serves at once.",
});
export const transactionMaxAttempts = defineInt("TRANSACTION_MAX_ATTEMPTS", {
  default: 10,
  description: "Attempts of one Firestore transaction before placeOrder reports 'unavailable'.",
});

// Confirmation email
export const smtpHost = defineString("SMTP_HOST", { description: "SMTP server host name." });
export const smtpPort = defineInt("SMTP_PORT", { default: 587, description: "SMTP server port." });
export const smtpSecure = defineBoolean("SMTP_SECURE", {
  default: false,
  description: "true for implicit TLS (port 465); false uses STARTTLS when the server offers it.",
});
export const smtpUser = defineString("SMTP_USER", {
  default: "",
  description: "SMTP user name; empty for a server without authentication.",
});
export const smtpPassword = defineSecret("SMTP_PASSWORD");
export const mailFrom = defineString("MAIL_FROM", {
  description: "From address of confirmation emails, e.g. 'My Shop <orders@example.com>'.",
});
export const confirmationMaxAgeMinutes = defineInt("CONFIRMATION_MAX_AGE_MINUTES", {
  default: 24 * 60,
  description: "Redelivered confirmation events older than this are marked failed instead of retried.",
});
export const smtpTimeoutSeconds = defineInt("SMTP_TIMEOUT_SECONDS", {
  default: 10,
  description: "Connection, greeting and socket timeout of one SMTP send; a hung server fails the attempt after this.",
});
export const emailMaxConcurrentSends = defineInt("EMAIL_MAX_CONCURRENT_SENDS", {
  default: 5,
  description: "SMTP connections one instance opens at most; further sends wait in its pool.",
});
export const confirmationSweepMinutes = defineInt("CONFIRMATION_SWEEP_MINUTES", {
  default: 5,
  description: "The sweep sends confirmations still pending this long after the order (or stuck in an expired send).",
});

// Branding of the order emails (templates: docs/email.md).
export const shopName = defineString("SHOP_NAME", {
  default: "Our shop",
  description: "The shop's name as emails show it.",
});
export const supportEmail = defineString("SUPPORT_EMAIL", {
  default: "",
  description: "Where buyers write with questions, shown in emails; empty leaves it out.",
});
export const logoUrl = defineString("LOGO_URL", {
  default: "",
  description: "HTTPS URL of the logo at the top of HTML emails; empty for none.",
});
export const defaultLocale = defineString("DEFAULT_LOCALE", {
  default: "en",
  description: "Language of emails for buyers without one (and of the built-in templates' number formats).",
});

// Checkout holds
export const holdMinutes = defineInt("HOLD_MINUTES", {
  default: 10,
  description: "How long holdStock reserves units for a buyer's checkout before they return to stock.",
});
export const holdMaxActivePerBuyer = defineInt("HOLD_MAX_ACTIVE_PER_BUYER", {
  default: 3,
  description: "Checkout holds one buyer may have at once; 0 turns this cap off.",
});
export const holdMaxUnitsPerProduct = defineInt("HOLD_MAX_UNITS_PER_PRODUCT", {
  default: 10,
  description: "Units of one product one buyer may hold at once (a product's maxPerCustomer applies too); 0 turns this cap off.",
});
export const holdMaxSharePercent = defineInt("HOLD_MAX_SHARE_PERCENT", {
  default: 50,
  description: "All holds together may take at most this percent of a product's unsold units (rounded up); the rest stays for buyers who order directly. 0 turns this cap off.",
});

// Cancellations
export const buyerCancelWindowMinutes = defineInt("BUYER_CANCEL_WINDOW_MINUTES", {
  default: 30,
  description: "A buyer may cancel their own order this long after placing it (admins always may; 0 turns buyer cancellation off).",
});

// Stock locations
export const allocationStrategy = defineString("ALLOCATION_STRATEGY", {
  default: "priority",
  input: { select: { options: [{ value: "priority" }, { value: "most-available" }] } },
  description: "How an order's units are spread over locations: 'priority' (the locations' priority order, lowest first) or 'most-available' (the location with most available first).",
});
export const locationCacheSeconds = defineInt("LOCATION_CACHE_SECONDS", {
  default: 30,
  description: "How long a function instance keeps the locations' priorities before reading them again (priorities only choose among locations that have stock; 0 reads them for every order).",
});

// Abuse resistance
export const requireAppCheck = defineBoolean("REQUIRE_APP_CHECK", {
  default: false,
  description: "Refuse placeOrder and cancelOrder calls without a valid App Check token (turn on once your apps send them).",
});
export const requireVerifiedEmail = defineBoolean("REQUIRE_VERIFIED_EMAIL", {
  default: true,
  description: "Only buyers whose email address is verified may order, hold or cancel, so the shop only ever emails addresses their owners proved.",
});
export const requireShippingAddress = defineBoolean("REQUIRE_SHIPPING_ADDRESS", {
  default: false,
  description: "Refuse placeOrder and holdStock calls without a shippingAddress (turn on when every order ships; shops selling downloads or pick-up leave it off).",
});
export const orderRateLimitPerMinute = defineInt("ORDER_RATE_LIMIT_PER_MINUTE", {
  default: 60,
  description: "placeOrder, holdStock and cancelOrder calls one buyer may make per minute, together (a burst of this many, refilled evenly); 0 turns the limit off.",
});

// Webhooks (docs/events.md). Durations are in seconds so the emulator can run them in seconds.
export const webhookTimeoutSeconds = defineInt("WEBHOOK_TIMEOUT_SECONDS", {
  default: 10,
  description: "One webhook delivery attempt fails (and is retried) when the endpoint hasn't answered within this.",
});
export const webhookMinBackoffSeconds = defineInt("WEBHOOK_MIN_BACKOFF_SECONDS", {
  default: 60,
  description: "Wait before the first retry of a failed webhook delivery; it doubles with each retry up to WEBHOOK_MAX_BACKOFF_SECONDS.",
});
export const webhookMaxBackoffSeconds = defineInt("WEBHOOK_MAX_BACKOFF_SECONDS", {
  default: 4 * 60 * 60,
  description: "Longest wait between two retries of one webhook delivery.",
});
export const webhookRetrySeconds = defineInt("WEBHOOK_RETRY_SECONDS", {
  default: 3 * 24 * 60 * 60,
  description: "A webhook delivery still failing this long after its first attempt is marked failed (re-send it from the console or with resendWebhookEvents).",
});
export const webhookPauseAfterSeconds = defineInt("WEBHOOK_PAUSE_AFTER_SECONDS", {
  default: 24 * 60 * 60,
  description: "An endpoint whose deliveries have all failed for this long is paused and ALERT_EMAILS are told; its events are kept and delivered when it is resumed.",
});
export const webhookRetentionDays = defineInt("WEBHOOK_RETENTION_DAYS", {
  default: 30,
  description: "Events and delivery logs are kept this long (a Firestore TTL policy on expireAt deletes them after), and can be re-sent meanwhile.",
});
export const eventDispatchSweepSeconds = defineInt("EVENT_DISPATCH_SWEEP_SECONDS", {
  default: 60,
  description: "The sweep dispatches events still undispatched this long after their commit (a worker that died after committing).",
});
export const alertEmails = defineString("ALERT_EMAILS", {
  default: "",
  description: "Comma-separated addresses told when a webhook endpoint is paused; empty tells no one (the console still shows it).",
});

// Stock alerts (inventory.low_stock, inventory.out_of_stock, inventory.back_in_stock events).
export const alertRearmMargin = defineInt("ALERT_REARM_MARGIN", {
  default: 1,
  description: "A stock alert fires again only after available has risen more than this above its line (the reorder point; 0 for out of stock), so holds taken and expiring at the line don't repeat it.",
});

// Eventarc (docs/events.md): the same events for functions in this project.
export const eventarcChannel = defineString("EVENTARC_CHANNEL", {
  default: "",
  description: "Also publish every event to this Eventarc channel (e.g. locations/us-central1/channels/firebase), as Firebase extensions do, for onCustomEventPublished functions; empty publishes nothing.",
});

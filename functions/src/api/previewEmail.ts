// Admin callable: render an order email (sample data or a real order) without sending it.
import { onCall } from "firebase-functions/v2/https";
import { region } from "../config";
import { previewEmailSchema } from "../email/emailRequestSchemas";
import { previewOrderEmail } from "../email/previewEmail";
import { atEdge } from "./httpsErrors";
import { requireAdmin } from "./requireAdmin";
import { parseOrThrow } from "./validation";

export const previewEmail = onCall({ region, timeoutSeconds: 60 }, (request) =>
  atEdge("previewEmail", () => {
    requireAdmin(request);
    return previewOrderEmail(parseOrThrow(previewEmailSchema, request.data, "The preview request is invalid"));
  }),
);

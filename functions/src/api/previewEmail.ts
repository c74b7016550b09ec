// Admin callable: render an order email (sample data or a real order) without sending it.
import { onCall } from "firebase-functions/v2/https";
import { region } from "../config";
import { previewOrderEmail } from "../email/previewEmail";
import { atEdge } from "./httpsErrors";
import { requireAdmin } from "./requireAdmin";
import { CALLABLES } from "./callables";
import { parseRequest } from "./validation";

export const previewEmail = onCall({ region, timeoutSeconds: 60 }, (request) =>
  atEdge("previewEmail", () => {
    requireAdmin(request);
    return previewOrderEmail(parseRequest(CALLABLES.previewEmail, request.data));
  }),
);

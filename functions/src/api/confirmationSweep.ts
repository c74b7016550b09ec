// Scheduled sweep (v2 onSchedule) and its admin-triggered twin for "send them now".
import { onCall } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { requireAdmin } from "./requireAdmin";
import { confirmationSweepMinutes, region, smtpPassword } from "../config";
import { CALLABLES } from "./callables";
import { parseRequest } from "./validation";
import { sweepOrderEmails, type SweepSummary } from "../email/sweepOrderEmails";
import { atEdge } from "./httpsErrors";

const SWEEP_LIMIT = 500;

export const confirmationSweep = onSchedule(
  { schedule: "every 5 minutes", region, secrets: [smtpPassword], timeoutSeconds: 540, memory: "256MiB" },
  async () => {
    await sweepOrderEmails({ minAgeMs: confirmationSweepMinutes.value() * 60_000, limit: SWEEP_LIMIT });
  },
);

export const sweepConfirmationsNow = onCall({ region, secrets: [smtpPassword], timeoutSeconds: 540 }, (request): Promise<SweepSummary> =>
  atEdge("sweepConfirmationsNow", () => {
    requireAdmin(request);
    const { minAgeSeconds } = parseRequest(CALLABLES.sweepConfirmationsNow, request.data ?? {});
    return sweepOrderEmails({ minAgeMs: (minAgeSeconds ?? confirmationSweepMinutes.value() * 60) * 1000, limit: SWEEP_LIMIT });
  }),
);

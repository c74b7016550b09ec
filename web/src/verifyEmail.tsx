// Orders, holds and cancellations need a verified email address (REQUIRE_VERIFIED_EMAIL, on in
// deployed projects), so the shop only ever writes to addresses their owners proved. A new
// account gets the verification link at sign-up; this banner says so until it is opened. The
// Auth emulator sends no email: in the local demo the banner links to the emulator's own link.
import { sendEmailVerification, type User } from "firebase/auth";
import { useEffect, useState } from "preact/hooks";
import type { Services } from "./firebase";

interface OobCode {
  email: string;
  requestType: string;
  oobLink: string;
}

// The newest verification link the Auth emulator holds for this address.
async function emulatorLink(services: Services, email: string): Promise<string | undefined> {
  if (!services.authEmulatorUrl) return undefined;
  const response = await fetch(`${services.authEmulatorUrl}/emulator/v1/projects/${services.projectId}/oobCodes`);
  if (!response.ok) return undefined;
  const { oobCodes } = (await response.json()) as { oobCodes: OobCode[] };
  return oobCodes.filter((code) => code.requestType === "VERIFY_EMAIL" && code.email.toLowerCase() === email.toLowerCase()).at(-1)?.oobLink;
}

export function VerifyEmail({ services, user }: { services: Services; user: User }) {
  const [said, setSaid] = useState<string | undefined>();
  const [link, setLink] = useState<string | undefined>();
  const email = user.email ?? "";
  useEffect(() => {
    // A new account is signed in (and this banner shown) before its link is sent: look again
    // until the emulator holds one (every 500 ms, for up to 30 s), not just once.
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = (tries: number) => {
      void emulatorLink(services, email)
        .catch(() => undefined)
        .then((found) => {
          if (stopped) return;
          setLink(found);
          if (!found && services.authEmulatorUrl && tries > 1) timer = setTimeout(() => look(tries - 1), 500);
        });
    };
    look(60);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [email, said]);

  async function checkAgain() {
    await user.reload();
    // A fresh token carries email_verified for the backend, and tells the app (onIdTokenChanged).
    await user.getIdToken(true);
    if (!user.emailVerified) setSaid("Not verified yet: open the link in the email first.");
  }

  async function sendAgain() {
    await sendEmailVerification(user);
    setSaid(`We sent a new link to ${email}.`);
  }

  return (
    <section class="verify" aria-labelledby="verify-title">
      <p id="verify-title">
        <strong>Verify your email address.</strong> We sent a link to {email}. The shop only writes to addresses their owners confirmed: open the link
        before you order.
      </p>
      {link ? (
        <p>
          Local demo (the Auth emulator sends no email): <a href={link} target="_blank" rel="noopener">open your verification link</a>.
        </p>
      ) : null}
      <div class="actions">
        <button type="button" onClick={() => void checkAgain().catch((e: unknown) => setSaid(`Could not check: ${(e as Error).message}`))}>
          I've opened the link
        </button>
        <button type="button" class="secondary" onClick={() => void sendAgain().catch((e: unknown) => setSaid(`Could not send the link: ${(e as Error).message}`))}>
          Send the link again
        </button>
      </div>
      {said ? <p role="status">{said}</p> : null}
    </section>
  );
}

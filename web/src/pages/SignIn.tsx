import { createUserWithEmailAndPassword, sendEmailVerification, signInWithEmailAndPassword } from "firebase/auth";
import { useState } from "preact/hooks";
import type { Services } from "../firebase";

const AUTH_MESSAGES: Record<string, string> = {
  "auth/invalid-credential": "Wrong email or password.",
  "auth/invalid-email": "That email address is not valid.",
  "auth/email-already-in-use": "An account with this email exists: sign in instead.",
  "auth/weak-password": "Choose a password of at least 6 characters.",
  "auth/missing-password": "Enter your password.",
  "auth/too-many-requests": "Too many attempts. Wait a moment and try again.",
};

export function SignIn({ services, why }: { services: Services; why?: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(create: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      if (create) {
        const { user } = await createUserWithEmailAndPassword(services.auth, email.trim(), password);
        // The link that verifies the address (orders need it in deployed shops). The account
        // exists either way: if the link can't go out now, the banner offers to send it again.
        await sendEmailVerification(user).catch(() => undefined);
      } else {
        await signInWithEmailAndPassword(services.auth, email.trim(), password);
      }
    } catch (e) {
      const code = (e as { code?: string }).code ?? "";
      setError(AUTH_MESSAGES[code] ?? `Could not sign in (${code || (e as Error).message}).`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      {why ? <p>{why}</p> : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(false);
        }}
      >
        <label>
          Email
          <input type="email" name="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" disabled={busy}>
            Sign in
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => void submit(true)}>
            Create account
          </button>
        </div>
      </form>
      {services.emulated ? <p class="hint">Local demo accounts are printed by <code>npm start</code>.</p> : null}
    </section>
  );
}

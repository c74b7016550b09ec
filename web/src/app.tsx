import { signOut } from "firebase/auth";
import { useEffect, useState } from "preact/hooks";
import type { Services } from "./firebase";
import { useRoute, useSession } from "./hooks";
import { Admin } from "./pages/Admin";
import { MyOrders } from "./pages/MyOrders";
import { SignIn } from "./pages/SignIn";
import { Storefront } from "./pages/Storefront";
import { retryNotices } from "./retryNotices";
import { VerifyEmail } from "./verifyEmail";

const PAGES = [
  { route: "shop", label: "Shop" },
  { route: "orders", label: "My orders" },
  { route: "admin", label: "Admin" },
] as const;

export function App({ services }: { services: Services }) {
  const session = useSession(services);
  const route = useRoute();
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => retryNotices.subscribe(setNotice), []);

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <strong class="brand">Demo shop</strong>
        <nav aria-label="Main">
          {PAGES.map((page) => (
            <a href={`#/${page.route}`} aria-current={route === page.route ? "page" : undefined} key={page.route}>
              {page.label}
            </a>
          ))}
        </nav>
        <div class="account">
          {session.user ? (
            <>
              <span class="who">{session.user.email}</span>
              <button type="button" class="link" onClick={() => void signOut(services.auth)}>
                Sign out
              </button>
            </>
          ) : null}
        </div>
      </header>
      {services.emulated ? <p class="banner">Local emulators ({services.projectId}): nothing here reaches a real project.</p> : null}
      {session.user && !session.user.emailVerified ? <VerifyEmail services={services} user={session.user} /> : null}
      <p class="notice" role="status" aria-live="polite">
        {notice ?? ""}
      </p>
      <main id="main" tabIndex={-1}>
        {!session.ready ? (
          <p>Loading...</p>
        ) : route === "orders" ? (
          session.user ? <MyOrders services={services} uid={session.user.uid} /> : <SignIn services={services} why="Sign in to see your orders." />
        ) : route === "admin" ? (
          session.user ? <Admin services={services} admin={session.admin} fulfilment={session.fulfilment} /> : <SignIn services={services} why="Sign in with a shop admin account." />
        ) : (
          <Storefront services={services} signedIn={session.user !== null} />
        )}
      </main>
    </>
  );
}

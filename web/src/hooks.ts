import { onIdTokenChanged, type User } from "firebase/auth";
import { useEffect, useState } from "preact/hooks";
import type { Services } from "./firebase";

export interface Session {
  ready: boolean;
  user: User | null;
  admin: boolean;
  // A warehouse account (`fulfilment: true`): the console's pick list only.
  fulfilment: boolean;
}

// The signed-in user and whether their token carries the `admin: true` (or `fulfilment: true`) claim.
export function useSession({ auth }: Services): Session {
  const [session, setSession] = useState<Session>({ ready: false, user: null, admin: false, fulfilment: false });
  useEffect(
    () =>
      onIdTokenChanged(auth, (user) => {
        if (!user) return setSession({ ready: true, user: null, admin: false, fulfilment: false });
        void user.getIdTokenResult().then((token) => setSession({ ready: true, user, admin: token.claims.admin === true, fulfilment: token.claims.fulfilment === true }));
      }),
    [auth],
  );
  return session;
}

// "#/orders" -> "orders"; the app's pages are addressed by the URL hash.
export function useRoute(): string {
  const read = () => location.hash.replace(/^#\/?/, "") || "shop";
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}

// Subscribes to a live view for as long as the component shows it.
export function useLive<T>(subscribe: ((onChange: (items: T[]) => void, onError: (error: Error) => void) => () => void) | undefined, deps: unknown[]): { items: T[] | undefined; error?: Error } {
  const [state, setState] = useState<{ items: T[] | undefined; error?: Error }>({ items: undefined });
  useEffect(() => {
    if (!subscribe) return undefined;
    setState({ items: undefined });
    return subscribe(
      (items) => setState({ items }),
      (error) => setState((previous) => ({ items: previous.items, error })),
    );
  }, deps);
  return state;
}

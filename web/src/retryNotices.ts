// The client package retries lost or busy calls by itself; the page says so while it happens.
type Listener = (message: string | undefined) => void;

const listeners = new Set<Listener>();

export const retryNotices = {
  publish({ attempt }: { attempt: number }): void {
    for (const listener of listeners) listener(`Connection trouble: trying again (attempt ${attempt})...`);
  },
  clear(): void {
    for (const listener of listeners) listener(undefined);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

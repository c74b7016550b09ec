// Every wait of the allocator's combining protocol, in one place: each call's own budget
// (budget.ts) bounds them all, and test/unit/callBudget.test.ts checks they fit inside it.

// How long a queue leader's lease lasts unless renewed: a crashed leader's waiters take over
// after at most this long.
export const LEASE_MS = 10_000;
// A product whose queue batches combined orders stays hot this long after the last such batch.
// On the emulator a collision between two transactions on one document costs a 2 s lock wait
// (production waits less, but still serializes), while a combined batch costs a few round
// trips: a product that just needed combining is likely to need it again within seconds.
export const HOT_COOL_DOWN_MS = 10_000;
// A leader whose own order is decided keeps draining this long before handing off.
export const HAND_OFF_AFTER_MS = 1_000;
// Upper bound on one wait between checks, in case a listener event is missed.
export const POLL_MS = 250;
// Listeners can lag under load; a waiter also tries the lease itself this often, so a released
// lease is never left untaken until it would have expired.
export const LEASE_RETRY_MS = 1_000;
// How long after losing a commit to another instance a lane takes turns with them.
export const CONTENDED_MS = 2_000;
// How long a product listener outlives the last time a lane asked it for its product.
export const LISTENER_LINGER_MS = 10_000;

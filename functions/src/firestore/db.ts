// One Admin SDK app and one Firestore client per process, created on first use so that
// importing a module (in tests, or during deploy's code analysis) has no side effects.
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { Firestore } from "firebase-admin/firestore";

export function adminApp(): App {
  // Look for the default app by name: the Functions emulator registers apps of its own.
  return getApps().find((candidate) => candidate.name === "[DEFAULT]") ?? initializeApp();
}

// Why not getFirestore(): it forwards no settings but preferRest, and the default of one idle
// channel triggers a bug in @google-cloud/firestore 7 (googleapis/google-cloud-node#8294, fixed
// only in the 8.x line, which firebase-admin 13 doesn't use): once a snapshot listener (the hot
// path's outcome watch) switches the channel pool to streaming clients, the first channel stays
// idle forever and every later call opens a new channel, then closes it: a new connection per
// call in every instance that has served a hot product (on the emulators, ~3 ms of CPU per
// order). Two idle channels leave room for that one plus the one in use.
const MAX_IDLE_CHANNELS = 2;

let current: { app: App; firestore: Firestore } | undefined;

export function db(): Firestore {
  const app = adminApp();
  if (current?.app !== app) {
    // The project as getFirestore() finds it; credentials and the emulator host come from the
    // environment, as they do there.
    const projectId = app.options.projectId ?? process.env.GOOGLE_CLOUD_PROJECT ?? process.env.GCLOUD_PROJECT;
    current = { app, firestore: new Firestore({ ...(projectId ? { projectId } : {}), maxIdleChannels: MAX_IDLE_CHANNELS }) };
  }
  return current.firestore;
}

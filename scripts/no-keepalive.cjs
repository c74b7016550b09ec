// Preloaded into the Firebase CLI by scripts/emulators.ts (NODE_OPTIONS=--require).
//
// Why: on Node >= 19 the global HTTP agent keeps connections alive for 5 s, and each
// Functions emulator worker's server also closes idle connections after 5 s. The emulator
// proxies every request to a worker through that agent, so under load it sometimes
// writes into a connection the worker is closing at that moment: EPIPE or "socket hang
// up", a 500 the app sees as `internal`, and a killed worker. Fresh connections to a
// local socket cost nothing, so turn reuse off.
const http = require("node:http");

http.globalAgent = new http.Agent({ keepAlive: false });

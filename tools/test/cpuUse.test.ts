import { expect } from "chai";
import { cpuPerRequest, cpuSnapshot, groupOf, type CpuSnapshot } from "../load/cpuUse";

describe("cpuUse", function () {
  it("groups the emulator's processes by what they are", function () {
    expect(groupOf(1, "node /x/firebase-tools/lib/emulator/functionsEmulatorRuntime")).to.equal("function workers");
    expect(groupOf(2, "java -jar /x/cloud-firestore-emulator.jar --port 8080")).to.equal("Firestore emulator");
    expect(groupOf(3, "node /x/node_modules/.bin/firebase emulators:exec")).to.equal("Firebase CLI");
    expect(groupOf(process.pid, "node tsx bench.ts")).to.equal("load tool");
    expect(groupOf(4, "/usr/sbin/sshd")).to.equal("other");
  });

  it("divides each group's CPU time between snapshots by the requests, new processes from zero", function () {
    const before: CpuSnapshot = new Map([
      [10, { group: "function workers", ms: 100 }],
      [11, { group: "Firestore emulator", ms: 500 }],
    ]);
    const after: CpuSnapshot = new Map([
      [10, { group: "function workers", ms: 300 }],
      [11, { group: "Firestore emulator", ms: 600 }],
      [12, { group: "function workers", ms: 200 }],
    ]);
    const perRequest = cpuPerRequest(before, after, 100);
    expect(perRequest["function workers"]).to.equal(4);
    expect(perRequest["Firestore emulator"]).to.equal(1);
    expect(perRequest["Firebase CLI"]).to.equal(0);
  });

  it("sees this process spend CPU", async function () {
    const before = await cpuSnapshot();
    const until = Date.now() + 200;
    let spin = 0;
    while (Date.now() < until) spin += 1;
    const after = await cpuSnapshot();
    expect(spin).to.be.greaterThan(0);
    expect(cpuPerRequest(before, after, 1)["load tool"]).to.be.greaterThan(100);
  });
});

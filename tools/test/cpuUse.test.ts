import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuPerRequest, cpuSnapshot, groupOf, ticksFromStat, type CpuSnapshot } from "../load/cpuUse";

// A line of /proc/<pid>/stat: utime 250 and stime 50 ticks, a command name with spaces and ")".
const STAT = "4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 12345 0 0 0 250 50 0 0 20 0 11 0 12345 1234567 8910 18446744073709551615";

describe("cpuUse", function () {
  it("groups the emulator's processes by what they are", function () {
    expect(groupOf(1, "node /x/firebase-tools/lib/emulator/functionsEmulatorRuntime")).to.equal("function workers");
    expect(groupOf(2, "java -jar /x/cloud-firestore-emulator.jar --port 8080")).to.equal("Firestore emulator");
    expect(groupOf(3, "node /x/node_modules/.bin/firebase emulators:exec")).to.equal("Firebase CLI");
    expect(groupOf(process.pid, "node tsx bench.ts")).to.equal("load tool");
    expect(groupOf(4, "/usr/sbin/sshd")).to.equal("other");
  });

  it("reads user + system ticks from a stat line, whatever the command name holds", function () {
    expect(ticksFromStat(STAT)).to.equal(300);
    expect(ticksFromStat("garbage")).to.equal(undefined);
    expect(ticksFromStat("1 (x) S 1")).to.equal(undefined);
  });

  it("snapshots every process of a /proc tree in one pass, grouped, skipping what isn't a process", function () {
    const proc = mkdtempSync(join(tmpdir(), "proc-"));
    try {
      const processDir = (pid: number, stat: string, cmdline: string) => {
        mkdirSync(join(proc, String(pid)));
        writeFileSync(join(proc, String(pid), "stat"), stat);
        writeFileSync(join(proc, String(pid), "cmdline"), cmdline);
      };
      processDir(4242, STAT, "node\0/x/firebase-tools/lib/emulator/functionsEmulatorRuntime\0");
      processDir(7, STAT.replace("4242 (node (worker) x)", "7 (java)"), "java\0-jar\0cloud-firestore-emulator.jar\0");
      // A process that ended while the snapshot read /proc: no stat file.
      mkdirSync(join(proc, "99"));
      mkdirSync(join(proc, "self"));
      writeFileSync(join(proc, "uptime"), "1.0 1.0");
      const snapshot = cpuSnapshot(proc, 7);
      expect([...snapshot.keys()].sort()).to.deep.equal([4242, 7]);
      expect(snapshot.get(4242)?.group).to.equal("function workers");
      expect(snapshot.get(7)?.group).to.equal("load tool");
      // 300 ticks at the machine's clock rate (100 a second on Linux): 3 s.
      expect(snapshot.get(4242)?.ms).to.be.greaterThan(0);
      expect(snapshot.get(4242)?.ms).to.equal(snapshot.get(7)?.ms);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it("finds this process in the machine's own /proc, with the CPU it has spent so far", function () {
    if (process.platform !== "linux") this.skip();
    const spentBefore = process.cpuUsage();
    const mine = cpuSnapshot().get(process.pid);
    expect(mine?.group).to.equal("load tool");
    // Loading mocha and tsx took far more than one clock tick of CPU, and /proc counts at
    // least what the process had spent before the snapshot (less a tick of rounding).
    expect(mine?.ms).to.be.greaterThan(10);
    expect(mine!.ms).to.be.at.least((spentBefore.user + spentBefore.system) / 1000 - 50);
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
});

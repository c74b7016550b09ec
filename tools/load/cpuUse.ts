// Where a load run's CPU goes: CPU time of each process on this machine, grouped by what it
// is (function workers, the Firestore emulator, the Firebase CLI that proxies every call and
// hosts Auth, this load process), so the bench can print CPU ms per answered request beside
// throughput. Everything shares the same cores here, so per-request CPU is what throughput
// ratios come down to. One snapshot reads /proc once (a stat and a cmdline file per process,
// no process started per pid), so it costs milliseconds however many processes the machine
// runs. Best effort: a process that ends while it is read is skipped; without /proc (not
// Linux) a snapshot is empty and the bench prints zeros.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export const CPU_GROUPS = ["function workers", "Firestore emulator", "Firebase CLI", "load tool", "other"] as const;
export type CpuGroup = (typeof CPU_GROUPS)[number];

// CPU ms used so far, per process id, with the process's group.
export type CpuSnapshot = Map<number, { group: CpuGroup; ms: number }>;

export function groupOf(pid: number, command: string, self = process.pid): CpuGroup {
  if (pid === self) return "load tool";
  if (command.includes("functionsEmulatorRuntime")) return "function workers";
  if (command.includes("java") && command.toLowerCase().includes("firestore")) return "Firestore emulator";
  if (command.includes("firebase")) return "Firebase CLI";
  return "other";
}

// User + system CPU time of a process, in clock ticks, from the text of /proc/<pid>/stat
// (proc(5): fields 14 and 15). The command name (field 2) sits in parentheses and may itself
// hold spaces and parentheses, so fields are counted from the last ")".
export function ticksFromStat(stat: string): number | undefined {
  const end = stat.lastIndexOf(")");
  if (end < 0) return undefined;
  // After ")": state (field 3), ppid (4), ..., utime (14), stime (15).
  const fields = stat.slice(end + 1).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

let ticksPerSecond: number | undefined;

// Clock ticks per second (sysconf(_SC_CLK_TCK)), asked once; 100 on every common Linux.
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const answer = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
    const value = Number(answer.stdout?.trim());
    ticksPerSecond = answer.status === 0 && value > 0 ? value : 100;
  }
  return ticksPerSecond;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    // The process ended while we read, or /proc is not there.
    return undefined;
  }
}

export function cpuSnapshot(proc = "/proc", self = process.pid): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync(proc);
  } catch {
    return snapshot;
  }
  const msPerTick = 1000 / clockTicks();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`${proc}/${entry}/stat`);
    const ticks = stat === undefined ? undefined : ticksFromStat(stat);
    if (ticks === undefined) continue;
    // cmdline separates arguments with NUL bytes.
    const command = (readText(`${proc}/${entry}/cmdline`) ?? "").split("\0").join(" ").trim();
    const pid = Number(entry);
    snapshot.set(pid, { group: groupOf(pid, command, self), ms: ticks * msPerTick });
  }
  return snapshot;
}

// CPU ms per request of each group between two snapshots (processes that started in between
// count from zero; those that ended in between are missing, so short-lived ones undercount).
export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): Record<CpuGroup, number> {
  const totals = Object.fromEntries(CPU_GROUPS.map((group) => [group, 0])) as Record<CpuGroup, number>;
  for (const [pid, { group, ms }] of after) totals[group] += Math.max(0, ms - (before.get(pid)?.ms ?? 0));
  for (const group of CPU_GROUPS) totals[group] = requests ? totals[group] / requests : 0;
  return totals;
}

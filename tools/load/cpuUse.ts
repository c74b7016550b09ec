// Where a load run's CPU goes: CPU time of each process on this machine, grouped by what it
// is (function workers, the Firestore emulator, the Firebase CLI that proxies every call and
// hosts Auth, this load process), so the bench can print CPU ms per answered request beside
// throughput. Everything shares the same cores here, so per-request CPU is what throughput
// ratios come down to. Best effort: where `ps` or pidusage can't read a process, it is skipped.
import { spawnSync } from "node:child_process";
import pidusage from "pidusage";

export const CPU_GROUPS = ["function workers", "Firestore emulator", "Firebase CLI", "load tool", "other"] as const;
export type CpuGroup = (typeof CPU_GROUPS)[number];

// CPU ms used so far, per process id, with the process's group.
export type CpuSnapshot = Map<number, { group: CpuGroup; ms: number }>;

export function groupOf(pid: number, command: string): CpuGroup {
  if (pid === process.pid) return "load tool";
  if (command.includes("functionsEmulatorRuntime")) return "function workers";
  if (command.includes("java") && command.toLowerCase().includes("firestore")) return "Firestore emulator";
  if (command.includes("firebase")) return "Firebase CLI";
  return "other";
}

function processes(): { pid: number; command: string }[] {
  const listed = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  if (listed.status !== 0) return [];
  return listed.stdout
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), command: match[2] ?? "" }));
}

export async function cpuSnapshot(): Promise<CpuSnapshot> {
  const listed = processes();
  const stats = await Promise.allSettled(listed.map(({ pid }) => pidusage(pid)));
  pidusage.clear();
  const snapshot: CpuSnapshot = new Map();
  stats.forEach((stat, index) => {
    const entry = listed[index];
    if (stat.status === "fulfilled" && entry) snapshot.set(entry.pid, { group: groupOf(entry.pid, entry.command), ms: stat.value.ctime });
  });
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

/**
 * CPU time and memory of process trees, read from Linux's /proc: a tree is a root process and
 * every descendant alive at the time of reading. CPU counts each live process's own time plus
 * the time of the children it has reaped (cutime/cstime), so work done by a process that ended
 * meanwhile is still counted. Memory is the sum of proportional set sizes (PSS: shared pages
 * split between the processes sharing them, so PostgreSQL's shared buffers count once), or of
 * RSS where smaps_rollup can't be read.
 */
import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat times: 100 on every Linux the project runs on. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14-17.
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return { pid, ppid: Number(fields[1]), ticks };
}

/** Every live process, by pid. */
function allProcesses(): ProcStat[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readStat(Number(name)) ?? []);
}

/** The root and its live descendants. */
export function treeOf(root: number): ProcStat[] {
  const all = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: ProcStat[] = [];
  const rootStat = all.find((p) => p.pid === root);
  if (!rootStat) return out;
  const queue = [rootStat];
  while (queue.length > 0) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/** CPU seconds used so far by the tree (user + system, reaped children included). */
export function treeCpuSeconds(root: number): number {
  return treeOf(root).reduce((sum, p) => sum + p.ticks, 0) / TICKS_PER_SECOND;
}

/** The tree's CPU seconds so far, split into the root process's own and its descendants'. */
export function splitCpuSeconds(root: number): { own: number; descendants: number } {
  const tree = treeOf(root);
  const own = tree.find((p) => p.pid === root)?.ticks ?? 0;
  return { own: own / TICKS_PER_SECOND, descendants: (tree.reduce((sum, p) => sum + p.ticks, 0) - own) / TICKS_PER_SECOND };
}

/** Resident memory of one process in bytes: PSS when readable, else RSS. */
function memoryOf(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (pss) return Number(pss[1]) * 1024;
  } catch {
    // fall through to RSS
  }
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return rss ? Number(rss[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Memory of the tree in bytes, now (`descendantsOnly`: without the root process). */
export function treeMemoryBytes(root: number, descendantsOnly = false): number {
  return treeOf(root)
    .filter((p) => !descendantsOnly || p.pid !== root)
    .reduce((sum, p) => sum + memoryOf(p.pid), 0);
}

/** A part of the stack to measure: a process, with its descendants or only them. */
export interface MeasuredPart {
  pid: number;
  /** `self`: the process alone; `descendants`: its descendants alone; `tree`: both. */
  scope: 'self' | 'descendants' | 'tree';
}

/** Memory of a part in bytes, now. */
export function partMemoryBytes(part: MeasuredPart): number {
  if (part.scope === 'self') return memoryOf(part.pid);
  return treeMemoryBytes(part.pid, part.scope === 'descendants');
}

/** CPU seconds of a part so far. */
export function partCpuSeconds(part: MeasuredPart): number {
  if (part.scope === 'tree') return treeCpuSeconds(part.pid);
  const split = splitCpuSeconds(part.pid);
  return part.scope === 'self' ? split.own : split.descendants;
}

/** Samples the trees' memory every `intervalMs` and keeps each tree's peak and the peak of their sum. */
export class PeakMemorySampler {
  private readonly peaks = new Map<string, number>();
  private total = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly parts: Record<string, MeasuredPart>,
    intervalMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    let sum = 0;
    for (const [name, part] of Object.entries(this.parts)) {
      const bytes = partMemoryBytes(part);
      sum += bytes;
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, bytes));
    }
    this.total = Math.max(this.total, sum);
  }

  stop(): { total: number; byPart: Record<string, number> } {
    clearInterval(this.timer);
    this.sample();
    return { total: this.total, byPart: Object.fromEntries(this.peaks) };
  }
}

/** True where /proc can be read (Linux): the bench measures CPU and memory only there. */
export function procAvailable(): boolean {
  return os.platform() === 'linux' && fs.existsSync('/proc/self/stat');
}

/**
 * CPU seconds so far of each thread of one process, summed by thread name with its number
 * dropped (`tokio-runtime-w`, `libuv-worker`, `node` ...): where inside the process the time goes.
 */
export function threadCpuSeconds(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim().replace(/[\s\d_-]+$/, '') || '?';
      const text = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * CPU time used by the processes of a benchmark (Linux /proc): the service, the PostgreSQL server
 * with all its backends and background workers, and the benchmark process itself (the load
 * generator). Dividing by the requests of a round gives CPU per request for each, which shows where
 * the machine's two cores go; elsewhere (no /proc) the figures are absent rather than wrong.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CpuSample {
  service: number;
  postgres: number;
  loadGenerator: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: number): { ppid: number; ticks: number; children: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      // Children that have exited and were waited for (backends of closed connections).
      children: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null;
  }
}

/** CPU milliseconds used so far (the service: all its processes), or null where /proc is not available. */
export function sampleCpu(servicePids: number[], postgresDataDir: string): CpuSample | null {
  if (!existsSync('/proc/self/stat')) return null;
  const services = servicePids.map(stat);
  const self = stat(process.pid);
  if (services.some((s) => !s) || !self) return null;
  const service = { ticks: services.reduce((n, s) => n + s!.ticks, 0) };
  const postmaster = Number(readFileSync(join(postgresDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const main = stat(postmaster);
  let postgres = main ? main.ticks + main.children : 0;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === postmaster) continue;
    const s = stat(pid);
    if (s && s.ppid === postmaster) postgres += s.ticks;
  }
  return {
    service: service.ticks * TICK_MS,
    postgres: postgres * TICK_MS,
    loadGenerator: self.ticks * TICK_MS,
  };
}

/** Microseconds of CPU per request between two samples. */
export function cpuPerRequest(before: CpuSample | null, after: CpuSample | null, requests: number) {
  if (!before || !after || requests === 0) return null;
  const per = (key: keyof CpuSample) => ((after[key] - before[key]) * 1000) / requests;
  return { service: per('service'), postgres: per('postgres'), loadGenerator: per('loadGenerator') };
}

/**
 * Preloaded (`node --import`) into the command the throughput benchmark runs: at exit, writes the
 * CPU seconds of the process's main thread (the event loop; user + system, from
 * `/proc/self/task/<pid>/stat`) to the file named by `HOOKLINE_BENCH_EVENT_LOOP_CPU_FILE`. The log
 * worker's and V8's helper threads are not in it, so it measures the work of running samples,
 * and it varies less with the machine's load than the wall time does.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;
const out = process.env.HOOKLINE_BENCH_EVENT_LOOP_CPU_FILE;

if (out !== undefined) {
  process.on('exit', () => {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    writeFileSync(out, String((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND));
  });
}

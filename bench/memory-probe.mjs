// Loaded (NODE_OPTIONS=--import) into the processes `npm run bench` measures, the product's and the bare worker
// alike. On SIGUSR2 it collects garbage and writes the process's memory to BENCH_MEMORY_DIR/<pid>.json. With
// BENCH_PROFILE_DIR set it also profiles the process's CPU from its start, and writes the profile to
// BENCH_PROFILE_DIR/<SERVICE_NAME or pid>.cpuprofile on the same signal (`npm run bench -- --profile`).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import v8 from 'node:v8';
import vm from 'node:vm';

const dir = process.env.BENCH_MEMORY_DIR;
const profileDir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  let session;
  if (profileDir) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 500 });
    session.post('Profiler.start');
  }
  process.on('SIGUSR2', () => {
    const write = () => {
      gc();
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      writeFileSync(`${dir}/${process.pid}.json`, JSON.stringify({ rss, heapUsed, heapTotal, external }));
    };
    if (!session) return write();
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(`${profileDir}/${process.env.SERVICE_NAME ?? process.pid}.cpuprofile`, JSON.stringify(result.profile));
      session.post('Profiler.start');
      write();
    });
  });
}

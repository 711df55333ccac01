// Loaded with NODE_OPTIONS=--require by bench:eldercare (node refuses --cpu-prof there): the first
// SIGUSR2 starts profiling the service process, the second writes a .cpuprofile to BENCH_CPU_PROF_DIR,
// so the profile covers the measured load only.
/* eslint-disable @typescript-eslint/no-require-imports */
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const session = new inspector.Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  session.post('Profiler.stop', (err, result) => {
    if (!err)
      fs.writeFileSync(
        path.join(process.env.BENCH_CPU_PROF_DIR, `service-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
  });
});

// Idle resident memory of each service on the Node this runs on (deploy/README.md "Resources"):
//   source .infra.env && SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/idle-memory.ts
// Starts each service alone (startServiceProcess: fresh schema, test topics), waits 20 s after it is
// ready, then reads process_resident_memory_bytes from /metrics three times, 3 s apart.
import { scrapeMetrics, SERVICES, startIdleService } from './idle-service';

(async () => {
  for (const app of SERVICES) {
    const s = await startIdleService(app, 'mem');
    await new Promise((r) => setTimeout(r, 20_000));
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const metric = await scrapeMetrics(s.baseUrl);
      samples.push(metric('process_resident_memory_bytes')! / 1048576);
      const heap = (metric('nodejs_heap_size_used_bytes') ?? 0) / 1048576;
      if (i === 2)
        console.log(JSON.stringify({ app, rssMiB: samples.map((x) => Math.round(x)), heapUsedMiB: Math.round(heap) }));
      await new Promise((r) => setTimeout(r, 3_000));
    }
    await s.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

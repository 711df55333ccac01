// Idle resident memory of social assistance with and without OpenTelemetry export (deploy/README.md
// "Tracing"), alternating so both modes see the same machine load:
//   source .infra.env && SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/otel-idle-memory.ts
// Each run: startServiceProcess (fresh schema, test topics), 20 s idle after ready, one
// process_resident_memory_bytes reading; 'on' exports to an OTLP receiver started here, which also
// reports how many spans an idle service sent (none expected: probes, scrapes and the relay's
// polling are not traced).
import { startOtlpReceiver } from '@civic/testing';
import { scrapeMetrics, startIdleService } from './idle-service';
import { loadavg } from 'node:os';

(async () => {
  const receiver = await startOtlpReceiver();
  for (const mode of ['off', 'on', 'off', 'on']) {
    const s = await startIdleService(
      'social-assistance',
      'otel',
      mode === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } : {},
    );
    await new Promise((r) => setTimeout(r, 20_000));
    const metric = await scrapeMetrics(s.baseUrl);
    const rss = metric('process_resident_memory_bytes')! / 1048576;
    const heap = (metric('nodejs_heap_size_used_bytes') ?? 0) / 1048576;
    const load = loadavg()[0].toFixed(1);
    console.log(JSON.stringify({ mode, rssMiB: Math.round(rss), heapUsedMiB: Math.round(heap), load }));
    await s.stop();
  }
  console.log(JSON.stringify({ spansFromIdleServices: receiver.spans().length }));
  await receiver.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

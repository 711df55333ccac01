// Idle resident memory of social assistance with and without OpenTelemetry export (deploy/README.md
// "Tracing"), alternating so both modes see the same machine load:
//   source .infra.env && SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/otel-idle-memory.ts
// Each run: startServiceProcess (fresh schema, test topics), 20 s idle after ready, one
// process_resident_memory_bytes reading; 'on' exports to an OTLP receiver started here, which also
// reports how many spans an idle service sent (none expected: probes, scrapes and the relay's
// polling are not traced).
import { startOtlpReceiver, startServiceProcess } from '@civic/testing';
import { loadavg } from 'node:os';

(async () => {
  const receiver = await startOtlpReceiver();
  for (const mode of ['off', 'on', 'off', 'on']) {
    const s = await startServiceProcess({
      app: 'social-assistance',
      schemaPrefix: 'idle_otel',
      topicPrefix: 'idle-otel.',
      jwtSecret: 'x'.repeat(40),
      env: { LOG_LEVEL: 'error', ...(mode === 'on' ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } : {}) },
    });
    await new Promise((r) => setTimeout(r, 20_000));
    const m = await (await fetch(`${s.baseUrl}/metrics`)).text();
    const rss = Number(/^process_resident_memory_bytes (\d+)/m.exec(m)![1]) / 1048576;
    const heap = Number(/^nodejs_heap_size_used_bytes (\d+)/m.exec(m)?.[1] ?? 0) / 1048576;
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

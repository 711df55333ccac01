/**
 * Preloaded into a consumer process by a benchmark (`node -r @swc-node/register -r libs/messaging/src/kafka/consumer-probe.ts …`;
 * here because kafkajs is imported only in libs/messaging, docs/adr/0001-kafka-client-and-broker.md)
 * when BENCH_PROBE names a file prefix: what kafkajs hands the InboxConsumer and where the process's
 * CPU goes during a drain, measured in the real process (the fixture service of P5b) rather than
 * guessed from the in-process bench. Writes `<prefix>.<pid>.jsonl`, one line per fetch and per batch
 * handler call (partition, records, time in the handler, time since the partition's previous call
 * returned), and with BENCH_PROBE_CPU=1 `<prefix>.<pid>.cpuprofile`, from the first batch with
 * records until no batch handler has run for 300 ms (the benchmark kills the process soon after a drain).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Consumer, Kafka } from 'kafkajs';

const prefix = process.env.BENCH_PROBE;
if (prefix) install(`${prefix}.${process.pid}`);

function install(file: string): void {
  const log = (o: Record<string, unknown>) => appendFileSync(`${file}.jsonl`, JSON.stringify(o) + '\n');
  const t0 = performance.now();
  const at = () => Math.round((performance.now() - t0) * 10) / 10;
  const profiler = process.env.BENCH_PROBE_CPU === '1' ? cpuProfiler(`${file}.cpuprofile`) : undefined;
  const proto = Kafka.prototype as unknown as { consumer: (...a: unknown[]) => Consumer };
  const original = proto.consumer;
  proto.consumer = function (this: unknown, ...a: unknown[]) {
    const consumer = original.apply(this, a);
    consumer.on(consumer.events.FETCH, (e) =>
      log({ at: at(), fetch: e.payload.numberOfBatches, ms: e.payload.duration }),
    );
    const run = consumer.run.bind(consumer);
    const lastEnd = new Map<number, number>();
    consumer.run = (cfg) => {
      const eachBatch = cfg?.eachBatch;
      if (!eachBatch) return run(cfg);
      return run({
        ...cfg,
        eachBatch: async (payload) => {
          const n = payload.batch.messages.length;
          if (n) profiler?.begin();
          const start = at();
          const p = payload.batch.partition;
          try {
            return await eachBatch(payload);
          } finally {
            if (n) profiler?.end();
            const end = at();
            if (n)
              log({
                at: start,
                partition: p,
                records: n,
                bytes: payload.batch.messages.reduce((s, m) => s + (m.value?.length ?? 0), 0),
                handlerMs: Math.round((end - start) * 10) / 10,
                sincePreviousMs: lastEnd.has(p) ? Math.round((start - lastEnd.get(p)!) * 10) / 10 : null,
              });
            lastEnd.set(p, end);
          }
        },
      });
    };
    return consumer;
  };
}

/** Starts at the first `begin`, stops and writes once no begun handler has been running for 300 ms. */
function cpuProfiler(file: string): { begin(): void; end(): void } {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r))));
  let started: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let active = 0;
  return {
    begin() {
      active++;
      started ??= post('Profiler.enable').then(() => post('Profiler.start'));
      clearTimeout(timer);
    },
    end() {
      if (--active > 0) return;
      timer = setTimeout(() => {
        void started!.then(async () => {
          const { profile } = (await post('Profiler.stop')) as { profile: unknown };
          writeFileSync(file, JSON.stringify(profile));
          started = undefined;
        });
      }, 300);
    },
  };
}

import { collectDefaultMetrics, Histogram, register } from 'prom-client';

let histogram: Histogram<'method' | 'route' | 'status_code'> | undefined;

/**
 * The process-wide HTTP duration histogram, created with the default process metrics on first use
 * (prom-client's registry is global, and a test process boots several apps).
 */
export function httpRequestDuration(): Histogram<'method' | 'route' | 'status_code'> {
  if (!histogram) {
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
    histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }
  return histogram;
}

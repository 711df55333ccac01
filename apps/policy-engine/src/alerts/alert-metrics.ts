import { Injectable, OnModuleInit } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { AlertsService } from './alerts.service';

/**
 * Prometheus gauges read from the alerts table at scrape time: open alerts by department, median
 * seconds to first contact, conversion rate (enrolled / resolved).
 */
@Injectable()
export class AlertMetrics implements OnModuleInit {
  constructor(private readonly alerts: AlertsService) {}

  onModuleInit(): void {
    // one registry per process: a second app instance (tests) re-points the collectors at itself
    for (const name of ['policy_alerts_open', 'policy_alert_contact_median_seconds', 'policy_alert_conversion_ratio'])
      register.removeSingleMetric(name);
    const alerts = this.alerts;
    let snapshot: Promise<Awaited<ReturnType<AlertsService['metrics']>>> | undefined;
    const read = () =>
      (snapshot ??= alerts.metrics().finally(() => setTimeout(() => (snapshot = undefined), 1_000).unref()));
    new Gauge({
      name: 'policy_alerts_open',
      help: 'Open alerts (open, assigned, contacted) by target department',
      labelNames: ['department'],
      async collect() {
        const m = await read();
        this.reset();
        for (const [department, n] of Object.entries(m.openByDepartment)) this.set({ department }, n);
      },
    });
    new Gauge({
      name: 'policy_alert_contact_median_seconds',
      help: 'Median hours from raising an alert to the first contact with the person',
      async collect() {
        const m = await read();
        this.set(m.medianHoursToContact ?? 0);
      },
    });
    new Gauge({
      name: 'policy_alert_conversion_ratio',
      help: 'Share of resolved alerts that ended in enrolment',
      async collect() {
        const m = await read();
        this.set(m.conversionRate ?? 0);
      },
    });
  }
}

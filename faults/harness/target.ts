/** What a scenario needs to know about the service under test (docs/adr/0005-fault-suite.md, "Targets"). */
export interface Target {
  name: string;
  /** Node arguments that start one process of the service (entry point after the loader). */
  args: string[];
  /** Logical topics to create under the run's prefix (their .dlq too). */
  topics: string[];
  /** The service's environment for one process. */
  env(p: {
    databaseUrl: string;
    schema: string;
    brokers: string;
    topicPrefix: string;
    port: number;
    relay: boolean;
    consumer: boolean;
    extra?: Record<string, string>;
  }): Record<string, string>;
  /** Sends one command for aggregate `key`; returns the HTTP status and the event id when the service says it committed one. */
  command(baseUrl: string, key: string, fault?: 'poison' | 'fail-twice'): Promise<{ status: number; eventId?: string }>;
  /** SQL on the service's schema: event_id of every committed outbox row of the target's topics. */
  committedSql: string;
  /** SQL: one row per applied effect: event_id, aggregate, seq, expected_seq (NULL when the target has no sequence check). */
  effectsSql: string;
}

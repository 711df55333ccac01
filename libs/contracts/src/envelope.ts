/**
 * The CloudEvents 1.0 envelope every domain event travels in (docs/architecture.md "Events").
 * Extension attributes follow the CloudEvents naming rule (lower-case letters and digits only):
 * `dataversion` is the payload version, `correlationid` and `causationid` trace a chain of events.
 */
export interface EventEnvelope<T = unknown> {
  specversion: '1.0';
  /** UUID, unique per event; consumers deduplicate on it (inbox). */
  id: string;
  /** The publishing service, as a URI reference: `/civic/<service>`. */
  source: string;
  /** `<department>.<aggregate>.<fact>`, e.g. `assistance.case.approved`. */
  type: string;
  /** When the fact happened, RFC 3339. */
  time: string;
  /** The aggregate id; also the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  datacontenttype: 'application/json';
  /** Payload version of `type`; a breaking change is a new version beside the old. */
  dataversion: number;
  /** The id shared by every event caused by one original command or message. */
  correlationid: string;
  /** The id of the event (or request) that directly caused this one. */
  causationid?: string;
  /**
   * W3C trace context of the work that produced the event (CloudEvents distributed-tracing
   * extension), also sent as the Kafka header `traceparent`: libs/contracts/src/tracing/trace-context.ts.
   */
  traceparent?: string;
  data: T;
}

/** What a producer supplies besides the payload; the rest of the envelope is derived. */
export interface EventOrigin {
  /** The producing service; defaults to the catalog's producer of the type and may not differ from it. */
  source?: string;
  /** The aggregate id; defaults to the payload's subjectField and may not differ from it. */
  subject?: string;
  correlationId?: string;
  causationId?: string;
  /** Defaults to now. */
  time?: Date;
  /** Defaults to a random UUID. */
  id?: string;
  /** Defaults to the trace of the work in progress (`tracing.current()`), if any. */
  traceparent?: string;
}

/** A Kafka record in the CloudEvents Kafka protocol binding, structured content mode. */
export interface KafkaRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

// Checks Kafka records against docs/asyncapi.yaml as an outside integrator would: the published
// document read as YAML 1.1, its own schemas compiled by a plain ajv. Nothing here uses the
// libs/contracts classes the document was generated from, so a generator bug cannot hide itself.

/** A record as read back from the broker, its topic without the suite's prefix. */
export interface ContractRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** A record a test wrote invalid on purpose carries this header; the check skips it (not its dead letter). */
export const DELIBERATELY_INVALID_HEADER = 'civic-test-poison';

/* eslint-disable @typescript-eslint/no-explicit-any -- the parsed document is read freely */
type Doc = {
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: { schemas: Record<string, any>; messages: Record<string, any> };
};

const DOCUMENT = resolve(__dirname, '../../../../docs/asyncapi.yaml');
const name = (ref: string) => ref.split('/').pop()!;

/** The checker of one AsyncAPI document: `check(record)` returns what is wrong with it, or []. */
export class ContractChecker {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: false }));
  /** logical topic → (`type@version` → [envelope validator, headers validator]) or the dead-letter headers validator. */
  private readonly channels = new Map<
    string,
    { events: Map<string, [ValidateFunction, ValidateFunction]> } | { deadLetter: ValidateFunction }
  >();

  constructor(readonly doc: Doc) {
    for (const [n, schema] of Object.entries(doc.components.schemas))
      this.ajv.addSchema(schema, `#/components/schemas/${n}`);
    const compile = (ref: string) => this.ajv.compile({ $ref: `#/components/schemas/${name(ref)}` });
    for (const channel of Object.values(doc.channels)) {
      const messages = Object.values(channel.messages).map((m) => doc.components.messages[name(m.$ref)]);
      if (messages.length === 1 && messages[0].name === 'dead-letter') {
        this.channels.set(channel.address, { deadLetter: compile(messages[0].headers.$ref) });
        continue;
      }
      const events = new Map<string, [ValidateFunction, ValidateFunction]>();
      for (const m of messages) {
        const envelope = doc.components.schemas[name(m.payload.$ref)];
        events.set(`${envelope.properties.type.const}@${envelope.properties.dataversion.minimum}`, [
          compile(m.payload.$ref),
          compile(m.headers.$ref),
        ]);
      }
      this.channels.set(channel.address, { events });
    }
  }

  /** The checker of the checked-in docs/asyncapi.yaml, read as YAML 1.1 like js-yaml and PyYAML do. */
  static fromRepository(): ContractChecker {
    return new ContractChecker(parse(readFileSync(DOCUMENT, 'utf8'), { version: '1.1' }) as Doc);
  }

  check(r: ContractRecord): string[] {
    const at = `${r.topic}[${r.partition}]@${r.offset}`;
    const channel = this.channels.get(r.topic);
    if (!channel) return [`${at}: topic ${r.topic} is not a channel of docs/asyncapi.yaml`];
    const errors = (v: ValidateFunction, what: string) =>
      (v.errors ?? []).map((e) => `${at}: ${what}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    if ('deadLetter' in channel) return channel.deadLetter(r.headers) ? [] : errors(channel.deadLetter, 'headers');
    if (r.headers[DELIBERATELY_INVALID_HEADER] !== undefined) return [];

    let envelope: any;
    try {
      envelope = JSON.parse(r.value ?? '');
    } catch {
      return [`${at}: value is not JSON`];
    }
    const validators = channel.events.get(`${envelope?.type}@${envelope?.dataversion}`);
    if (!validators) return [`${at}: ${envelope?.type} v${envelope?.dataversion} is not a message of ${r.topic}`];
    const [validateEnvelope, validateHeaders] = validators;
    const wrong = [
      ...(validateEnvelope(envelope) ? [] : errors(validateEnvelope, 'value')),
      ...(validateHeaders(r.headers) ? [] : errors(validateHeaders, 'headers')),
    ];
    if (r.key !== envelope.subject) wrong.push(`${at}: key ${r.key} is not the envelope subject ${envelope.subject}`);
    if (r.headers.ce_id !== envelope.id) wrong.push(`${at}: header ce_id ${r.headers.ce_id} is not the envelope id`);
    return wrong;
  }
}

import { ContractChecker, ContractRecord, DELIBERATELY_INVALID_HEADER } from './contract-check';

// The checker itself, on records built from the document's own examples (no broker needed): it
// must pass what the contract allows and name each way a record can break it.

const checker = ContractChecker.fromRepository();
const messages = checker.doc.components.messages;
const topicOf = (messageId: string) =>
  Object.values(checker.doc.channels).find((c) => Object.keys(c.messages).includes(messageId))!.address;

function recordOf(
  messageId: string,
  change: (r: ContractRecord & { envelope: Record<string, unknown> }) => void = () => {},
) {
  const [example] = messages[messageId].examples;
  const r = {
    topic: topicOf(messageId),
    partition: 0,
    offset: '7',
    key: example.payload.subject,
    headers: { ...example.headers },
    envelope: JSON.parse(JSON.stringify(example.payload)),
    value: '',
  };
  change(r);
  return { ...r, value: JSON.stringify(r.envelope) };
}

const deadLetter = (headers: Record<string, string> = {}): ContractRecord => ({
  topic: 'assistance.case.dlq',
  partition: 0,
  offset: '0',
  key: 'case-1',
  value: 'not even JSON',
  headers: {
    'dlq-reason': 'invalid-payload',
    'dlq-field': 'data.amountFen',
    'dlq-message': 'must be an integer',
    'dlq-attempts': '1',
    'dlq-consumer': 'policy-engine',
    'dlq-original-topic': 't-1.assistance.case',
    'dlq-original-partition': '0',
    'dlq-original-offset': '12',
    'dlq-id': '3',
    ...headers,
  },
});

describe('the contract checker', () => {
  it('accepts the example record of every message', () => {
    const ids = Object.keys(messages).filter((id) => id !== 'dead-letter');
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.flatMap((id) => checker.check(recordOf(id)))).toEqual([]);
  });

  it('refuses a record from another publisher than the document names (the wrong source)', () => {
    const r = recordOf('policy.parameter.value-scheduled.v1', (x) => (x.envelope.source = '/civic/policy-engine'));
    expect(checker.check(r)).toEqual([expect.stringContaining('value/source must be equal to constant')]);
  });

  it('refuses a payload that breaks its schema, an unknown version, a wrong key and a missing header', () => {
    const id = 'assistance.case.approved.v1';
    expect(
      checker.check(recordOf(id, (x) => ((x.envelope.data as Record<string, unknown>).programme = 'lottery'))),
    ).toEqual([expect.stringContaining('value/data/programme must be equal to one of the allowed values')]);
    expect(checker.check(recordOf(id, (x) => (x.envelope.dataversion = 9)))).toEqual([
      expect.stringContaining('assistance.case.approved v9 is not a message of assistance.case'),
    ]);
    expect(checker.check(recordOf(id, (x) => (x.key = 'other')))).toEqual([
      expect.stringContaining('is not the envelope subject'),
    ]);
    expect(checker.check(recordOf(id, (x) => delete x.headers.ce_type))).toEqual([
      expect.stringContaining("headers must have required property 'ce_type'"),
    ]);
    expect(checker.check({ ...recordOf(id), topic: 'assistance.cases' })).toEqual([
      expect.stringContaining('is not a channel'),
    ]);
  });

  it('refuses an ID number in free text', () => {
    const r = recordOf('policy.alert.resolved.v1', (x) => {
      (x.envelope.data as Record<string, unknown>).note = 'resident 110101199003074514 phoned';
    });
    expect(checker.check(r)).toEqual([expect.stringContaining('value/data/note must match pattern')]);
  });

  it('checks dead letters by their dlq-* headers, whatever their value', () => {
    expect(checker.check(deadLetter())).toEqual([]);
    expect(checker.check(deadLetter({ 'dlq-reason': 'tired' }))).toEqual([
      expect.stringContaining('headers/dlq-reason must be equal to one of the allowed values'),
    ]);
    const { 'dlq-id': _, ...withoutId } = deadLetter().headers;
    expect(checker.check({ ...deadLetter(), headers: withoutId })).toEqual([
      expect.stringContaining("must have required property 'dlq-id'"),
    ]);
  });

  it('skips a record a test marked as deliberately invalid, on its topic only', () => {
    const poison = recordOf('assistance.case.approved.v1', (x) => {
      x.envelope.specversion = '0.3';
      x.headers[DELIBERATELY_INVALID_HEADER] = 'dead-letter test';
    });
    expect(checker.check(poison)).toEqual([]);
    expect(checker.check({ ...poison, headers: { ...poison.headers, [DELIBERATELY_INVALID_HEADER]: '' } })).toEqual([]);
    const { [DELIBERATELY_INVALID_HEADER]: _, ...unmarked } = poison.headers;
    expect(checker.check({ ...poison, headers: unmarked })).not.toEqual([]);
  });
});

import { personViewTopics, Topics } from '@civic/contracts';
import { randomBytes } from 'node:crypto';
import { deleteTopics } from './ensure-topics';
import { applyTopics, TopicSettings, topicDifferences, topicSpecs, verifyTopics } from './topic-settings';

jest.setTimeout(120_000);

// The admin step and the production start-up check against the real broker, under a prefix of
// this suite's own (a single broker: replication factor 1).
describe('topic settings: apply, verify', () => {
  const prefix = `topics-${randomBytes(4).toString('hex')}.`;
  const conn = { brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'topics-int', topicPrefix: prefix };
  const logical = [Topics.AssistanceCase, Topics.PolicyAlert];
  const settings: TopicSettings = {
    partitions: 1,
    replicationFactor: 1,
    minInsyncReplicas: 1,
    retentionMs: 86_400_000,
  };
  afterAll(async () => {
    await deleteTopics(
      conn,
      topicSpecs(prefix, logical, settings).map((s) => s.topic),
    );
  });

  it('keeps the person-view source topics forever and the others for the retention setting', () => {
    expect(personViewTopics()).toContain(Topics.AssistanceCase);
    expect(personViewTopics()).not.toContain(Topics.PolicyAlert);
    const specs = Object.fromEntries(topicSpecs(prefix, logical, settings).map((s) => [s.topic, s.configs]));
    expect(specs[`${prefix}assistance.case`]).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '-1',
      'min.insync.replicas': '1',
    });
    expect(specs[`${prefix}assistance.case.dlq`]['retention.ms']).toBe('86400000');
    expect(specs[`${prefix}policy.alert`]['retention.ms']).toBe('86400000');
  });

  it('verify refuses missing topics; apply creates them; verify then passes; a changed setting is found and applied', async () => {
    const specs = topicSpecs(prefix, logical, settings);
    await expect(verifyTopics(conn, specs)).rejects.toThrow(`${prefix}assistance.case: missing`);

    const first = await applyTopics(conn, specs);
    expect(first.created).toEqual(specs.map((s) => s.topic));
    await expect(topicDifferences(conn, specs)).resolves.toEqual([]);
    await expect(verifyTopics(conn, specs)).resolves.toBeUndefined();

    const wider = topicSpecs(prefix, logical, { ...settings, partitions: 2, retentionMs: 172_800_000 });
    const before = await topicDifferences(conn, wider);
    expect(before).toEqual(
      expect.arrayContaining([
        `${prefix}assistance.case: 1 partitions, want 2`,
        `${prefix}policy.alert: retention.ms=86400000, want 172800000`,
      ]),
    );
    expect(before.join('\n')).not.toContain(`${prefix}assistance.case: retention.ms`);
    const second = await applyTopics(conn, wider);
    expect(second.created).toEqual([]);
    expect(second.left).toEqual([]);
    await expect(topicDifferences(conn, wider)).resolves.toEqual([]);
  });
});

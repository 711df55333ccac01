import { OffsetCommits } from './offset-commits';

/** A broker stand-in that answers each commit when told to, so the test controls the interleaving. */
function fakeBroker() {
  const sent: { partition: number; offset: string; answer: (e?: Error) => void }[] = [];
  const commit = (_topic: string, partition: number, offset: string) =>
    new Promise<void>((resolve, reject) =>
      sent.push({ partition, offset, answer: (e) => (e ? reject(e) : resolve()) }),
    );
  return { sent, commit };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('OffsetCommits', () => {
  const errors: string[] = [];
  beforeEach(() => (errors.length = 0));

  it('sends one commit per partition at a time, in order, replacing a queued one by a newer offset', async () => {
    const broker = fakeBroker();
    const commits = new OffsetCommits(broker.commit, (e) => void errors.push(String(e)));
    const done: string[] = [];
    commits.push('t', 0, '5', async () => void done.push('5'));
    await tick();
    commits.push('t', 0, '9', async () => void done.push('9'));
    commits.push('t', 0, '12', async () => void done.push('12'));
    commits.push('t', 1, '3', async () => void done.push('p1:3'));
    await tick();
    // partition 0: 5 in flight, 9 replaced by 12 while queued; partition 1 does not wait for partition 0
    expect(broker.sent.map((s) => `${s.partition}:${s.offset}`)).toEqual(['0:5', '1:3']);
    broker.sent[0].answer();
    await tick();
    expect(broker.sent.map((s) => `${s.partition}:${s.offset}`)).toEqual(['0:5', '1:3', '0:12']);
    expect(done).toEqual(['5']); // a step is reported committed only once its commit was answered
    broker.sent[2].answer();
    broker.sent[1].answer();
    await commits.settled();
    expect(done.sort()).toEqual(['12', '5', '9', 'p1:3']);
  });

  it('reports a failed commit and sends the next one of its partition, which covers it', async () => {
    const broker = fakeBroker();
    const commits = new OffsetCommits(broker.commit, (e) => void errors.push(String(e)));
    let reported = 0;
    commits.push('t', 0, '5', async () => void reported++);
    await tick();
    broker.sent[0].answer(new Error('coordinator moved'));
    await commits.settled();
    expect(reported).toBe(0); // its records were never reported committed
    expect(errors).toEqual(['Error: coordinator moved']);
    commits.push('t', 0, '8', async () => void reported++);
    await tick();
    broker.sent[1].answer();
    await commits.settled();
    expect(broker.sent.map((s) => s.offset)).toEqual(['5', '8']);
    expect(reported).toBe(1);
  });
});

import { coupleKeys, segmentRun } from './run-plan';
import { ViewChange } from './view-change';

const person = (ref: string): ViewChange[] => [{ kind: 'person', personRef: ref, set: {} }];
const keys = (...ks: string[][]) => ks.map((k) => new Set(k));
const plain = { closes: false, parameter: false };

describe('run plan', () => {
  it('keeps independent events in one segment and starts a new one at a shared key', () => {
    const changes = [person('a'), person('b'), person('a'), person('c')];
    expect(
      segmentRun(
        keys(['a'], ['b'], ['a'], ['c']),
        changes,
        changes.map(() => plain),
      ),
    ).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('starts a segment at an event that closes alerts and isolates a parameter event', () => {
    const changes = [person('a'), person('b'), person('c'), [], person('d'), person('e')];
    const traits = [plain, { closes: true, parameter: false }, plain, plain, { closes: false, parameter: true }, plain];
    expect(segmentRun(keys(['a'], ['b'], ['c'], [], [], ['e']), changes, traits)).toEqual([[0], [1, 2], [4], [5]]);
  });

  it("couples an event's keys with those of an earlier event it shares a key with", () => {
    // a child linked to both parents, then each parent's death: the deaths conflict through the child
    const coupled = coupleKeys(keys(['child', 'mother', 'father'], ['father'], ['mother'], ['other']));
    expect([...coupled[2]].sort()).toEqual(['child', 'father', 'mother']);
    expect([...coupled[3]]).toEqual(['other']);
    const changes = [person('child'), person('father'), person('mother'), person('other')];
    expect(
      segmentRun(
        coupled,
        changes,
        changes.map(() => plain),
      ),
    ).toEqual([[0], [1], [2, 3]]);
  });
});

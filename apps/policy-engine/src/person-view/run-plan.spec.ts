import { coupleKeys, segmentRun } from './run-plan';
import { ViewChange } from './view-change';

const person = (ref: string): ViewChange[] => [{ kind: 'person', personRef: ref, set: {} }];
const keys = (...ks: string[][]) => ks.map((k) => new Set(k));
const plain = { parameter: false };

describe('run plan', () => {
  it('puts an event after the last segment holding a key it shares, and independent events together', () => {
    const changes = [person('a'), person('b'), person('a'), person('c'), person('a')];
    expect(
      segmentRun(
        keys(['a'], ['b'], ['a', 'b'], ['c'], ['a']),
        changes,
        changes.map(() => plain),
      ),
    ).toEqual([[0, 1, 3], [2], [4]]);
  });

  it('gives a parameter event a segment of its own that no event crosses, and leaves out events without changes', () => {
    const changes = [person('a'), [], person('b'), person('c'), person('a')];
    const traits = [plain, plain, { parameter: true }, plain, plain];
    expect(segmentRun(keys(['a'], [], [], ['c'], ['a']), changes, traits)).toEqual([[0], [2], [3, 4]]);
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
    ).toEqual([[0, 3], [1], [2]]);
  });
});

import { PassThrough } from 'node:stream';
import { findNulCharacter, jsonDeeperThan } from './hostile-input';

describe('hostile input checks', () => {
  it('measures JSON nesting without parsing, ignoring brackets inside strings', () => {
    expect(jsonDeeperThan('['.repeat(65) + ']'.repeat(65), 64)).toBe(true);
    expect(jsonDeeperThan('['.repeat(64) + ']'.repeat(64), 64)).toBe(false);
    expect(jsonDeeperThan('{"a":'.repeat(65) + '1' + '}'.repeat(65), 64)).toBe(true);
    expect(jsonDeeperThan(JSON.stringify({ text: '['.repeat(500), q: 'say \\"[[[' }), 64)).toBe(false);
    expect(jsonDeeperThan('[{"a":[1,2,{"b":"]]]]"}]}]', 4)).toBe(false);
    expect(jsonDeeperThan('[{"a":[1,2,{"b":"]]]]"}]}]', 3)).toBe(true);
  });

  it('names the first field holding a NUL character, in arrays and keys too', () => {
    expect(findNulCharacter({ a: 'ok', members: [{ name: 'x' }, { name: 'y\u0000' }] })).toBe('members[1].name');
    expect(findNulCharacter('a\u0000')).toBe('(body)');
    expect(findNulCharacter({ ['k\u0000']: 1 })).toBe('(body) (a key)');
    expect(findNulCharacter({ a: ['ok', 1, null, true] })).toBeUndefined();
    // a streamed body (hub-gateway's text/csv) is not walked: its handler reads it
    const stream = new PassThrough();
    expect(findNulCharacter(stream)).toBeUndefined();
    expect(findNulCharacter(Buffer.from('a\u0000'))).toBeUndefined();
  });
});

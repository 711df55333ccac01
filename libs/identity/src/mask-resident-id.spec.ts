import { maskResidentId } from './mask-resident-id';

describe('maskResidentId', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskResidentId('44200019900101123X')).toBe('442000********123X');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
  });

  it('refuses anything but an 18-character number, without echoing it', () => {
    expect(() => maskResidentId('110105491231002')).toThrow(TypeError);
    expect(() => maskResidentId('110105491231002')).not.toThrow(/110105/);
  });
});

import 'reflect-metadata';
import { IsInt, IsString, validateSync } from 'class-validator';
import { memoiseValidationMetadata } from './validation-metadata';

const failing = (o: object) =>
  validateSync(o, { forbidUnknownValues: true })
    .map((e) => e.property)
    .sort();

describe('memoised class-validator rule lookup', () => {
  beforeAll(() => memoiseValidationMetadata());

  it('answers as class-validator does, inherited rules included', () => {
    class Base {
      @IsString() name: unknown;
    }
    class Derived extends Base {
      @IsInt() count: unknown;
    }
    expect(failing(Object.assign(new Base(), { name: 1 }))).toEqual(['name']);
    expect(failing(Object.assign(new Derived(), { name: 1, count: 'x' }))).toEqual(['count', 'name']);
    // the same answers a second time, from the memo
    expect(failing(Object.assign(new Derived(), { name: 1, count: 'x' }))).toEqual(['count', 'name']);
    expect(failing(Object.assign(new Derived(), { name: 'a', count: 2 }))).toEqual([]);
  });

  it('sees a rule added after the class was first validated (a class loaded late, a rule registered later)', () => {
    class Late {
      @IsString() name: unknown;
    }
    class LateChild extends Late {}
    expect(failing(Object.assign(new Late(), { name: 'a', size: 'big' }))).toEqual([]);
    expect(failing(Object.assign(new LateChild(), { name: 'a', size: 'big' }))).toEqual([]);
    IsInt()(Late.prototype, 'size');
    expect(failing(Object.assign(new Late(), { name: 'a', size: 'big' }))).toEqual(['size']);
    expect(failing(Object.assign(new LateChild(), { name: 'a', size: 'big' }))).toEqual(['size']);
  });

  it('installs once per process', () => {
    memoiseValidationMetadata();
    class Twice {
      @IsInt() n: unknown;
    }
    expect(failing(Object.assign(new Twice(), { n: 'x' }))).toEqual(['n']);
  });
});

import { checkCharacter } from '@civic/identity';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsFreeText, NoIdNumber } from './field.decorators';
import { findRawResidentId } from './raw-id.guard';

// Request validation and the event guard refuse a resident ID number however it is written.

const first17 = '11010119900307451';
const ID = first17 + checkCharacter(first17);
const wide = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

class Note {
  @IsFreeText(200) note: string;
  @NoIdNumber() seed: string;
}

const rulesOf = (body: object) =>
  validateSync(plainToInstance(Note, body)).map((e) => [e.property, Object.keys(e.constraints ?? {})]);

describe('free text and the ID-number guard', () => {
  it.each([
    ['plain', `called about ${ID}`],
    ['spaced', `id ${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`],
    ['dashed', `${ID.slice(0, 6)}-${ID.slice(6, 14)}-${ID.slice(14)}`],
    ['full-width', `身份证${wide(ID)}`],
    ['zero-width', [...ID].join('\u200b')],
  ])('refuses a number written %s with rule noIdNumber, naming the field, never echoing it', (_how, text) => {
    const errors = validateSync(plainToInstance(Note, { note: text, seed: text }));
    expect(errors.map((e) => [e.property, Object.keys(e.constraints ?? {})])).toEqual([
      ['note', ['noIdNumber']],
      ['seed', ['noIdNumber']],
    ]);
    expect(JSON.stringify(errors.map((e) => e.constraints))).not.toContain(text);
    expect(findRawResidentId({ data: { text } })).toBe('data.text');
  });

  it('keeps ordinary text, masked numbers and other long numbers', () => {
    expect(
      rulesOf({
        note: `masked ${ID.slice(0, 6)}********${ID.slice(14)}, phone 138 0013 8000`,
        seed: 'lottery-2024-07-01',
      }),
    ).toEqual([]);
    expect(findRawResidentId({ amount: '123456789012345678', town: '442000100' })).toBeUndefined();
  });
});

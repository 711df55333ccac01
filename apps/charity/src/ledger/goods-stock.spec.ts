import fc from 'fast-check';
import { goodsValueOut, StockLine, stockAfter } from './goods-stock';

describe('goods stock', () => {
  it('gives out a share of the value rounded up; the last unit takes what is left', () => {
    expect(goodsValueOut({ quantity: 3, valueFen: 10 }, 1)).toBe(4);
    expect(goodsValueOut({ quantity: 2, valueFen: 6 }, 1)).toBe(3);
    expect(goodsValueOut({ quantity: 1, valueFen: 3 }, 1)).toBe(3);
    expect(() => goodsValueOut({ quantity: 1, valueFen: 3 }, 2)).toThrow(RangeError);
  });

  it('under any donations and give-outs: value and quantity never negative, each unit out carries a fen, emptied stock has no value left', () => {
    const op = fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 1e9 }))
        .map(([quantity, extra]) => ({ in: { quantity, valueFen: quantity + extra } })),
      fc.integer({ min: 1, max: 2e6 }).map((out) => ({ out })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let stock: StockLine = { quantity: 0, valueFen: 0 };
        let donated = 0;
        let givenOut = 0;
        for (const o of ops) {
          if ('in' in o) {
            stock = stockAfter(stock, o.in, 1);
            donated += o.in.valueFen;
            continue;
          }
          if (o.out > stock.quantity) continue; // refused: more than held
          const valueFen = goodsValueOut(stock, o.out);
          expect(valueFen).toBeGreaterThanOrEqual(o.out);
          stock = stockAfter(stock, { quantity: o.out, valueFen }, -1);
          givenOut += valueFen;
          expect(stock.quantity).toBeGreaterThanOrEqual(0);
          expect(stock.valueFen).toBeGreaterThanOrEqual(stock.quantity);
          if (stock.quantity === 0) expect(stock.valueFen).toBe(0);
        }
        expect(donated - givenOut).toBe(stock.valueFen);
      }),
    );
  });
});

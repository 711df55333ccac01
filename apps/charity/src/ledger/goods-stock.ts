// Goods (物资) a project holds, per item and unit: how many and their declared value in fen. Donated
// goods come in with a value of at least one fen per unit; goods given out leave at their share of
// the item's remaining value, rounded up, so every unit given out carries at least one fen, the last
// unit takes what is left, and the value never goes below zero (persistence/goods-stock.migration.ts
// holds the same bounds in the database).

export interface StockLine {
  quantity: number;
  valueFen: number;
}

/**
 * The value of `quantity` units out of `stock`: ceil(value × quantity / stock quantity), in exact
 * integer arithmetic. Keeps value ≥ quantity in the stock when it held before (each remaining unit
 * still carries a fen). Throws when more is asked than is held (callers refuse that first).
 */
export function goodsValueOut(stock: StockLine, quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > stock.quantity)
    throw new RangeError(`cannot give out ${quantity} of ${stock.quantity}`);
  const v = BigInt(stock.valueFen) * BigInt(quantity);
  const q = BigInt(stock.quantity);
  return Number((v + q - 1n) / q);
}

/** The stock after units come in (a donation, a reversed disbursement) or go out. */
export function stockAfter(stock: StockLine, delta: StockLine, sign: 1 | -1): StockLine {
  return { quantity: stock.quantity + sign * delta.quantity, valueFen: stock.valueFen + sign * delta.valueFen };
}

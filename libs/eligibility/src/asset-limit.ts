/**
 * Financial assets (deposits, securities…) within the per-member limit for the whole household:
 * at the limit passes, one fen over fails. The limit is the dated parameter ASSET_LIMIT_KEY.
 */
export function assetsWithinLimit(financialAssetsFen: number, memberCount: number, limitPerMemberFen: number): boolean {
  if (!Number.isSafeInteger(memberCount) || memberCount < 1)
    throw new RangeError(`memberCount must be a positive integer, got ${memberCount}`);
  return financialAssetsFen <= limitPerMemberFen * memberCount;
}

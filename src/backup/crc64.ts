/**
 * CRC-64 as OSS computes `x-oss-hash-crc64ecma`: the ECMA-182 polynomial 0x42F0E1EBA9EA3693,
 * reflected, initial value and final XOR all ones — the CRC-64/XZ parameters ("This 64-bit
 * CRC is calculated based on the CRC-64/XZ algorithm": OSS, Check data integrity by using
 * CRC-64, https://www.alibabacloud.com/help/doc-detail/43394.htm). OSS sends it as an
 * unsigned decimal; "123456789" gives 11051210869376104954 (the check value of CRC-64/XZ).
 *
 * The 64-bit register is held as two 32-bit halves: a BigInt per byte would make verifying
 * a large download CPU-bound.
 */
const REFLECTED_POLY_HI = 0xc96c5795;
const REFLECTED_POLY_LO = 0xd7870f42;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ REFLECTED_POLY_HI) >>> 0;
      lo = (lo ^ REFLECTED_POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

/** A CRC-64/XZ fed chunk by chunk, as bytes arrive. */
export class Crc64Ecma {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(bytes: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < bytes.length; i++) {
      const t = (lo ^ (bytes[i] as number)) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[t] as number);
      hi = (hi >>> 8) ^ (TABLE_HI[t] as number);
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** Unsigned decimal, as in the `x-oss-hash-crc64ecma` header. */
  digest(): string {
    const hi = BigInt((this.hi ^ 0xffffffff) >>> 0);
    const lo = BigInt((this.lo ^ 0xffffffff) >>> 0);
    return ((hi << 32n) | lo).toString();
  }
}

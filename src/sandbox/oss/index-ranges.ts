/**
 * A set of non-negative integers kept as sorted, disjoint, non-touching half-open ranges
 * `[start, end)`. Emptying a generated bucket deletes keys in listing order, so a million
 * deletions collapse into one range: memory follows the number of holes, not of keys.
 */
export class IndexRangeSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private total = 0;

  get size(): number {
    return this.total;
  }

  get rangeCount(): number {
    return this.starts.length;
  }

  has(index: number): boolean {
    const r = this.lastRangeStartingAtOrBefore(index);
    return r >= 0 && index < (this.ends[r] as number);
  }

  /** Adds `index`; returns false when it was already present. */
  add(index: number): boolean {
    if (this.has(index)) return false;
    const r = this.lastRangeStartingAtOrBefore(index);
    const joinsLeft = r >= 0 && this.ends[r] === index;
    const joinsRight = r + 1 < this.starts.length && this.starts[r + 1] === index + 1;
    if (joinsLeft && joinsRight) {
      this.ends[r] = this.ends[r + 1] as number;
      this.starts.splice(r + 1, 1);
      this.ends.splice(r + 1, 1);
    } else if (joinsLeft) {
      this.ends[r] = index + 1;
    } else if (joinsRight) {
      this.starts[r + 1] = index;
    } else {
      this.starts.splice(r + 1, 0, index);
      this.ends.splice(r + 1, 0, index + 1);
    }
    this.total++;
    return true;
  }

  /** The smallest integer `>= index` that is not in the set. */
  nextAbsent(index: number): number {
    const r = this.lastRangeStartingAtOrBefore(index);
    if (r >= 0 && index < (this.ends[r] as number)) return this.ends[r] as number;
    return index;
  }

  /** Index of the last range whose start is `<= index`, or -1. */
  private lastRangeStartingAtOrBefore(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] as number) <= index) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

/** Code-unit string order: the same on every machine and locale, so plans and output diff cleanly. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { describe, expect, it } from 'vitest';
import { escapeControl, escapeDeep } from '../../src/plan/render/terminal-text.js';

describe('terminal text', () => {
  it('makes control characters, escapes and bidirectional overrides visible and inert', () => {
    expect(escapeControl('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(escapeControl('\x1b[2Jred\x07')).toBe('\\x1b[2Jred\\x07');
    expect(escapeControl('\u009b31m \u2028 \u202e \u2066')).toBe('\\x9b31m \\u2028 \\u202e \\u2066');
    expect(escapeControl('plain ünïcödé 名字 ok')).toBe('plain ünïcödé 名字 ok');
  });

  it('escapes every string of a structure, keys included, and leaves the rest as it is', () => {
    expect(escapeDeep({ 'k\n': ['a\x1b', 1, null, true], nested: { s: 'x\ny' } })).toEqual({
      'k\\n': ['a\\x1b', 1, null, true],
      nested: { s: 'x\\ny' },
    });
  });
});

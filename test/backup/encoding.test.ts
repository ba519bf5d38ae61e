// The pure parts of a backup: CRC-64 as OSS defines it, object keys turned into safe paths,
// and DNS zones written as BIND zone files.
import { resolve, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Crc64Ecma } from '../../src/backup/crc64.js';
import { COLLISION_FOLDER, ObjectPaths, encodeObjectPath, encodeSegment } from '../../src/backup/object-paths.js';
import { zoneFile } from '../../src/backup/capture/dns.js';

describe('CRC-64/ECMA (x-oss-hash-crc64ecma)', () => {
  it('gives the CRC-64/XZ check value OSS clients are tested with: "123456789" → 11051210869376104954', () => {
    expect(new Crc64Ecma().update(Buffer.from('123456789')).digest()).toBe('11051210869376104954');
  });

  it('is the same fed in pieces, and 0 for nothing', () => {
    const crc = new Crc64Ecma();
    for (const piece of ['1', '23', '456', '789']) crc.update(Buffer.from(piece));
    expect(crc.digest()).toBe('11051210869376104954');
    expect(new Crc64Ecma().digest()).toBe('0');
    expect(new Crc64Ecma().update(Buffer.from('123456780')).digest()).not.toBe('11051210869376104954');
  });
});

describe('object keys as paths', () => {
  const NASTY = [
    '../../escape/evil.txt',
    '..',
    '.',
    '/etc/passwd',
    '//double//slash//',
    'C:\\Windows\\evil',
    'a/../../../b',
    'nul\u0000byte',
    'tab\tand\nnewline',
    'ü/中文/😀',
    '%2e%2e/%2E%2E/x',
    'x'.repeat(1023),
    `${'ä'.repeat(300)}/y`,
  ];

  it('keeps every path inside the folder, whatever the key', () => {
    const root = resolve('/backup/oss/b/objects');
    const paths = new ObjectPaths();
    for (const key of NASTY) {
      const path = paths.pathFor(key);
      const full = resolve(root, ...path.split('/'));
      expect(relative(root, full).split(sep)[0], key).not.toBe('..');
      expect(
        path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && Buffer.byteLength(s) <= 255),
        key,
      ).toBe(true);
    }
  });

  it('encodes segments injectively and readably', () => {
    expect(encodeObjectPath('docs/readme.txt')).toBe('docs/readme.txt');
    expect(encodeObjectPath('../../escape/evil.txt')).toBe('%2E%2E/%2E%2E/escape/evil.txt');
    expect(encodeObjectPath('a//b/')).toBe('a/%/b/%');
    expect(encodeSegment('odd name ü?')).toBe('odd%20name%20%C3%BC%3F');
    expect(encodeSegment('%')).toBe('%25');
    expect(encodeObjectPath('log.txt', 'CAEQ/x=')).toBe('log.txt@CAEQ%2Fx%3D');
    const long = encodeSegment('x'.repeat(1023));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).not.toBe(encodeSegment(`${'x'.repeat(1022)}y`));
  });

  it('never gives two keys the same file or a file where a folder goes, even ignoring case', () => {
    const paths = new ObjectPaths();
    const given = ['Photo.JPG', 'photo.jpg', 'a', 'a/b', 'A/c', 'readme', 'README'].map((k) => paths.pathFor(k));
    expect(new Set(given.map((p) => p.toLowerCase())).size).toBe(given.length);
    expect(given[0]).toBe('Photo.JPG');
    expect(given[1]?.startsWith(`${COLLISION_FOLDER}/`)).toBe(true);
    // `a` is a file: `a/b` cannot go under it, nor `A/c`.
    expect(given[3]?.startsWith(`${COLLISION_FOLDER}/`)).toBe(true);
    expect(given[4]?.startsWith(`${COLLISION_FOLDER}/`)).toBe(true);
    // The same keys in the same order get the same paths (a rerun finds its files).
    const again = new ObjectPaths();
    expect(['Photo.JPG', 'photo.jpg', 'a', 'a/b', 'A/c', 'readme', 'README'].map((k) => again.pathFor(k))).toEqual(given);
  });
});

describe('BIND zone files', () => {
  it('writes every record with absolute names, MX priority and quoted TXT; keeps what BIND cannot say as comments', () => {
    const text = zoneFile(
      'example.com',
      [
        { RR: 'www', type: 'CNAME', value: 'example.com', TTL: 600, recordId: '2', line: 'default', status: 'ENABLE' },
        { RR: '@', type: 'MX', value: 'mx.example.com', priority: 5, TTL: 600, recordId: '3', line: 'default', status: 'ENABLE' },
        { RR: '@', type: 'TXT', value: 'say "hi"', TTL: 300, recordId: '4', line: 'default', status: 'ENABLE' },
        { RR: '@', type: 'A', value: '1.2.3.4', TTL: 600, recordId: '1', line: 'default', status: 'ENABLE' },
        { RR: 'old', type: 'REDIRECT_URL', value: 'http://x', TTL: 600, recordId: '5', line: 'default', status: 'ENABLE' },
        { RR: 'cn', type: 'A', value: '5.6.7.8', TTL: 600, recordId: '6', line: 'telecom', status: 'ENABLE' },
      ],
      new Date('2026-01-01T00:00:00Z'),
    );
    const lines = text.split('\n');
    expect(lines).toContain('$ORIGIN example.com.');
    expect(lines).toContain('@\t600\tIN\tA\t1.2.3.4\t; RecordId=1 Line=default Status=ENABLE');
    expect(lines).toContain('@\t600\tIN\tMX\t5 mx.example.com.\t; RecordId=3 Line=default Status=ENABLE');
    expect(lines).toContain('@\t300\tIN\tTXT\t"say \\"hi\\""\t; RecordId=4 Line=default Status=ENABLE');
    expect(lines).toContain('www\t600\tIN\tCNAME\texample.com.\t; RecordId=2 Line=default Status=ENABLE');
    expect(lines.find((l) => l.includes('REDIRECT_URL'))).toMatch(/^; old\t600\tIN\tREDIRECT_URL\thttp:\/\/x\t.*no BIND equivalent/);
    expect(lines.find((l) => l.includes('5.6.7.8'))).toMatch(/^; cn\t.*Line=telecom/);
  });
});

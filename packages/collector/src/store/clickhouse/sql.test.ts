import { createClient, type ClickHouseClient } from '@clickhouse/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../../test/support/clickhouse-server.js';
import { bindQuery, epochMs, quoteString, wellFormed } from './sql.js';

describe('bindQuery', () => {
  it('writes typed literals for placeholders', () => {
    expect(bindQuery('SELECT {s:String}, {n:UInt64}, {b:UInt8} WHERE x IN {ids:In(String)}', { s: "it's", n: 42, b: 1, ids: ['a', "b'"] })).toBe(
      "SELECT 'it\\'s', 42, 1 WHERE x IN ('a', 'b\\'')",
    );
  });

  it('scans the template once, so values that look like placeholders stay text', () => {
    expect(bindQuery('SELECT {a:String}, {b:String}', { a: '{b:String}', b: 'x' })).toBe("SELECT '{b:String}', 'x'");
  });

  it('refuses values of the wrong type, missing or unused parameters and unknown types', () => {
    expect(() => bindQuery('SELECT {n:UInt64}', { n: -1 })).toThrow(/unsigned/);
    expect(() => bindQuery('SELECT {n:UInt64}', { n: 1.5 })).toThrow(/unsigned/);
    expect(() => bindQuery('SELECT {n:UInt64}', { n: '1 OR 1=1' })).toThrow(/unsigned/);
    expect(() => bindQuery('SELECT {n:UInt8}', { n: 256 })).toThrow(/unsigned/);
    expect(() => bindQuery('SELECT {s:String}', { s: 1 })).toThrow(/string/);
    expect(() => bindQuery('SELECT {ids:In(String)}', { ids: [] })).toThrow(/non-empty/);
    expect(() => bindQuery('SELECT {s:String}', {})).toThrow(/no value/);
    expect(() => bindQuery('SELECT 1', { s: 'x' })).toThrow(/not used/);
    expect(() => bindQuery('SELECT {d:DateTime}', { d: 'x' })).toThrow(/unsupported/);
  });

  it('escapes backslash, quote and control characters, and makes lone surrogates U+FFFD', () => {
    expect(quoteString('a\\b\'c\u0000d\ne\u007f')).toBe("'a\\\\b\\'c\\x00d\\x0Ae\\x7F'");
    expect(quoteString('\\\'')).toBe("'\\\\\\''");
    expect(wellFormed('a\ud800b\udc00c\ud83e\udde3')).toBe('a\ufffdb\ufffdc\ud83e\udde3');
  });

  it('refuses dates a UInt64 timestamp cannot hold', () => {
    expect(epochMs(new Date(1_732_096_800_123))).toBe(1_732_096_800_123);
    expect(() => epochMs(new Date(Number.NaN))).toThrow();
    expect(() => epochMs(new Date(-1))).toThrow();
  });
});

describe('quoteString against a real ClickHouse server', () => {
  let server: ClickHouseServer;
  let client: ClickHouseClient;
  beforeAll(async () => {
    server = await startClickHouse();
    client = createClient({ url: server.httpUrl, log: { level: 127 } });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  /** The UTF-8 bytes (as hex) that the server parsed from each quoted literal. */
  async function serverHex(values: string[]): Promise<string[]> {
    const query = `SELECT [${values.map((v) => `hex(${quoteString(v)})`).join(', ')}] AS h`;
    const [row] = await (await client.query({ query, format: 'JSONEachRow' })).json<{ h: string[] }>();
    return row!.h;
  }
  const utf8Hex = (value: string) => Buffer.from(wellFormed(value), 'utf8').toString('hex').toUpperCase();

  it('round-trips every ASCII character and the awkward ones', async () => {
    const values = [
      ...Array.from({ length: 128 }, (_, c) => `x${String.fromCharCode(c)}y`),
      "'", "\\'", '\\', "\\\\'", "''", "x'); DROP TABLE events; --", '\\x27', '\\0', '\u0000F1', '{s:String}', '🧣 丝绸', '\ud800', '',
    ];
    expect(await serverHex(values)).toEqual(values.map(utf8Hex));
  });

  it('round-trips arbitrary strings, lone surrogates included', async () => {
    // Units biased toward what an escaper gets wrong, mixed with any UTF-16 code unit and any code point.
    const unit = fc.oneof(
      fc.constantFrom("'", '\\', '"', '\u0000', '\n', '\r', '\t', '`', '{', '}', ';', '-', 'x', '0', 'F'),
      fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit, maxLength: 40 }), { minLength: 1, maxLength: 50 }), async (values) => {
        expect(await serverHex(values)).toEqual(values.map(utf8Hex));
      }),
      { numRuns: 200 },
    );
  });
});

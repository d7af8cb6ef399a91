import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { EVENT_COLUMNS } from '../columns.js';
import { DERIVED_COLUMNS, deriveColumns } from '../derived-columns.js';
import { derivedCases } from '../derived-columns.cases.js';
import { DuckDBStore } from './duckdb-store.js';
import { MIGRATIONS, migrate } from './migrations.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('DuckDB migration 3: typed columns from props', () => {
  it('fills the rows stored before it exactly as the write path fills new ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-migrate-'));
    dirs.push(dir);
    const path = join(dir, 'old.duckdb');
    const rows = derivedCases();
    // A database as version 1 left it, with events written then.
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await migrate(connection, MIGRATIONS.filter((m) => m.version === 1));
    for (const row of rows) {
      await connection.run(
        `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}) VALUES (${EVENT_COLUMNS.map((c) => (c.type === 'timestamp' ? `CAST($${c.name} AS TIMESTAMPTZ)` : `$${c.name}`)).join(', ')})`,
        Object.fromEntries(EVENT_COLUMNS.map((c) => {
          const value = row[c.name];
          return [c.name, value instanceof Date ? value.toISOString() : (value as string | number | boolean | null)];
        })) as Record<string, string | number | boolean | null>,
      );
    }
    connection.closeSync();
    instance.closeSync();

    // Opening the store runs migrations 2 and 3; a second store writes the same events anew.
    await (await DuckDBStore.open(path, { compactEveryMs: 0 })).close();
    const fresh = join(dir, 'new.duckdb');
    const store = await DuckDBStore.open(fresh, { compactEveryMs: 0 });
    await store.write(rows, []);
    await store.close();

    const read = async (file: string) => {
      const db = await DuckDBInstance.create(file);
      const c = await db.connect();
      try {
        return (await c.runAndReadAll(`SELECT event_id, ${DERIVED_COLUMNS.map((d) => d.name).join(', ')} FROM events ORDER BY event_id`)).getRowObjectsJS();
      } finally {
        c.closeSync();
        db.closeSync();
      }
    };
    const expected = rows.map((r) => ({ event_id: r.event_id, ...deriveColumns(r) }));
    expect(await read(path)).toEqual(expected);
    expect(await read(fresh)).toEqual(expected);
    // The rules, spelled out for a few rows.
    const byId = new Map(expected.map((r) => [r.event_id, r]));
    expect(byId.get('d000')).toMatchObject({ vital_metric: 'LCP', vital_value: 1234.5 });
    expect(byId.get('d005')).toMatchObject({ vital_metric: 'INP', vital_value: null });
    expect(byId.get('d007')).toMatchObject({ vital_metric: 'FID', vital_value: null });
    expect(byId.get('d008')).toMatchObject({ vital_metric: '', vital_value: null });
    expect(byId.get('d012')).toMatchObject({ content_name: 'say "hi" \\ 你好', content_piece: '' });
    expect(byId.get('d016')).toMatchObject({ article: 'how-to', article_depth: 0, article_read_ms: 0 });
    expect(byId.get('d018')).toMatchObject({ vital_metric: null, content_name: null, article: null });
  });
});

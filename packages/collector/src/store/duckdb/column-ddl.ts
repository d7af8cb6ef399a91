import type { Column, ColumnType } from '../columns.js';

/** DuckDB's type for each logical column type of `store/columns.ts`. */
export const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  bool: 'BOOLEAN',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  json: 'JSON',
};

/** The column list of a DuckDB `CREATE TABLE`, from a column spec. */
export const columnsDdl = <Row>(columns: readonly Column<Row>[]): string =>
  columns.map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`).join(',\n  ');

/**
 * One versioned schema change, as both stores run them at start. Versions only ever
 * grow, and a shipped migration is never edited: a change is a new version.
 */
export interface Migration {
  version: number;
  name: string;
  statements: MigrationStatement[];
}

/**
 * A statement, or an `ALTER TABLE … ADD COLUMN` to skip when `table` already has
 * `column`: ClickHouse has no transactions (a migration that stopped half way runs again)
 * and 18.16 no `ADD COLUMN IF NOT EXISTS`, so its `migrate` checks `system.columns`.
 * DuckDB runs each migration in a transaction and just runs `sql`.
 */
export type MigrationStatement = string | { sql: string; unlessColumn: { table: string; column: string } };

/** The SQL of a statement. */
export const statementSql = (statement: MigrationStatement): string => (typeof statement === 'string' ? statement : statement.sql);

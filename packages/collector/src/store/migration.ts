/**
 * One versioned schema change, as both stores run them at start. Versions only ever
 * grow, and a shipped migration is never edited: a change is a new version.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

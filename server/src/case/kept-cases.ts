import type { Case } from "./case.entity.js";

export interface KeptCase {
  case: Case;
  /** The row version PostgreSQL gave the row (`xmin`): any change to it, by anyone, moves it. */
  stamp: string;
}

/**
 * The cases this replica last wrote in a step action, each with its row's `xmin`, so the next
 * action on one can decide from memory and go straight to its one write. That write also
 * requires the `xmin` (`writeTransition`), so a change made since, by another replica or by hand
 * in SQL, fails it, and the action decides again from the database: nothing kept here is trusted
 * without that guard. Bounded; the least recently used goes first.
 */
export class KeptCases {
  private readonly rows = new Map<string, KeptCase>();

  constructor(private readonly max = 2_000) {}

  get(id: string): KeptCase | undefined {
    const kept = this.rows.get(id);
    if (kept) {
      this.rows.delete(id);
      this.rows.set(id, kept);
    }
    return kept;
  }

  keep(c: Case, stamp: string): void {
    this.rows.delete(c.id);
    if (this.rows.size >= this.max) this.rows.delete(this.rows.keys().next().value!);
    this.rows.set(c.id, { case: c, stamp });
  }

  forget(id: string): void {
    this.rows.delete(id);
  }
}

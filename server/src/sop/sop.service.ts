import type { DataSource, EntityManager } from "typeorm";
import { systemClock, type Clock } from "../clock.js";
import { SOP_V1, type SopDefinition } from "./sop.definition.js";
import { SopVersion } from "./sop-version.entity.js";

/** A stored version with the instant it comes into force. */
export interface SopInForce {
  version: number;
  definition: SopDefinition;
  effectiveAt: Date;
}

/**
 * Stored SOP versions; immutable once written, so their definitions are cached forever. Which
 * version is in force is a matter of time: a new case reads it from the database (`inForceAt`), so
 * every replica switches at a revision's effective instant whoever published it; the list kept
 * here (`current`) serves displays and is read again when a publish is heard of or seen.
 */
export class SopService {
  private readonly cache = new Map<number, SopDefinition>();
  /** Every version by effective instant, newest first, as last read. */
  private schedule: { version: number; effectiveAt: Date }[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Stores the SOP as version 1 (in force since always) at first boot; a no-op afterwards and on other replicas. */
  async ensureSeeded(): Promise<void> {
    await this.ds.query(
      `INSERT INTO sop_version (version, definition, effective_at) VALUES (1, $1::jsonb, 'epoch') ON CONFLICT DO NOTHING`,
      [JSON.stringify(SOP_V1)],
    );
    await this.refresh();
  }

  /** Reads the versions and their instants again, with the definitions not yet cached. */
  async refresh(m: EntityManager = this.ds.manager): Promise<void> {
    const rows: { version: number; effective_at: Date }[] = await m.query(
      `SELECT version, effective_at FROM sop_version ORDER BY effective_at DESC, version DESC`,
    );
    if (!rows[0]) throw new Error("No SOP version stored");
    for (const r of rows) if (!this.cache.has(r.version)) await this.get(r.version, m);
    this.schedule = rows.map((r) => ({ version: r.version, effectiveAt: r.effective_at }));
  }

  /** The version in force at `at` (now by default) as last read: for what is shown; a new case takes `inForceAt`. */
  current(at: Date = this.clock.now()): { version: number; definition: SopDefinition } {
    const entry = this.schedule.find((s) => s.effectiveAt <= at) ?? this.schedule[this.schedule.length - 1];
    return { version: entry.version, definition: this.cache.get(entry.version)! };
  }

  /** The version in force at `at`, read from the database (effective at or before it, the newest). */
  async inForceAt(at: Date, m: EntityManager = this.ds.manager): Promise<SopInForce> {
    const [row]: { version: number; effective_at: Date }[] = await m.query(
      `SELECT version, effective_at FROM sop_version WHERE effective_at <= $1 ORDER BY effective_at DESC, version DESC LIMIT 1`,
      [at],
    );
    if (!row) throw new Error(`No SOP version in force at ${at.toISOString()}`);
    if (!this.schedule.some((s) => s.version === row.version)) await this.refresh(m);
    return { version: row.version, definition: await this.get(row.version, m), effectiveAt: row.effective_at };
  }

  /** A version already read, without waiting; undefined when it must still be loaded with `get`. */
  cached(version: number): SopDefinition | undefined {
    return this.cache.get(version);
  }

  async get(version: number, tx?: EntityManager): Promise<SopDefinition> {
    const hit = this.cache.get(version);
    if (hit) return hit;
    const row = await (tx ?? this.ds.manager).getRepository(SopVersion).findOneOrFail({ where: { version } });
    this.cache.set(version, row.definition);
    return row.definition;
  }

  /** Every stored version, oldest first. */
  list(m: EntityManager = this.ds.manager): Promise<SopVersion[]> {
    return m.getRepository(SopVersion).find({ order: { version: "ASC" } });
  }
}

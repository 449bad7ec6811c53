import type { DataSource, EntityManager } from "typeorm";
import { SOP_V1, type SopDefinition } from "./sop.definition.js";
import { SopVersion } from "./sop-version.entity.js";

/** Stored SOP versions; immutable once written, so they are cached forever. */
export class SopService {
  private readonly cache = new Map<number, SopDefinition>();
  private currentVersion = 0;

  constructor(private readonly ds: DataSource) {}

  /** Stores the SOP as version 1 at first boot; a no-op afterwards and on other replicas. */
  async ensureSeeded(): Promise<void> {
    await this.ds.createQueryBuilder().insert().into(SopVersion).values({ version: 1, definition: SOP_V1 }).orIgnore().execute();
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const latest = await this.ds.getRepository(SopVersion).find({ order: { version: "DESC" }, take: 1 });
    if (!latest[0]) throw new Error("No SOP version stored");
    this.cache.set(latest[0].version, latest[0].definition);
    this.currentVersion = latest[0].version;
  }

  current(): { version: number; definition: SopDefinition } {
    return { version: this.currentVersion, definition: this.cache.get(this.currentVersion)! };
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
}

import { randomBytes, randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { Setting } from "./setting.entity.js";

/** A value created once per installation; every replica reads the same one. */
export async function settingOrCreate(ds: DataSource, key: string, create: () => string): Promise<string> {
  await ds.createQueryBuilder().insert().into(Setting).values({ key, value: create() }).orIgnore().execute();
  return (await ds.getRepository(Setting).findOneOrFail({ where: { key } })).value;
}

export const installationId = (ds: DataSource) => settingOrCreate(ds, "installation_id", () => randomUUID());
export const generatedTokenSecret = (ds: DataSource) => settingOrCreate(ds, "token_secret", () => randomBytes(48).toString("base64url"));

import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import { Case } from "../case/case.entity.js";
import { SlaAlert } from "./sla-alert.entity.js";

/** Per-request batch loaders for SLA fields; no cache, like the case loaders. */
export interface SlaLoaders {
  slaAlerts: DataLoader<string, SlaAlert[]>;
  caseVersion: DataLoader<string, number>;
}

export function slaLoaders(ds: DataSource): SlaLoaders {
  return {
    slaAlerts: new DataLoader(
      async (ids) => {
        const rows = await ds.getRepository(SlaAlert).find({ where: { caseId: In([...ids]) }, order: { id: "ASC" } });
        return ids.map((id) => rows.filter((r) => r.caseId === id));
      },
      { cache: false },
    ),
    caseVersion: new DataLoader(
      async (ids) => {
        const rows = await ds.getRepository(Case).find({ select: { id: true, sopVersion: true }, where: { id: In([...ids]) } });
        return ids.map((id) => rows.find((r) => r.id === id)?.sopVersion ?? new Error(`case ${id} not found`));
      },
      { cache: false },
    ),
  };
}

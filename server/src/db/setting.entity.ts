import { Column, Entity, PrimaryColumn } from "typeorm";

/** Installation-wide values kept in the database, such as the generated token secret. */
@Entity({ name: "setting" })
export class Setting {
  @PrimaryColumn({ type: "text" })
  key: string;

  @Column({ type: "text" })
  value: string;
}

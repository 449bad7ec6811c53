import { describe, expect, it } from "vitest";
import type { NoteRowFragment } from "../graphql/generated/graphql";
import { noteThread } from "./notes";

const note = (id: string, at: string, extra: Partial<NoteRowFragment> = {}): NoteRowFragment => ({
  id,
  caseId: "c",
  at,
  authorId: "u1",
  authorName: "Rina",
  authorRole: "ADMIN_OPD",
  body: `catatan ${id}`,
  attachmentId: null,
  strikes: null,
  mentions: [],
  ...extra,
});

describe("noteThread", () => {
  it("orders by time, keeps each note once, and links a correction to the note it strikes both ways", () => {
    const a = note("a", "2026-11-23T01:00:00Z");
    const b = note("b", "2026-11-23T02:00:00Z", { strikes: "a" });
    const c = note("c", "2026-11-23T01:30:00Z");
    const thread = noteThread([b, a, c, b]);
    expect(thread.map((e) => e.note.id)).toEqual(["a", "c", "b"]);
    expect(thread[0]).toMatchObject({ strikes: null, struckBy: b });
    expect(thread[1]).toMatchObject({ strikes: null, struckBy: null });
    expect(thread[2]).toMatchObject({ strikes: a, struckBy: null });
  });
});

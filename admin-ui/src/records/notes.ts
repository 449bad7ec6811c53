import type { NoteRowFragment } from "../graphql/generated/graphql";

export interface ThreadEntry {
  note: NoteRowFragment;
  /** The earlier note this one corrects. */
  strikes: NoteRowFragment | null;
  /** The later note that struck this one through. */
  struckBy: NoteRowFragment | null;
}

/** A case's notes oldest first, each once (a note read with the case may also arrive live), with its corrections linked both ways. */
export function noteThread(notes: readonly NoteRowFragment[]): ThreadEntry[] {
  const byId = new Map<string, NoteRowFragment>();
  for (const n of notes) byId.set(n.id, n);
  const ordered = [...byId.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id.localeCompare(b.id));
  const struckBy = new Map(ordered.filter((n) => n.strikes).map((n) => [n.strikes!, n]));
  return ordered.map((note) => ({
    note,
    strikes: note.strikes ? (byId.get(note.strikes) ?? null) : null,
    struckBy: struckBy.get(note.id) ?? null,
  }));
}

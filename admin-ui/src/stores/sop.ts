import { defineStore } from "pinia";
import { ref } from "vue";
import { OpdsDocument, SopDocument, type OpdsQuery, type SopQuery } from "../graphql/generated/graphql";
import { useSession } from "./session";

/** The SOP in force (with its transition table) and the city's OPDs: read once per session. */
export const useSopStore = defineStore("sop", () => {
  const sop = ref<SopQuery["sop"] | null>(null);
  const opds = ref<OpdsQuery["opds"]>([]);

  async function load() {
    const client = useSession().connect();
    if (!sop.value) sop.value = (await client.query(SopDocument, {})).sop;
    if (!opds.value.length) opds.value = (await client.query(OpdsDocument, {})).opds;
  }

  /** The OPDs again, e.g. after one was deactivated elsewhere. */
  async function reloadOpds() {
    opds.value = (await useSession().connect().query(OpdsDocument, {})).opds;
  }

  function opdName(id: string | null | undefined): string {
    return opds.value.find((o) => o.id === id)?.code ?? "";
  }

  return { sop, opds, load, reloadOpds, opdName };
});

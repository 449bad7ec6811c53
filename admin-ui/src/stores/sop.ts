import { defineStore } from "pinia";
import { ref } from "vue";
import { GraphQLFailure } from "../graphql/client";
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

  /** After a refused action: an OPD deactivated since the list was read is read again, so the dialog shows it as unavailable. */
  async function afterRefusal(error: unknown) {
    if (!(error instanceof GraphQLFailure) || error.details.reason !== "OPD_INACTIVE") return;
    opds.value = await useSession()
      .connect()
      .query(OpdsDocument, {})
      .then((d) => d.opds)
      .catch(() => opds.value);
  }

  function opdName(id: string | null | undefined): string {
    return opds.value.find((o) => o.id === id)?.code ?? "";
  }

  return { sop, opds, load, afterRefusal, opdName };
});

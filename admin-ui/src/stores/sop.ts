import { defineStore } from "pinia";
import { ref } from "vue";

export interface SopStep {
  number: number;
  description: string;
  actorLabel: string;
  time: { label: string };
  output: string[];
}

export interface Sop {
  agency: string;
  number: string;
  title: string;
  steps: SopStep[];
}

const QUERY = `{ sop { agency number title steps { number description actorLabel time { label } output } } }`;

export const useSopStore = defineStore("sop", () => {
  const sop = ref<Sop | null>(null);
  const error = ref<string | null>(null);

  async function load() {
    try {
      const res = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await res.json()) as { data?: { sop: Sop }; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors[0].message);
      sop.value = body.data!.sop;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  return { sop, error, load };
});

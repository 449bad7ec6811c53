import { defineStore } from "pinia";
import { ref } from "vue";

export type NoticeKind = "error" | "success" | "info" | "warning";

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
}

const LIFETIME_MS = 8_000;
const MAX_SHOWN = 5;

export const useNotices = defineStore("notices", () => {
  const items = ref<Notice[]>([]);
  let next = 1;

  function dismiss(id: number) {
    items.value = items.value.filter((n) => n.id !== id);
  }

  function push(kind: NoticeKind, text: string) {
    const id = next++;
    items.value = [...items.value, { id, kind, text }].slice(-MAX_SHOWN);
    setTimeout(() => dismiss(id), kind === "error" ? LIFETIME_MS * 2 : LIFETIME_MS);
    return id;
  }

  return { items, push, dismiss };
});

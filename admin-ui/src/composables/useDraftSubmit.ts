import { nextTick, ref, type Ref } from "vue";

/**
 * A dialog's form over a draft: the form's own checks once it was sent, the field-level refusal the
 * server answered, and the focus on the first field marked invalid.
 */
export function useDraftSubmit<D extends object, P>(options: {
  dialog: Ref<HTMLDialogElement | null>;
  draft: D;
  /** The form's own checks; any problem keeps the draft from being sent. */
  problems: (draft: D) => readonly unknown[];
  /** Sends the draft: null when saved, the field-level problem the server found, or "failed" (the caller has said why). */
  save: (draft: D) => Promise<P | "failed" | null>;
  close: () => void;
}) {
  const tried = ref(false);
  const busy = ref(false);
  const refused = ref(null) as Ref<P | null>;

  async function focusFirstProblem() {
    await nextTick();
    options.dialog.value?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }

  async function submit() {
    tried.value = true;
    if (options.problems(options.draft).length) return focusFirstProblem();
    busy.value = true;
    try {
      const outcome = await options.save({ ...options.draft });
      if (outcome === null) options.close();
      else if (outcome !== "failed") {
        refused.value = outcome;
        await focusFirstProblem();
      }
    } finally {
      busy.value = false;
    }
  }

  return { tried, busy, refused, submit };
}

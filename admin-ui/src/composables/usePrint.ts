import { ref } from "vue";

/** Prints the page, keeping when it was last printed (for the "printed at" line of a printable form). */
export function usePrint() {
  const printedAt = ref(Date.now());
  function print() {
    printedAt.value = Date.now();
    window.print();
  }
  return { printedAt, print };
}

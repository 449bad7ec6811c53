import { ref, type Ref } from "vue";

export interface ConnectionPage<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface Connection<T> {
  items: Ref<T[]>;
  hasNextPage: Ref<boolean>;
  loading: Ref<boolean>;
  /** The first page again, replacing what is shown. */
  reload(): Promise<void>;
  /** The next page, after the last one's `endCursor`; nothing while a page is loading or none follows. */
  more(): Promise<void>;
  /** Puts an item in place of the one with its key, or first when it is new (lists are newest first). */
  upsert(item: T): void;
}

/**
 * A Relay connection read page by page. Failures are the caller's to show (they reject); a reload
 * while a page is on its way wins over it. With `key`, an item already shown is not added twice.
 */
export function useConnection<T>(
  fetchPage: (after: string | null) => Promise<ConnectionPage<T>>,
  key?: (item: T) => string,
): Connection<T> {
  const items = ref([]) as Ref<T[]>;
  const hasNextPage = ref(false);
  const loading = ref(false);
  let endCursor: string | null = null;
  let latest = 0;

  async function load(after: string | null) {
    const request = ++latest;
    loading.value = true;
    try {
      const page = await fetchPage(after);
      if (request !== latest) return;
      const nodes = page.edges.map((e) => e.node);
      if (after === null) items.value = nodes;
      else {
        const shown = key ? new Set(items.value.map(key)) : null;
        items.value = [...items.value, ...nodes.filter((n) => !shown?.has(key!(n)))];
      }
      endCursor = page.pageInfo.endCursor;
      hasNextPage.value = page.pageInfo.hasNextPage && endCursor !== null;
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return {
    items,
    hasNextPage,
    loading,
    reload: () => load(null),
    more: () => (hasNextPage.value && !loading.value ? load(endCursor) : Promise.resolve()),
    upsert(item) {
      const at = key ? items.value.findIndex((i) => key(i) === key(item)) : -1;
      items.value = at < 0 ? [item, ...items.value] : items.value.map((i, n) => (n === at ? item : i));
    },
  };
}

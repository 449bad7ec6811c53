import { defineStore } from "pinia";
import { computed, ref, shallowRef } from "vue";
import { createDeskClient, type DeskClient, type LinkStatus } from "../graphql/client";
import {
  LoginDocument,
  MeDocument,
  SetUpDeskDocument,
  SignOutDocument,
  type SetUpDeskMutationVariables,
  type ViewerFragment,
} from "../graphql/generated/graphql";

const TOKEN_KEY = "desk.token";

type Reconnected = () => void;

/** The signed-in staff member, their token, and the one GraphQL client that carries it. */
export const useSession = defineStore("session", () => {
  const token = ref<string | null>(localStorage.getItem(TOKEN_KEY));
  const viewer = ref<ViewerFragment | null>(null);
  const link = ref<LinkStatus>("connecting");
  const client = shallowRef<DeskClient | null>(null);
  const reconnectListeners = new Set<Reconnected>();

  function connect(): DeskClient {
    if (client.value) return client.value;
    client.value = createDeskClient({
      token: () => token.value,
      onStatus: (s) => (link.value = s),
      onReconnected: () => reconnectListeners.forEach((fn) => fn()),
    });
    return client.value;
  }

  function onReconnected(fn: Reconnected): () => void {
    reconnectListeners.add(fn);
    return () => reconnectListeners.delete(fn);
  }

  async function login(username: string, password: string) {
    signedIn((await connect().mutate(LoginDocument, { username, password })).login);
  }

  /** An empty desk's first superuser, made with the setup code from the server's log, signed in at once. */
  async function setUp(input: SetUpDeskMutationVariables) {
    signedIn((await connect().mutate(SetUpDeskDocument, input)).setUpDesk);
  }

  function signedIn(payload: { token: string; user: ViewerFragment }) {
    token.value = payload.token;
    localStorage.setItem(TOKEN_KEY, payload.token);
    viewer.value = payload.user;
    // The socket was opened without a token: open it again with one.
    client.value?.dispose();
    client.value = null;
    connect();
  }

  /** After the viewer chose a new password: the socket, opened while a change was required, is opened again. */
  function passwordChanged(next: ViewerFragment) {
    viewer.value = next;
    client.value?.dispose();
    client.value = null;
    connect();
  }

  async function restore(): Promise<boolean> {
    if (!token.value) return false;
    try {
      viewer.value = (await connect().query(MeDocument, {})).me;
      return true;
    } catch {
      logout();
      return false;
    }
  }

  /** Forgets the token here; with `endSession`, also ends its session on the server first (best effort: a dead token needs no ending). */
  async function logout(endSession = false) {
    if (endSession && token.value && client.value) await client.value.mutate(SignOutDocument, {}).catch(() => undefined);
    token.value = null;
    viewer.value = null;
    localStorage.removeItem(TOKEN_KEY);
    client.value?.dispose();
    client.value = null;
  }

  const role = computed(() => viewer.value?.role ?? null);
  const isCityRole = computed(() => role.value === "ADMIN_INSTANSI" || role.value === "SUPERUSER");

  return { token, viewer, link, client, role, isCityRole, connect, onReconnected, login, setUp, passwordChanged, restore, logout };
});

import { mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { beforeEach, describe, expect, it } from "vitest";
import type { Card } from "../../board/model";
import type { Move } from "../../board/rules";
import { createDeskI18n } from "../../i18n";
import { useCountdowns } from "../../stores/countdowns";
import CaseCard from "./CaseCard.vue";

const T0 = Date.parse("2026-11-23T07:30:00Z"); // Mon 15:30 WITA

const card: Card = {
  id: "c1",
  trackingNumber: "ADU-2026-000001",
  title: "Bantuan modal UMKM belum cair",
  channel: "WHATSAPP",
  category: "Umum",
  stage: "INITIAL_RESPONSE",
  round: 2,
  version: 4,
  receivedAt: new Date(T0 - 3_600_000).toISOString(),
  stageEnteredAt: new Date(T0 - 600_000).toISOString(),
  stageWarnAt: new Date(T0 + 17 * 3_600_000).toISOString(),
  stageDueAt: new Date(T0 + 17.5 * 3_600_000).toISOString(),
  overdue: false,
  availableActions: ["ACKNOWLEDGE", "RETURN_TO_INSTANSI"],
  opd: { id: "o1", code: "DISKOPUKMP", name: "Dinas Koperasi" },
  assignee: null,
  sla: {
    state: "ON_TRACK",
    remainingSeconds: 5400,
    warnAt: new Date(T0 + 17 * 3_600_000).toISOString(),
    dueAt: new Date(T0 + 17.5 * 3_600_000).toISOString(),
    pausesAt: new Date(T0 + 1_800_000).toISOString(),
    resumesAt: null,
  },
};

const moves: Move[] = [
  { action: "ACKNOWLEDGE", to: "ANALYSIS", required: ["initialResponse", "reportMaterial"], optional: [], templates: [] },
  { action: "RETURN_TO_INSTANSI", to: "DISPOSITION", required: ["reason"], optional: [], templates: [] },
];

function render(props: Partial<{ moves: Move[]; pending: boolean; card: Card }> = {}) {
  return mount(CaseCard, {
    props: { card, moves, readAt: new Date(T0).toISOString(), pending: false, ...props },
    global: { plugins: [createDeskI18n("id")], stubs: { RouterLink: { template: "<a><slot /></a>" } } },
    attachTo: document.body,
  });
}

describe("CaseCard", () => {
  beforeEach(() => setActivePinia(createPinia()));

  it("shows the card's facts and the remaining working time in Bahasa Indonesia", () => {
    useCountdowns().now = T0 + 60_000;
    const w = render();
    expect(w.text()).toContain("ADU-2026-000001");
    expect(w.text()).toContain("WhatsApp");
    expect(w.text()).toContain("DISKOPUKMP");
    expect(w.text()).toContain("Putaran 2");
    expect(w.get("[data-testid=sla-badge]").text()).toContain("sisa 1:29:00");
    w.unmount();
  });

  it("names the person the case is given to, and nobody when it is given to nobody", () => {
    const given = render({ card: { ...card, assignee: { id: "u1", username: "penghubung.diskop", displayName: "Rina Wulandari" } } });
    expect(given.get("[data-testid=card-assignee]").text()).toBe("Ditangani: Rina Wulandari");
    given.unmount();
    const nobody = render();
    expect(nobody.find("[data-testid=card-assignee]").exists()).toBe(false);
    nobody.unmount();
  });

  it("shows a paused clock with the time it resumes, in WITA", () => {
    useCountdowns().now = T0 + 3_600_000;
    const w = render();
    const badge = w.get("[data-testid=sla-badge]");
    expect(badge.attributes("data-state")).toBe("PAUSED");
    w.unmount();
  });

  it("is draggable only with a move, and not while its move is in flight", () => {
    expect(render().attributes("draggable")).toBe("true");
    expect(render({ moves: [] }).attributes("draggable")).toBe("false");
    expect(render({ pending: true }).attributes("draggable")).toBe("false");
  });

  it("offers the same moves from the keyboard: m opens the menu, arrows walk it, a choice is emitted", async () => {
    const w = render();
    await w.trigger("keydown", { key: "m" });
    const items = w.findAll("[role=menuitem]");
    expect(items.map((i) => i.attributes("data-action"))).toEqual(["ACKNOWLEDGE", "RETURN_TO_INSTANSI"]);
    expect(document.activeElement).toBe(items[0].element);
    await w.get("[role=menu]").trigger("keydown", { key: "ArrowDown" });
    expect(document.activeElement).toBe(items[1].element);
    await items[1].trigger("click");
    expect(w.emitted("choose")?.[0]).toEqual(["c1", moves[1]]);
    expect(w.find("[role=menu]").exists()).toBe(false);
    w.unmount();
  });
});

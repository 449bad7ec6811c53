import { mount, type VueWrapper } from "@vue/test-utils";
import { describe, expect, it, vi } from "vitest";
import { nextTick } from "vue";
import type { CreateApiTokenMutationVariables } from "../../graphql/generated/graphql";
import { createDeskI18n } from "../../i18n";
import ApiTokenDialog from "./ApiTokenDialog.vue";

const opds = [
  { id: "o-diskop", code: "DISKOPUKMP", name: "Dinas Koperasi, Usaha Kecil Menengah dan Perindustrian", active: true },
  { id: "o-dinkes", code: "DINKES", name: "Dinas Kesehatan", active: true },
];
const TOKEN = "desk_0123456789abcdef0123456789abcdef_secret";

type Create = (v: CreateApiTokenMutationVariables) => Promise<{ token: string; label: string } | null>;

function render(create: Create = async (v) => ({ token: TOKEN, label: v.label }), locale: "id" | "en" = "id") {
  return mount(ApiTokenDialog, {
    props: { open: true, opds, create },
    global: { plugins: [createDeskI18n(locale)] },
    attachTo: document.body,
  });
}

const problems = (w: VueWrapper) => w.findAll("[data-problem]").map((p) => p.attributes("data-problem"));
const settle = async () => {
  for (let i = 0; i < 4; i++) await nextTick();
};

describe("the API token dialog", () => {
  it("opens as a modal on the label, with a liaison role, CASES_READ and 90 days; each scope explained", async () => {
    const w = render();
    await settle();
    expect((w.find("dialog").element as HTMLDialogElement).open).toBe(true);
    expect(document.activeElement).toBe(w.find("input[name=label]").element);
    expect((w.find("select[name=role]").element as HTMLSelectElement).value).toBe("LIAISON");
    expect(w.findAll("select[name=role] option").map((o) => o.text())).toEqual([
      "Admin Instansi — seluruh kota, tanpa OPD",
      "Admin OPD — satu OPD",
      "Pejabat Penghubung — satu OPD",
    ]);
    expect(w.findAll("input[name=scopes]:checked").map((c) => (c.element as HTMLInputElement).value)).toEqual(["CASES_READ"]);
    expect((w.find("input[name=days]").element as HTMLInputElement).value).toBe("90");
    const scopes = w.findAll("label.scope");
    expect(scopes).toHaveLength(5);
    expect(scopes[0].text()).toContain("Baca kasus");
    expect(scopes[0].text()).toContain("Membaca kasus, papan");
    expect(scopes[4].text()).toContain("Open311");
    w.unmount();
  });

  it("asks for the OPD only for the OPD roles", async () => {
    const w = render();
    await settle();
    expect(w.find("select[name=opdId]").exists()).toBe(true);
    await w.find("select[name=role]").setValue("ADMIN_INSTANSI");
    expect(w.find("select[name=opdId]").exists()).toBe(false);
    expect(w.find(".city").text()).toBe("OPD: Seluruh kota");
    await w.find("select[name=role]").setValue("ADMIN_OPD");
    expect(w.findAll("select[name=opdId] option").map((o) => o.text())).toEqual([
      "Pilih OPD…",
      "DISKOPUKMP — Dinas Koperasi, Usaha Kecil Menengah dan Perindustrian",
      "DINKES — Dinas Kesehatan",
    ]);
    w.unmount();
  });

  it("sends nothing while a rule is broken: names each problem under its field and focuses the first", async () => {
    const create = vi.fn<Create>();
    const w = render(create);
    await settle();
    await w.find("input[name=scopes][value=CASES_READ]").setValue(false);
    await w.find("input[name=days]").setValue("400");
    await w.find("form").trigger("submit");
    await settle();
    expect(create).not.toHaveBeenCalled();
    expect(problems(w)).toEqual(["label", "opdRequired", "scopes", "days"]);
    expect(w.find("[data-problem=opdRequired]").text()).toBe("Peran ini bertindak untuk satu OPD: pilih OPD-nya.");
    expect(w.find("input[name=label]").attributes("aria-invalid")).toBe("true");
    expect(w.find("input[name=label]").attributes("aria-describedby")).toContain(w.find("[data-problem=label]").attributes("id"));
    expect(document.activeElement).toBe(w.find("input[name=label]").element);

    await w.find("input[name=label]").setValue("Dasbor Diskominfo");
    await w.find("select[name=opdId]").setValue("o-dinkes");
    await w.find("input[name=scopes][value=SLA_READ]").setValue(true);
    expect(problems(w)).toEqual(["days"]);
    await w.find("form").trigger("submit");
    await settle();
    expect(document.activeElement).toBe(w.find("input[name=days]").element);
    expect(create).not.toHaveBeenCalled();
    w.unmount();
  });

  it("drops an OPD chosen before switching to the city-wide role, and sends the variables", async () => {
    const create = vi.fn<Create>(async (v) => ({ token: TOKEN, label: v.label }));
    const w = render(create);
    await settle();
    await w.find("input[name=label]").setValue(" Integrasi LAPOR! Kaltim ");
    await w.find("select[name=opdId]").setValue("o-diskop");
    await w.find("select[name=role]").setValue("ADMIN_INSTANSI");
    await w.find("input[name=scopes][value=ACT]").setValue(true);
    await w.find("input[name=days]").setValue("30");
    await w.find("form").trigger("submit");
    await settle();
    expect(create).toHaveBeenCalledWith({
      label: "Integrasi LAPOR! Kaltim",
      role: "ADMIN_INSTANSI",
      opdId: null,
      scopes: ["CASES_READ", "ACT"],
      days: 30,
    });
    w.unmount();
  });

  it("shows the token once, read-only, with a copy button and the warning; Esc does not lose it, Done closes", async () => {
    const w = render();
    await settle();
    await w.find("input[name=label]").setValue("Dasbor Diskominfo");
    await w.find("select[name=opdId]").setValue("o-diskop");
    await w.find("form").trigger("submit");
    await settle();
    const secret = w.find("[data-testid=api-token-secret]");
    expect((secret.element as HTMLInputElement).value).toBe(TOKEN);
    expect(secret.attributes()).toHaveProperty("readonly");
    expect(document.activeElement).toBe(secret.element);
    expect(w.find("[role=alert]").text()).toContain("hanya ditampilkan sekali");
    expect(w.find("h2").text()).toBe("Token «Dasbor Diskominfo» dibuat");

    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await w.find("[data-testid=api-token-copy]").trigger("click");
    await settle();
    expect(writeText).toHaveBeenCalledWith(TOKEN);
    expect(w.find(".copy-state").text()).toBe("Tersalin ke papan klip.");

    await w.find("dialog").trigger("cancel");
    expect(w.emitted("close")).toBeUndefined();
    await w.find("[data-testid=api-token-done]").trigger("click");
    expect(w.emitted("close")).toHaveLength(1);
    await w.setProps({ open: false });
    await w.setProps({ open: true });
    await settle();
    expect(w.find("[data-testid=api-token-secret]").exists()).toBe(false);
    expect((w.find("input[name=label]").element as HTMLInputElement).value).toBe("");
    w.unmount();
  });

  it("stays on the form when the server refuses, and Esc then cancels", async () => {
    const w = render(async () => null);
    await settle();
    await w.find("input[name=label]").setValue("Dasbor");
    await w.find("select[name=opdId]").setValue("o-diskop");
    await w.find("form").trigger("submit");
    await settle();
    expect(w.find("[data-testid=api-token-secret]").exists()).toBe(false);
    expect((w.find("input[name=label]").element as HTMLInputElement).value).toBe("Dasbor");
    await w.find("dialog").trigger("cancel");
    expect(w.emitted("close")).toHaveLength(1);
    w.unmount();
  });

  it("speaks English when asked", async () => {
    const w = render(undefined, "en");
    await settle();
    expect(w.find("h2").text()).toBe("Create API token");
    expect(w.find("label.scope").text()).toContain("Read cases");
    w.unmount();
  });
});

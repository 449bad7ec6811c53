import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { useSession } from "./stores/session";

const routes: RouteRecordRaw[] = [
  { path: "/login", name: "login", component: () => import("./pages/LoginPage.vue"), meta: { public: true } },
  { path: "/", name: "board", component: () => import("./pages/BoardPage.vue") },
  { path: "/kasus/:id", name: "case", component: () => import("./pages/CaseDetailPage.vue"), props: true },
  { path: "/kasus/:id/berkas", name: "case-file", component: () => import("./pages/CaseFilePage.vue"), props: true },
  { path: "/laporan", name: "reports", component: () => import("./pages/ReportsPage.vue") },
  { path: "/laporan/rekap", name: "recap", component: () => import("./pages/RecapPage.vue") },
  { path: "/catat", name: "intake", component: () => import("./pages/IntakePage.vue") },
  { path: "/layar", name: "displays", component: () => import("./pages/DisplayTokensPage.vue") },
  { path: "/token-api", name: "api-tokens", component: () => import("./pages/ApiTokensPage.vue") },
  { path: "/kalender", name: "calendar", component: () => import("./pages/CalendarPage.vue") },
  { path: "/opd", name: "opds", component: () => import("./pages/OpdsPage.vue") },
  { path: "/templat", name: "templates", component: () => import("./pages/TemplatesPage.vue") },
  { path: "/jejak-admin", name: "admin-trail", component: () => import("./pages/AdminTrailPage.vue") },
  { path: "/pengguna", name: "users", component: () => import("./pages/UsersPage.vue") },
  { path: "/akun", name: "account", component: () => import("./pages/AccountPage.vue") },
  { path: "/sop", name: "sop", component: () => import("./pages/SopPage.vue"), meta: { public: true } },
  { path: "/sop/monitoring", name: "sop-monitoring", component: () => import("./pages/SopMonitoringPage.vue") },
  { path: "/lapor", name: "portal", component: () => import("./pages/PortalSubmitPage.vue"), meta: { public: true, portal: true } },
  {
    path: "/lapor/status",
    name: "portal-status",
    component: () => import("./pages/PortalStatusPage.vue"),
    meta: { public: true, portal: true },
  },
  { path: "/monitor", name: "monitor", component: () => import("./pages/WallMonitorPage.vue"), meta: { public: true, bare: true } },
  { path: "/:rest(.*)*", redirect: "/" },
];

export function createDeskRouter() {
  const router = createRouter({ history: createWebHistory(), routes });
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSession();
    if (session.viewer || (await session.restore())) {
      // Until it chooses its own password, the account may only be on its own page (the server refuses the rest).
      return session.viewer?.mustChangePassword && to.name !== "account" ? { name: "account" } : true;
    }
    return { name: "login", query: to.fullPath === "/" ? {} : { next: to.fullPath } };
  });
  return router;
}

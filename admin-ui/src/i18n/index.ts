import { createI18n } from "vue-i18n";
import en from "./en";
import id from "./id";

export type Locale = "id" | "en";
const STORAGE_KEY = "desk.locale";

function initialLocale(): Locale {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  return saved === "en" ? "en" : "id";
}

export function createDeskI18n(locale: Locale = initialLocale()) {
  return createI18n({ legacy: false, locale, fallbackLocale: "id", messages: { id, en } });
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

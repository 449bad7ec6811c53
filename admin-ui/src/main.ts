import { createPinia } from "pinia";
import { createApp } from "vue";
import App from "./App.vue";
import { createDeskI18n } from "./i18n";
import { createDeskRouter } from "./router";
import "./styles.css";

const app = createApp(App);
app.use(createPinia());
app.use(createDeskI18n());
app.use(createDeskRouter());
app.mount("#app");

import { useI18n } from "vue-i18n";
import { GraphQLFailure } from "../graphql/client";
import { refusals } from "../i18n/id";

/** The server's refusal codes (one message each, see i18n), and the console's own failures. */
const KNOWN = new Set<string>([...Object.keys(refusals), "NETWORK", "INTEGRITY"]);

/** The one place an error code becomes words for the user. */
export function useFailureText() {
  const { t, te } = useI18n();
  return (error: unknown): string => {
    if (error instanceof GraphQLFailure) {
      // A refusal that names its reason has words of its own (e.g. forwarding to an inactive OPD).
      const reason = error.details.reason;
      if (typeof reason === "string" && te(`reason.${reason}`)) return t(`reason.${reason}`);
      const code = KNOWN.has(error.code) ? error.code : "INTERNAL_SERVER_ERROR";
      return t(`error.${code}`, { message: error.message });
    }
    return t("error.INTERNAL_SERVER_ERROR");
  };
}

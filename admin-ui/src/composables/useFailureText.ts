import { useI18n } from "vue-i18n";
import { GraphQLFailure } from "../graphql/client";

const KNOWN = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "VALIDATION",
  "INVALID_TRANSITION",
  "VERSION_CONFLICT",
  "TOO_EARLY",
  "CONFLICT",
  "NETWORK",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "INTEGRITY",
]);

/** The one place an error code becomes words for the user. */
export function useFailureText() {
  const { t } = useI18n();
  return (error: unknown): string => {
    if (error instanceof GraphQLFailure) {
      const code = KNOWN.has(error.code) ? error.code : "INTERNAL_SERVER_ERROR";
      return t(`error.${code}`, { message: error.message });
    }
    return t("error.INTERNAL_SERVER_ERROR");
  };
}

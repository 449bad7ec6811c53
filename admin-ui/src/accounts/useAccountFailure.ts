import { useI18n } from "vue-i18n";
import { useFailureText } from "../composables/useFailureText";
import { GraphQLFailure } from "../graphql/client";
import id from "../i18n/id";

const REASONS = new Set(Object.keys(id.accounts.reason));
const FIELDS = new Set(Object.keys(id.accounts.field));

/** An account refusal in words: by its reason (a weak password, the last superuser...), else by its field, else as any refusal. */
export function useAccountFailure() {
  const { t } = useI18n();
  const failureText = useFailureText();
  return (error: unknown): string => {
    if (error instanceof GraphQLFailure) {
      const { reason, field } = error.details;
      if (typeof reason === "string" && REASONS.has(reason)) return t(`accounts.reason.${reason}`);
      if (error.code === "VALIDATION" && typeof field === "string" && FIELDS.has(field)) return t(`accounts.field.${field}`);
    }
    return failureText(error);
  };
}

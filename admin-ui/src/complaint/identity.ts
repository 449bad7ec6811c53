/** The complainant's choice on the SOP's identity question. */
export type IdentityChoice = "normal" | "confidential" | "anonymous";

export interface ComplaintForm {
  title: string;
  description: string;
  category: string;
  location: string;
  identity: IdentityChoice;
  name: string;
  contact: string;
}

/** The fields a portal submission and an intake share; an anonymous complaint carries no identity at all. */
export function complaintInput(form: ComplaintForm) {
  const anonymous = form.identity === "anonymous";
  return {
    title: form.title,
    description: form.description,
    category: form.category,
    location: form.location.trim() || null,
    anonymous,
    confidential: form.identity === "confidential",
    complainantName: anonymous ? null : form.name,
    complainantContact: anonymous || !form.contact.trim() ? null : form.contact,
  };
}

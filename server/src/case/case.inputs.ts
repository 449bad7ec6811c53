import { Field, GraphQLISODateTime, ID, InputType } from "type-graphql";
import { Stage } from "../sop/sop.definition.js";
import { Channel } from "./case.entity.js";

@InputType({ description: "A complaint as the complainant writes it on the portal." })
export class SubmitComplaintInput {
  @Field(() => String, { description: "Short summary, up to 200 characters." })
  title: string;

  @Field(() => String, { description: "The complaint itself, up to 10,000 characters." })
  description: string;

  @Field(() => String, { nullable: true, description: 'Defaults to "Umum".' })
  category?: string | null;

  @Field(() => String, { nullable: true, description: "Where it happened (street, village, landmark); up to 300 characters." })
  location?: string | null;

  @Field(() => Boolean, { description: "Anonim: no identity is recorded at all." })
  anonymous: boolean;

  @Field(() => Boolean, { defaultValue: false, description: "Rahasia: identity visible only to the Admin Instansi." })
  confidential: boolean;

  @Field(() => String, { nullable: true, description: "Required unless anonymous." })
  complainantName?: string | null;

  @Field(() => String, { nullable: true, description: "Phone or e-mail; never with an anonymous complaint." })
  complainantContact?: string | null;
}

@InputType({ description: "A complaint the Admin Instansi records from another channel." })
export class RecordComplaintInput extends SubmitComplaintInput {
  @Field(() => Channel, { description: "Where the complaint came in." })
  channel: Channel;

  @Field(() => String, { nullable: true, description: "The SP4N-LAPOR! tracking id." })
  laporTrackingId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: "When it was received; defaults to now. Step 1's clock starts here." })
  receivedAt?: Date | null;
}

/** Which case to act on, and the version the caller last saw. */
export interface CaseRef {
  caseId: string;
  expectedVersion: number;
}

/** The complainant's credentials for their own case. */
export interface ComplainantRef {
  trackingNumber: string;
  accessCode: string;
  expectedVersion: number;
}

@InputType({ description: "Filters for lists and the board." })
export class CaseFilter {
  @Field(() => [Stage], { nullable: true, description: "Only cases at one of these stages." })
  stages?: Stage[] | null;

  @Field(() => ID, { nullable: true, description: "Only cases of this OPD. OPD staff see only their own OPD's cases anyway." })
  opdId?: string | null;

  @Field(() => Channel, { nullable: true, description: "Only cases that came in through this channel." })
  channel?: Channel | null;

  @Field(() => String, { nullable: true, description: "Matches tracking number, title or description." })
  text?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only cases past their stage's deadline." })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Kasus saya: only the cases given to the caller (assignCase)." })
  assignedToMe?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "Belum ditugaskan: only the cases given to nobody. Not together with assignedToMe.",
  })
  unassigned?: boolean | null;
}

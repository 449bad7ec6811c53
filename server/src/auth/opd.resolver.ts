import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "./auth.context.js";
import { Opd } from "./opd.entity.js";
import type { OpdInput } from "./opd.service.js";
import { requireStaffOrDisplay } from "./viewer.js";

/** The fields the superuser sets on an OPD, as arguments of createOpd and updateOpd. */
@ArgsType()
export class OpdArgs implements OpdInput {
  @Field(() => String, {
    description:
      "Short unique code, up to 32 characters: letters, digits, dot, dash and underscore, starting with a letter or digit; stored in upper case.",
  })
  code: string;

  @Field(() => String, { description: "Full name of the department, up to 200 characters." })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: "The name used day to day, up to 60 characters, e.g. Diskop UKM; blank or absent for none.",
  })
  shortName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Contact e-mail address for complaints, up to 254 characters; blank or absent for none.",
  })
  contactEmail?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Contact phone number, 6 to 15 digits with spaces, dashes, dots, brackets or a leading +, e.g. (0541) 741234; blank or absent for none.",
  })
  contactPhone?: string | null;
}

/** The OPD list: read by staff and displays, written by the superuser. */
@Resolver()
export class OpdResolver {
  @Query(() => [Opd], { description: "The city's OPDs, active and inactive, by name. For every staff member and display token." })
  opds(@Ctx() context: AuthContext): Promise<Opd[]> {
    requireStaffOrDisplay(context);
    return context.services.opds.list();
  }

  @Mutation(() => Opd, { description: "Superuser: add an OPD, active. Recorded in the administration trail (OPD_CREATED)." })
  createOpd(@Args(() => OpdArgs) fields: OpdArgs, @Ctx() { viewer, services }: AuthContext): Promise<Opd> {
    return services.opds.create(viewer, fields);
  }

  @Mutation(() => Opd, {
    description:
      "Superuser: edit an OPD. Every field is set as given: a short name or contact left out is cleared. A code another OPD holds is refused (CONFLICT, field `code`). Recorded in the administration trail (OPD_UPDATED) when something changed.",
  })
  updateOpd(
    @Args(() => OpdArgs) fields: OpdArgs,
    @Arg("opdId", () => ID, { description: "The OPD to edit." }) opdId: string,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<Opd> {
    return services.opds.update(viewer, opdId, fields);
  }

  @Mutation(() => Opd, {
    description:
      "Superuser: activate or deactivate an OPD; an inactive OPD keeps its cases and cannot receive forwarded complaints. Recorded in the administration trail (OPD_ACTIVATED, OPD_DEACTIVATED) when it changed.",
  })
  setOpdActive(
    @Arg("opdId", () => ID, { description: "The OPD to change." }) opdId: string,
    @Arg("active", () => Boolean, { description: "False takes it off the forwarding list; its running cases stay." }) active: boolean,
    @Ctx() { viewer, services }: AuthContext,
  ): Promise<Opd> {
    return services.opds.setActive(viewer, opdId, active);
  }
}

import { Resolver, Root, Subscription } from "type-graphql";
import { requireStaff, viewerScope } from "../auth/viewer.js";
import type { CaseContext } from "./case.context.js";
import { Topic } from "../realtime/pubsub.js";
import { CaseChange } from "./case-change.js";

@Resolver()
export class CaseSubscriptionResolver {
  @Subscription(() => CaseChange, {
    description: "Every change to a case the subscriber may see: city-wide for the Admin Instansi, one OPD for OPD staff.",
    subscribe: ({ context }: { context: CaseContext }) => {
      const viewer = requireStaff(context.viewer);
      return context.services.bus.subscribe<CaseChange>(Topic.CASE_CHANGED, viewerScope(viewer), context.fallBehind);
    },
  })
  caseChanged(@Root() change: CaseChange): CaseChange {
    return change;
  }
}

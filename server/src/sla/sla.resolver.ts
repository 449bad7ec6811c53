import { Arg, Ctx, FieldResolver, Int, Resolver, Root, Subscription } from "type-graphql";
import { subscriberScope } from "../auth/viewer.js";
import { Case } from "../case/case.entity.js";
import { StageVisit } from "../case/stage-visit.entity.js";
import type { SlaContext } from "./sla.context.js";
import { Topic } from "../realtime/pubsub.js";
import type { WorkingCalendar } from "../sop/calendar.js";
import { Stage, stepOf, type SopDefinition } from "../sop/sop.definition.js";
import { intInRange } from "../validate.js";
import type { CountdownMessage } from "./countdown.hub.js";
import { SlaAlert } from "./sla-alert.entity.js";
import { SlaAlertEvent } from "./sla-alert.types.js";
import { slaStatus, SlaState } from "./sla.state.js";
import { SlaCountdownMessage, SlaStatusType } from "./sla.types.js";

/** A running case's SLA status at `now`. */
function caseSla(c: Case, sop: SopDefinition, calendar: WorkingCalendar, now: Date): SlaStatusType {
  const timing = {
    warnAt: new Date(c.stageWarnAt ?? c.stageDueAt!),
    dueAt: new Date(c.stageDueAt!),
    working: stepOf(sop, c.stage).time.basis === "WORKING",
  };
  const status = slaStatus(timing, now, calendar);
  // Named fields, not a spread: spreading the status was most of the board's SLA cost.
  return {
    state: status.state,
    remainingSeconds: status.remainingMs / 1000,
    warnAt: timing.warnAt,
    dueAt: timing.dueAt,
    pausesAt: status.pausesAt,
    resumesAt: status.resumesAt,
  };
}

@Resolver(() => Case)
export class CaseSlaResolver {
  @FieldResolver(() => SlaStatusType, { nullable: true, description: "The current stage against its time standard; null once closed." })
  sla(@Root() c: Case, @Ctx() { services }: SlaContext): SlaStatusType | null | Promise<SlaStatusType | null> {
    if (c.stage === Stage.CLOSED || !c.stageDueAt) return null;
    const sop = services.sops.cached(c.sopVersion);
    const calendar = services.calendars.cached(c.sopVersion);
    if (sop && calendar) return caseSla(c, sop, calendar, services.clock.now());
    return Promise.all([services.sops.get(c.sopVersion), services.calendars.forVersion(c.sopVersion)]).then(([s, cal]) =>
      caseSla(c, s, cal, services.clock.now()),
    );
  }

  @FieldResolver(() => [SlaAlert], { description: "Warnings and breaches recorded for the case, oldest first." })
  slaAlerts(@Root() c: Case, @Ctx() { loaders }: SlaContext): Promise<SlaAlert[]> {
    return loaders.slaAlerts.load(c.id);
  }
}

@Resolver(() => StageVisit)
export class VisitSlaResolver {
  @FieldResolver(() => SlaState, { description: "MET or MISSED once done; the running state otherwise." })
  async slaState(@Root() v: StageVisit, @Ctx() { services, loaders }: SlaContext): Promise<SlaState> {
    const c = await loaders.caseVersion.load(v.caseId);
    const sop = await services.sops.get(c);
    const timing = {
      warnAt: new Date(v.warnAt),
      dueAt: new Date(v.dueAt),
      doneAt: v.doneAt,
      working: stepOf(sop, v.stage).time.basis === "WORKING",
    };
    return slaStatus(timing, services.clock.now(), await services.calendars.forVersion(c)).state;
  }
}

@Resolver()
export class SlaResolver {
  @Subscription(() => SlaCountdownMessage, {
    description:
      "Live countdowns of the running cases in the subscriber's scope: a SNAPSHOT, then deltas and a clock-sync HEARTBEAT. " +
      "tickSeconds (optional, 1 to 3600) also sends every item every N seconds, for clients that cannot compute; it costs a full batch per subscriber per tick. " +
      "Also for display tokens, in their OPD or city-wide.",
    subscribe: ({ args, context }: { args: { tickSeconds?: number | null }; context: SlaContext }) => {
      const scope = subscriberScope(context);
      const tick = args.tickSeconds == null ? null : intInRange("tickSeconds", args.tickSeconds, 1, 3600);
      return context.services.countdowns.subscribe(scope, tick, context.fallBehind);
    },
  })
  slaCountdown(
    @Root() message: CountdownMessage,
    @Arg("tickSeconds", () => Int, {
      nullable: true,
      description: "Optional, 1 to 3600: also send every item every this many seconds (TICK).",
    })
    _tickSeconds?: number,
  ): CountdownMessage {
    return message;
  }

  @Subscription(() => SlaAlertEvent, {
    description: "WARNING, BREACHED and AUTO_CLOSED as they happen, in the subscriber's scope. Also for display tokens.",
    subscribe: ({ context }: { context: SlaContext }) => {
      return context.services.bus.subscribe<SlaAlertEvent>(Topic.SLA_ALERT, subscriberScope(context), context.fallBehind);
    },
  })
  slaAlerts(@Root() alert: SlaAlertEvent): SlaAlertEvent {
    return alert;
  }
}

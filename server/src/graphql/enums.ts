import { registerEnumType } from "type-graphql";
import { DuplicateReason } from "../case/case-duplicates.js";
import { Channel } from "../case/case.entity.js";
import { CaseAction } from "../case/case.workflow.js";
import { CountdownKind } from "../sla/countdown.hub.js";
import { SlaAlertKind } from "../sla/sla-alert.entity.js";
import { SlaAlertEventKind } from "../sla/sla-alert.types.js";
import { SlaState } from "../sla/sla.state.js";
import { Role, Stage } from "../sop/sop.definition.js";

registerEnumType(Role, { name: "Role", description: "The SOP's actors, plus SYSTEM (timers) and SUPERUSER (setup)." });
registerEnumType(Stage, { name: "Stage", description: "Steps 1 to 5 of the SOP, then CLOSED." });
registerEnumType(Channel, { name: "Channel", description: "Where a complaint came in." });
registerEnumType(CaseAction, { name: "CaseAction", description: "An SOP action on a case." });
registerEnumType(SlaState, { name: "SlaState", description: "A stage visit against its time standard." });
registerEnumType(SlaAlertKind, { name: "SlaAlertKind" });
registerEnumType(SlaAlertEventKind, { name: "SlaAlertEventKind" });
registerEnumType(CountdownKind, { name: "CountdownKind", description: "What a countdown message carries." });
registerEnumType(DuplicateReason, { name: "DuplicateReason", description: "Why an earlier case looks like the same complaint." });

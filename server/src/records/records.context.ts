import type { CaseContext, CaseServices } from "../case/case.context.js";
import type { AdminTrailService } from "./admin-trail.service.js";
import type { AnswerTemplateService } from "./answer-template.service.js";
import type { AttachmentLoaders } from "./attachment.loaders.js";
import type { AttachmentService } from "./attachment.service.js";
import type { ReportService } from "./report.service.js";
import type { SopRevisionService } from "./sop-revision.service.js";

export interface RecordsServices extends CaseServices {
  reports: ReportService;
  attachments: AttachmentService;
  adminTrail: AdminTrailService;
  sopRevisions: SopRevisionService;
  answerTemplates: AnswerTemplateService;
}

export interface RecordsContext extends CaseContext {
  services: RecordsServices;
  loaders: CaseContext["loaders"] & AttachmentLoaders;
}

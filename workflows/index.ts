export { caseWorkflow } from './case-workflow';
export { oywWorkflow } from './oyw-workflow';
export { attentionReportWorkflow } from './attention-report-workflow';

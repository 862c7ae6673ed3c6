export { caseWorkflow, oywWorkflow, attentionReportWorkflow } from '../workflows';
export { baselineWorkflow } from './baseline-workflow';

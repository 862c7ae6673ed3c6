/** The case routes of spec §4 under /applications: see ./cases, one file per concern. */
export { caseRoutes as applicationsRoutes, type CaseRoutesDeps as ApplicationsDeps } from './cases';

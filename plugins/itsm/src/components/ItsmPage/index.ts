export { ItsmPage } from './ItsmPage';
export { ServicesView } from './ServicesView';
export { IncidentsView } from './IncidentsView';
export { ChangeCalendarView } from './ChangeCalendarView';
export { CabQueueView } from './CabQueueView';
export { ReportsView } from './ReportsView';

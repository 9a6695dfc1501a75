export { ItsmPage } from './ItsmPage';
export { ServicesView } from './services/ServicesView';
export { IncidentsView } from './incidents/IncidentsView';
export { ChangeCalendarView } from './calendar/ChangeCalendarView';
export { CabQueueView } from './cab/CabQueueView';
export { ReportsView } from './reports/ReportsView';

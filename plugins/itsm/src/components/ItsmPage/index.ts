export { ItsmPage } from './ItsmPage';
export { ServicesView } from './ServicesView';

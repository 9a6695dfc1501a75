export { EntityItsmContent } from './EntityItsmContent';

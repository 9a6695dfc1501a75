export { EntityItsmCard } from './EntityItsmCard';

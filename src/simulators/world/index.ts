export * from './world.js';
export * from './spelling.js';
export * from './random.js';
export { COUNTRY_NAMES, type Country } from './places.js';

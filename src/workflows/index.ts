/** Every workflow type the `cars-bot` task queue runs. */
export { healthCheck } from './health-check';
export { processPost } from './process-post';

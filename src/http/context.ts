import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Services } from '../services/index.js';

/** What route plugins are given: configuration, the services, and the clock. */
export interface HttpContext {
  config: Config;
  services: Services;
  clock: Clock;
}

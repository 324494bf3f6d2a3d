import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { RouteServices } from '../services/index.js';

/** What route plugins are given: configuration, the services (not the relying party's registry), and the clock. */
export interface HttpContext {
  config: Config;
  services: RouteServices;
  clock: Clock;
}

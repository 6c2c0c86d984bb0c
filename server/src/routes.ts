// Every feature's routes, in one list. A new feature adds its plugin here.
import type { App } from './app.ts';
import { healthRoutes } from './health/routes.ts';

export async function registerFeatures(app: App) {
  await app.register(healthRoutes);
}

// Every feature's routes, in one list. A new feature adds its plugin here.
import type { App } from './app.ts';
import { healthRoutes } from './health/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { adminRoutes } from './admin/routes.ts';
import { photoRoutes } from './photos/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { patientRoutes } from './patients/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { deadlineRoutes } from './deadlines/routes.ts';
import { patientCareRoutes } from './patient/routes.ts';
import { figuresRoutes } from './figures/routes.ts';
import { videoRoutes } from './video/routes.ts';
import { appointmentRoutes } from './appointments/routes.ts';
import { previsitRoutes } from './previsit/routes.ts';
import { visitRoutes } from './visits/routes.ts';
import { prescriptionRoutes } from './prescriptions/routes.ts';
import { billingRoutes } from './billing/routes.ts';

export async function registerFeatures(app: App) {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(auditRoutes);
  await app.register(adminRoutes);
  await app.register(photoRoutes);
  await app.register(patientRoutes);
  await app.register(caseRoutes);
  await app.register(notificationRoutes);
  await app.register(deadlineRoutes);
  await app.register(patientCareRoutes);
  await app.register(figuresRoutes);
  await app.register(videoRoutes);
  await app.register(appointmentRoutes);
  await app.register(previsitRoutes);
  await app.register(visitRoutes);
  await app.register(prescriptionRoutes);
  await app.register(billingRoutes);
}

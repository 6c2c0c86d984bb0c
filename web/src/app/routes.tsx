// Every page of the web app. Pages are lazy so that each role downloads only
// its own screens; a feature adds its routes to this list.
import type { RouteObject } from 'react-router';
import { HomePage } from '../home/HomePage.tsx';
import { NotFoundPage } from '../home/NotFoundPage.tsx';
import { authRoutes } from '../auth/routes.ts';
import { casesRoutes } from '../cases/routes.ts';
import { adminRoutes } from '../admin/routes.ts';
import { patientAccessRoutes } from '../patient/access-routes.ts';
import { photosRoutes } from '../photos/routes.ts';
import { notificationsRoutes } from '../notifications/routes.ts';
import { figuresRoutes } from '../figures/routes.ts';
import { appointmentsRoutes } from '../appointments/routes.ts';
import { previsitRoutes } from '../previsit/routes.ts';
import { visitsRoutes } from '../visits/routes.ts';
import { videoRoutes } from '../video/routes.ts';
import { billingRoutes } from '../billing/routes.ts';
import { prescriptionsRoutes } from '../prescriptions/routes.ts';
import { NOT_FOUND_ROUTE_ID } from '../auth/return-to.ts';

export const featureRoutes: RouteObject[] = [...authRoutes, ...casesRoutes, ...adminRoutes, ...patientAccessRoutes, ...photosRoutes, ...notificationsRoutes, ...figuresRoutes, ...appointmentsRoutes, ...previsitRoutes, ...visitsRoutes, ...videoRoutes, ...billingRoutes, ...prescriptionsRoutes];

export const appRoutes: RouteObject[] = [{ index: true, element: <HomePage /> }, ...featureRoutes, { path: '*', id: NOT_FOUND_ROUTE_ID, element: <NotFoundPage /> }];

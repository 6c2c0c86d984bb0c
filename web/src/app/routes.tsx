// Every page of the web app. Pages are lazy so that each role downloads only
// its own screens; a feature adds its routes to this list.
import type { RouteObject } from 'react-router';
import { HomePage } from '../home/HomePage.tsx';
import { NotFoundPage } from '../home/NotFoundPage.tsx';


export const featureRoutes: RouteObject[] = [];

export const appRoutes: RouteObject[] = [{ index: true, element: <HomePage /> }, ...featureRoutes, { path: '*', element: <NotFoundPage /> }];

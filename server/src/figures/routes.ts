// The network's figures (coordinator): JSON and a CSV export.
import { z } from 'zod';
import { FiguresQuerySchema, FiguresSchema } from '../../../contracts/figures/index.ts';
import type { App } from '../app.ts';
import { figuresCsv, getFigures } from './get-figures.ts';

const tags = ['figures'];

export async function figuresRoutes(app: App) {
  app.get('/api/figures', { schema: { tags, querystring: FiguresQuerySchema, response: { 200: FiguresSchema } } }, (request) =>
    getFigures(request.ctx, request.query),
  );
  app.get(
    '/api/figures.csv',
    {
      schema: {
        tags,
        querystring: FiguresQuerySchema,
        produces: ['text/csv'],
        response: { 200: z.any().meta({ description: 'The figures as CSV (metric,value), no patient data.' }) },
      },
    },
    async (request, reply) => {
      const figures = await getFigures(request.ctx, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dermlink-figures-${figures.from}-${figures.to}.csv"`)
        .header('cache-control', 'no-store')
        .send(figuresCsv(figures));
    },
  );
}

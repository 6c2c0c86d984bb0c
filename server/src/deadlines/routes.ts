// Deadline clocks: the coordinator's view of overdue cases and reassignment.
import {
  CoordinatorReassignBodySchema,
  CoordinatorReassignParamsSchema,
  CoordinatorReassignResultSchema,
  OverdueCaseListSchema,
} from '../../../contracts/notifications/index.ts';
import type { App } from '../app.ts';
import { coordinatorReassign, listOverdueCases } from './coordinator-reassign.ts';

const tags = ['deadlines'];

export async function deadlineRoutes(app: App) {
  app.get('/api/deadlines/overdue', { schema: { tags, summary: "Open cases of my network past their deadline", response: { 200: OverdueCaseListSchema } } }, async (request) =>
    listOverdueCases(request.ctx),
  );
  app.post(
    '/api/cases/:caseId/coordinator-reassign',
    {
      schema: {
        tags,
        summary: 'Coordinator: give an open case to another dermatologist of its service',
        params: CoordinatorReassignParamsSchema,
        body: CoordinatorReassignBodySchema,
        response: { 200: CoordinatorReassignResultSchema },
      },
    },
    async (request) => coordinatorReassign(request.ctx, request.params.caseId, request.body.dermatologistId),
  );
}

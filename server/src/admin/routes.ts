// Network administration for coordinators: organisations (with service
// deadline settings), people, their roles and account status.
import {
  AddMembershipBodySchema,
  AdminOrganisationListSchema,
  AdminOrganisationSchema,
  AdminUserListSchema,
  AdminUserQuerySchema,
  AdminUserSchema,
  CreateOrganisationBodySchema,
  IdParamsSchema,
  UpdateOrganisationBodySchema,
  UserStatusBodySchema,
} from '../../../contracts/admin/index.ts';
import type { App } from '../app.ts';
import { createOrganisation } from './create-organisation.ts';
import { listOrganisations } from './list-organisations.ts';
import { listUsers } from './list-users.ts';
import { addMembership, removeMembership } from './memberships.ts';
import { setUserStatus } from './set-user-status.ts';
import { updateOrganisation } from './update-organisation.ts';

const tags = ['admin'];

export async function adminRoutes(app: App) {
  app.get('/api/admin/organisations', { schema: { tags, summary: 'Organisations of my network', response: { 200: AdminOrganisationListSchema } } }, async (request) =>
    listOrganisations(request.ctx),
  );

  app.post(
    '/api/admin/organisations',
    { schema: { tags, summary: 'Create a practice or a dermatology service', body: CreateOrganisationBodySchema, response: { 201: AdminOrganisationSchema } } },
    async (request, reply) => reply.status(201).send(await createOrganisation(request.ctx, request.body)),
  );

  app.patch(
    '/api/admin/organisations/:id',
    { schema: { tags, summary: 'Rename an organisation or change its deadline settings', params: IdParamsSchema, body: UpdateOrganisationBodySchema, response: { 200: AdminOrganisationSchema } } },
    async (request) => updateOrganisation(request.ctx, request.params.id, request.body),
  );

  app.get('/api/admin/users', { schema: { tags, summary: 'Clinicians of my network', querystring: AdminUserQuerySchema, response: { 200: AdminUserListSchema } } }, async (request) =>
    listUsers(request.ctx, request.query),
  );

  app.post(
    '/api/admin/users/:id/memberships',
    { schema: { tags, summary: 'Give a role in an organisation', params: IdParamsSchema, body: AddMembershipBodySchema, response: { 201: AdminUserSchema } } },
    async (request, reply) => reply.status(201).send(await addMembership(request.ctx, request.params.id, request.body)),
  );

  app.delete(
    '/api/admin/memberships/:id',
    { schema: { tags, summary: 'Take a role away', params: IdParamsSchema, response: { 200: AdminUserSchema } } },
    async (request) => removeMembership(request.ctx, request.params.id),
  );

  app.patch(
    '/api/admin/users/:id/status',
    { schema: { tags, summary: 'Disable or enable an account', params: IdParamsSchema, body: UserStatusBodySchema, response: { 200: AdminUserSchema } } },
    async (request) => setUserStatus(request.ctx, request.params.id, request.body),
  );
}


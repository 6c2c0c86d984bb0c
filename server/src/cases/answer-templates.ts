// Personal answer templates of a dermatologist: only the owner sees or changes them.
import type { AnswerTemplate, AnswerTemplateBody } from '../../../contracts/cases/answer.ts';
import { requireActor } from '../auth/actor.ts';
import { assertCan } from '../auth/policy.ts';
import type { Ctx } from '../context.ts';
import { notFound } from '../errors/app-error.ts';
import './actions.ts';

type Row = { id: string; name: string; content: Record<string, unknown>; created_at: Date; updated_at: Date };
const dto = (r: Row): AnswerTemplate => ({
  id: r.id,
  name: r.name,
  content: r.content as AnswerTemplate['content'],
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
const COLUMNS = ['id', 'name', 'content', 'created_at', 'updated_at'] as const;

function owner(ctx: Ctx) {
  const actor = requireActor(ctx);
  assertCan(actor, 'answer_template.manage');
  return actor.userId;
}

export async function listAnswerTemplates(ctx: Ctx): Promise<{ items: AnswerTemplate[] }> {
  const userId = owner(ctx);
  const rows = await ctx.db.selectFrom('answer_templates').select(COLUMNS).where('owner_user_id', '=', userId).orderBy('name').execute();
  return { items: rows.map(dto) };
}

export async function createAnswerTemplate(ctx: Ctx, input: AnswerTemplateBody): Promise<AnswerTemplate> {
  const userId = owner(ctx);
  const now = ctx.clock.now();
  const row = await ctx.db
    .insertInto('answer_templates')
    .values({ owner_user_id: userId, name: input.name, content: JSON.stringify(input.content), created_at: now, updated_at: now })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return dto(row);
}

export async function updateAnswerTemplate(ctx: Ctx, templateId: string, input: AnswerTemplateBody): Promise<AnswerTemplate> {
  const userId = owner(ctx);
  const row = await ctx.db
    .updateTable('answer_templates')
    .set({ name: input.name, content: JSON.stringify(input.content), updated_at: ctx.clock.now() })
    .where('id', '=', templateId)
    .where('owner_user_id', '=', userId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('template');
  return dto(row);
}

export async function deleteAnswerTemplate(ctx: Ctx, templateId: string): Promise<void> {
  const userId = owner(ctx);
  const result = await ctx.db.deleteFrom('answer_templates').where('id', '=', templateId).where('owner_user_id', '=', userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('template');
}

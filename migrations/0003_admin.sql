-- Administration and the audit trail views: the coordinator searches the
-- trail by action and date, and by the organisation an actor acted for.
create index audit_events_action_idx on audit_events (action, occurred_at);
create index audit_events_actor_org_idx on audit_events (actor_organisation_id, occurred_at);
create index memberships_user_idx on memberships (user_id);

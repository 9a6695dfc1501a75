/*
 * Initial ITSM schema.
 *
 * Timestamps are stored as ISO-8601 UTC strings of fixed width (`2026-11-23T10:00:00.000Z`):
 * they compare and sort correctly as text on SQLite, PostgreSQL and MySQL/MariaDB alike,
 * and no driver can shift them into a local timezone on the way in or out.
 */

const REF = 300; // entity refs
const ID = 36; // UUIDs
const TS = 24; // ISO timestamps

function meta(table) {
  table.integer('version').notNullable().defaultTo(1);
  table.string('created_at', TS).notNullable();
  table.string('created_by', REF).notNullable();
  table.string('updated_at', TS).notNullable();
  table.string('updated_by', REF).notNullable();
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_sequences', table => {
    table.string('name', 32).primary();
    table.integer('value').notNullable();
  });

  await knex.schema.createTable('itsm_slas', table => {
    table.string('id', ID).primary();
    table.string('name', 200).notNullable();
    table.text('description');
    table.double('availability_target').notNullable();
    table.text('calendar').notNullable();
    table.text('targets').notNullable();
    meta(table);
    table.index(['name'], 'itsm_slas_name_idx');
  });

  await knex.schema.createTable('itsm_services', table => {
    table.string('id', ID).primary();
    table.string('name', 200).notNullable();
    table.text('purpose');
    table.string('owner_ref', REF).notNullable();
    table.string('category', 32).notNullable();
    table.integer('criticality').notNullable();
    table.string('lifecycle', 16).notNullable();
    table.string('support_hours', 500);
    table.string('sla_id', ID).references('id').inTable('itsm_slas');
    table.string('contact', 500);
    table.text('escalation_path');
    table.text('maintenance_window');
    table.string('managed_by', 16).notNullable().defaultTo('manual');
    meta(table);
    table.index(['owner_ref'], 'itsm_services_owner_idx');
    table.index(['sla_id'], 'itsm_services_sla_idx');
    table.index(['name'], 'itsm_services_name_idx');
  });

  await knex.schema.createTable('itsm_service_entities', table => {
    table
      .string('service_id', ID)
      .notNullable()
      .references('id')
      .inTable('itsm_services')
      .onDelete('CASCADE');
    table.string('entity_ref', REF).notNullable();
    table.integer('position').notNullable();
    table.primary(['service_id', 'entity_ref']);
    table.index(['entity_ref'], 'itsm_service_entities_ref_idx');
  });

  await knex.schema.createTable('itsm_changes', table => {
    table.string('id', ID).primary();
    table.integer('seq').notNullable().unique();
    table.string('title', 300).notNullable();
    table.text('description');
    table.string('type', 16).notNullable();
    table.string('risk', 16);
    table.text('risk_assessment');
    table.integer('impact').notNullable();
    table.string('planned_start', TS);
    table.string('planned_end', TS);
    table.string('actual_start', TS);
    table.string('actual_end', TS);
    table.boolean('planned_outage').notNullable().defaultTo(false);
    table.text('implementation_plan');
    table.text('rollback_plan');
    table.text('test_plan');
    table.string('state', 16).notNullable();
    table.string('outcome', 16);
    table.text('review_notes');
    table.text('rejection_reason');
    table.integer('approval_round').notNullable().defaultTo(1);
    table.string('requested_by', REF).notNullable();
    table.string('deployment_id', 200).unique();
    table.text('deployment');
    table.text('conflicts');
    table.string('closed_at', TS);
    meta(table);
    table.index(['state'], 'itsm_changes_state_idx');
    table.index(['planned_start', 'planned_end'], 'itsm_changes_window_idx');
    table.index(['created_at'], 'itsm_changes_created_idx');
    table.index(['type'], 'itsm_changes_type_idx');
  });

  await knex.schema.createTable('itsm_change_entities', table => {
    table
      .string('change_id', ID)
      .notNullable()
      .references('id')
      .inTable('itsm_changes')
      .onDelete('CASCADE');
    table.string('entity_ref', REF).notNullable();
    table.integer('position').notNullable();
    table.primary(['change_id', 'entity_ref']);
    table.index(['entity_ref'], 'itsm_change_entities_ref_idx');
  });

  await knex.schema.createTable('itsm_change_approvals', table => {
    table.string('id', ID).primary();
    table
      .string('change_id', ID)
      .notNullable()
      .references('id')
      .inTable('itsm_changes')
      .onDelete('CASCADE');
    table.integer('round').notNullable();
    table.string('voter_ref', REF).notNullable();
    table.string('decision', 16).notNullable();
    table.text('comment');
    table.string('roles', 64).notNullable();
    table.string('at', TS).notNullable();
    // One vote per member and approval round; the database enforces it under concurrency.
    table.unique(['change_id', 'round', 'voter_ref'], {
      indexName: 'itsm_change_approvals_vote_uq',
    });
  });

  await knex.schema.createTable('itsm_problems', table => {
    table.string('id', ID).primary();
    table.integer('seq').notNullable().unique();
    table.string('title', 300).notNullable();
    table.text('description');
    table.text('entity_refs').notNullable();
    table.string('service_id', ID).references('id').inTable('itsm_services');
    table.string('state', 32).notNullable();
    table.text('root_cause');
    table.text('known_error');
    table.string('assignee_ref', REF);
    table.string('fix_change_id', ID).references('id').inTable('itsm_changes');
    meta(table);
    table.index(['state'], 'itsm_problems_state_idx');
    table.index(['service_id'], 'itsm_problems_service_idx');
    table.index(['created_at'], 'itsm_problems_created_idx');
  });

  await knex.schema.createTable('itsm_problem_entities', table => {
    table
      .string('problem_id', ID)
      .notNullable()
      .references('id')
      .inTable('itsm_problems')
      .onDelete('CASCADE');
    table.string('entity_ref', REF).notNullable();
    table.primary(['problem_id', 'entity_ref']);
    table.index(['entity_ref'], 'itsm_problem_entities_ref_idx');
  });

  await knex.schema.createTable('itsm_incidents', table => {
    table.string('id', ID).primary();
    table.integer('seq').notNullable().unique();
    table.string('title', 300).notNullable();
    table.text('description');
    table.string('entity_ref', REF).notNullable();
    table.string('service_id', ID).references('id').inTable('itsm_services');
    table.integer('impact').notNullable();
    table.integer('urgency').notNullable();
    table.string('priority', 2).notNullable();
    table.string('state', 16).notNullable();
    table.string('on_hold_reason', 32);
    table.string('assignee_ref', REF);
    table.string('support_level', 2).notNullable();
    table.string('source', 16).notNullable();
    table.string('opened_at', TS).notNullable();
    table.string('acknowledged_at', TS);
    table.string('resolved_at', TS);
    table.string('closed_at', TS);
    table.string('outage_start', TS);
    table.string('outage_end', TS);
    table.text('resolution_notes');
    table.text('workaround');
    table.string('problem_id', ID).references('id').inTable('itsm_problems');
    table
      .string('caused_by_change_id', ID)
      .references('id')
      .inTable('itsm_changes');
    table.string('external_key', 200).unique();
    table.boolean('escalated').notNullable().defaultTo(false);
    // Set once by the scheduled SLA check; never un-set (a breach stays a breach).
    table.string('response_warned_at', TS);
    table.string('response_breached_at', TS);
    table.string('resolution_warned_at', TS);
    table.string('resolution_breached_at', TS);
    meta(table);
    table.index(['entity_ref', 'opened_at'], 'itsm_incidents_entity_idx');
    table.index(['service_id', 'state'], 'itsm_incidents_service_idx');
    table.index(['state', 'priority'], 'itsm_incidents_state_idx');
    table.index(['priority'], 'itsm_incidents_priority_idx');
    table.index(['assignee_ref'], 'itsm_incidents_assignee_idx');
    table.index(['opened_at'], 'itsm_incidents_opened_idx');
    table.index(['problem_id'], 'itsm_incidents_problem_idx');
    table.index(['caused_by_change_id'], 'itsm_incidents_change_idx');
  });

  // The state and priority changes of each incident: what MTTA/MTTR and the SLA clocks use.
  await knex.schema.createTable('itsm_incident_timeline', table => {
    table.increments('id');
    table
      .string('incident_id', ID)
      .notNullable()
      .references('id')
      .inTable('itsm_incidents')
      .onDelete('CASCADE');
    table.string('at', TS).notNullable();
    table.string('kind', 16).notNullable(); // 'state' | 'priority'
    table.string('from_value', 32);
    table.string('to_value', 32).notNullable();
    table.index(['incident_id', 'at'], 'itsm_incident_timeline_idx');
  });

  await knex.schema.createTable('itsm_history', table => {
    table.increments('seq');
    table.string('id', ID).notNullable().unique();
    table.string('record_type', 16).notNullable();
    table.string('record_id', ID).notNullable();
    table.string('at', TS).notNullable();
    table.string('actor', REF).notNullable();
    table.string('action', 32).notNullable();
    table.text('changes').notNullable();
    table.text('comment');
    table.index(['record_type', 'record_id', 'seq'], 'itsm_history_record_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_history');
  await knex.schema.dropTable('itsm_incident_timeline');
  await knex.schema.dropTable('itsm_incidents');
  await knex.schema.dropTable('itsm_problem_entities');
  await knex.schema.dropTable('itsm_problems');
  await knex.schema.dropTable('itsm_change_approvals');
  await knex.schema.dropTable('itsm_change_entities');
  await knex.schema.dropTable('itsm_changes');
  await knex.schema.dropTable('itsm_service_entities');
  await knex.schema.dropTable('itsm_services');
  await knex.schema.dropTable('itsm_slas');
  await knex.schema.dropTable('itsm_sequences');
};
